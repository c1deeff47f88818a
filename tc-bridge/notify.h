/*
 * notify.h - what the bridge tells the viewer at each state of a trace:
 * started, accepted, found, not found, error.
 *
 * For each state the configuration (built-in defaults, or -c FILE) names a
 * picture and an HTML text (PACKTERMSG), a sound and its duration
 * (PACKTERSOUND), a text to speak (PACKTERVOICE) and a sky-dome texture
 * (PACKTERSKYDOMETEXTURE).  Texts are templates with placeholders:
 *
 *   {src} {dst} {sport} {dport} {flag}   the packet, as the viewer sent it
 *   {hash}                               its SPIE digest
 *   {seq}                                the request's sequence number
 *   {state}                              "started", "found" ...
 *   {path}                               the AS path, one hop per line
 *   {hops}                               the number of ASes in the reply
 *   {reason}                             why not found / why an error
 *
 * The file format (docs/packter-tc.1):
 *
 *   # comment
 *   [found]
 *   picture  = tc-found.png
 *   text     = <h2>Trace found</h2><p>AS path:<br>{path}</p>
 *   sound    = success.wav
 *   duration = 5000
 *   voice    = Trace found.
 *   skydome  = sky-alarm.png
 *
 * An empty value sends nothing of that kind for that state.  Values that
 * come from the network are HTML-escaped (text) or reduced to plain words
 * (voice) before they are put into a message.
 */
#ifndef PACKTER_TC_NOTIFY_H
#define PACKTER_TC_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "itm.h"

enum tc_state {
	TC_STARTED = 0,
	TC_ACCEPTED,
	TC_FOUND,
	TC_NOTFOUND,
	TC_ERROR,
	TC_STATES
};

struct tc_look {
	char		*picture;
	char		*text;
	char		*sound;
	int64_t		 duration_ms;
	char		*voice;
	char		*skydome;
};

struct tc_config {
	struct tc_look	 st[TC_STATES];
};

#define NOTIFY_MAX_DATAGRAM	8192
#define NOTIFY_MAX_OUT		4

/* The datagrams for one event: MSG, SOUND, VOICE, SKYDOME as asked. */
struct notify_out {
	int		 n;
	size_t		 len[NOTIFY_MAX_OUT];
	char		 buf[NOTIFY_MAX_OUT][NOTIFY_MAX_DATAGRAM];
};

struct tc_event {
	enum tc_state		 state;
	const struct tc_input	*in;
	struct itm_seq		 seq;
	const struct itm_reply	*reply;		/* ClientTraceReply, or NULL */
	const char		*reason;	/* NULL: the reply's, if any */
};

void	 notify_defaults(struct tc_config *);
/* Load FILE over the defaults; -1 and "FILE:LINE: why" in err. */
int	 notify_load(struct tc_config *, const char *path, char *err,
	    size_t errlen);
void	 notify_free(struct tc_config *);

const char *tc_state_name(enum tc_state);

/*
 * Render the datagrams of an event: PACKTERMSG when messages is set,
 * PACKTERSOUND, PACKTERVOICE and PACKTERSKYDOMETEXTURE when sounds is set
 * (each only if the configuration names something).  Returns the number of
 * datagrams; one that cannot be encoded is left out and counted in
 * *dropped.
 */
int	 notify_render(const struct tc_config *, const struct tc_event *,
	    int messages, int sounds, struct notify_out *, unsigned *dropped);

#endif /* PACKTER_TC_NOTIFY_H */
