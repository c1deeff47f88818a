/*
 * control.h - the viewer's control messages: from the network to the panel,
 * the sky dome, the sounds and the voice, within a budget.
 *
 * Receiving a message (control_datagram, called by net.c's hook) only
 * judges and copies it, behind per-kind rate limits: pictures (MSG, HTML,
 * sky dome), sounds (SOUND, SE) and voice each have a token bucket, and what
 * exceeds it is counted and dropped.  The panel, the sky dome and the sound
 * keep only the latest message waiting (the older one is counted as
 * replaced); effects wait in a short queue; texts go to the voice's queue.
 * Each frame (control_frame) applies what waits, decoding at most one
 * picture and one sound a frame; decoded pictures and sounds are cached by
 * name.  So a flood of control messages costs a frame a bounded time.
 *
 * What is due when (the buckets, the waiting messages, the frame's budget)
 * is the core's schedule.c, pure and unit-tested; the caches are each a
 * core/cache.c.  This file is the edge that applies it to media, GL and
 * SDL_mixer.  Files are read only through media.c.
 *
 * Every message ends counted once as handled: shown, played, stopped,
 * refused, failed, replaced or dropped; --exit-after-messages waits for
 * that count.
 */
#ifndef PACKTER_VIEWER_CONTROL_H
#define PACKTER_VIEWER_CONTROL_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gateway.h"
#include "model.h"
#include "protocol.h"
#include "skydome.h"

struct control_opts {
	const char	*media_dir;
	int64_t		 message_ns;		/* panel time, 10 s */
	int		 max_effects;		/* 10 */
	const char	*voice;
	const char	*voice_language;
	bool		 no_audio;
	bool		 mute;
	uint64_t	 exit_messages;		/* 0: never */
	bool		 report;		/* a line per message handled */
	enum gateway_board gateway_board;	/* --gateway-board, auto */
};

/* Long options, numbered apart from main.c's. */
enum {
	CO_MEDIA = 0x200, CO_MESSAGE_SECONDS, CO_MAX_EFFECTS, CO_VOICE,
	CO_VOICE_LANGUAGE, CO_NO_AUDIO, CO_MUTE, CO_EXIT_MESSAGES, CO_REPORT,
	CO_GATEWAY_BOARD
};

#define CONTROL_LONG_OPTIONS						\
	{ "media", required_argument, NULL, CO_MEDIA },			\
	{ "message-seconds", required_argument, NULL, CO_MESSAGE_SECONDS }, \
	{ "max-effects", required_argument, NULL, CO_MAX_EFFECTS },	\
	{ "voice", required_argument, NULL, CO_VOICE },			\
	{ "voice-language", required_argument, NULL, CO_VOICE_LANGUAGE }, \
	{ "no-audio", no_argument, NULL, CO_NO_AUDIO },			\
	{ "mute", no_argument, NULL, CO_MUTE },				\
	{ "exit-after-messages", required_argument, NULL, CO_EXIT_MESSAGES }, \
	{ "report-messages", no_argument, NULL, CO_REPORT },		\
	{ "gateway-board", required_argument, NULL, CO_GATEWAY_BOARD }

#define CONTROL_USAGE							\
"           [--media DIR] [--message-seconds S] [--max-effects N]\n"	\
"           [--voice NAME | --voice-language LANG] [--mute] [--no-audio]\n" \
"           [--exit-after-messages N] [--report-messages]\n"		\
"           [--gateway-board on|off|auto]\n"

void		 control_opts_init(struct control_opts *);
/* One of our options: true when taken; a bad value is fatal (status 2). */
bool		 control_option(struct control_opts *, int opt,
		    const char *arg);

struct control;

/*
 * After the GL context exists.  font: the panel's (NULL: no panel);
 * history_cap: for the models' index; report: where --report-messages
 * writes.
 */
struct control	*control_new(const struct control_opts *,
		    const char *shader_dir, const char *font, int font_px,
		    size_t history_cap, FILE *report);
void		 control_free(struct control *);

/* A control datagram, the parser after its keyword line (net.c's hook). */
void		 control_datagram(struct control *, struct pt_parser *,
		    int64_t now);
/*
 * The same, with note (HTML, or NULL) put before the text of a PACKTERMSG
 * or PACKTERHTML: the traceback verdict's packet, named by the viewer.
 */
void		 control_datagram_note(struct control *, struct pt_parser *,
		    int64_t now, const char *note);

/* Apply what waits, within the frame's budget. */
void		 control_frame(struct control *, int64_t now);

/* Keys: M, Space, and volume steps (F9/F10, [ ]). */
void		 control_keys(struct control *, bool mute, bool panel,
		    int volume_steps, int64_t now);

/* The panel over the frame. */
void		 control_draw(struct control *, int w, int h, int64_t now);
/* Muted, and the volume in steps (AUDIO_VOLUME_STEPS: full); false: none. */
bool		 control_audio(const struct control *, bool *muted,
		    int *volume);

struct skydome	*control_skydome(struct control *);
struct models	*control_models(struct control *);

/*
 * --exit-after-messages: that many messages handled, nothing waiting and
 * every sound and the voice finished (a fifth of a second ago).
 */
bool		 control_done(struct control *, int64_t now);

/* Counters and state for --stats and SIGUSR1 (message:, panel: ...). */
void		 control_print(struct control *, FILE *);

#endif /* PACKTER_VIEWER_CONTROL_H */
