/*
 * voice.h - PACKTERVOICE: text to speech with libespeak-ng, off the frame
 * thread.
 *
 * voice_say() queues a text (a few at most; more are refused) and returns;
 * a worker thread owns espeak-ng (which is not thread-safe), synthesises
 * each text into memory and queues the samples, which the frame loop takes
 * with voice_take() and plays through SDL_mixer, so the voice goes wherever
 * the rest of the sound goes (SDL's disk driver included).
 *
 * The voice: --voice NAME (an espeak-ng voice, e.g. "en-us", "ja"), else
 * --voice-language LANG, else Japanese for a text holding kana or kanji and
 * English otherwise.
 *
 * A text may come with settings of its own (struct voice_params: a
 * SofTalk line's speed, volume and voice, core/softalk.h); each setting left
 * at -1, and every text without them, gets espeak-ng's default.
 *
 * Built without libespeak-ng (HAVE_ESPEAK_NG), voice_new() says so and the
 * viewer counts voice messages as unavailable.
 */
#ifndef PACKTER_VIEWER_VOICE_H
#define PACKTER_VIEWER_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VOICE_QUEUE		4	/* texts waiting */
#define VOICE_TEXT_MAX		1000	/* bytes spoken of a text */
#define VOICE_SECONDS_MAX	60	/* of speech per text */

struct voice;

/* espeak-ng's settings for one text; -1: its default. */
struct voice_params {
	int		 rate_wpm;	/* words a minute, 80..450 */
	int		 volume;	/* 0..200, 100 normal */
	int		 pitch;		/* 0..100 */
	int		 range;		/* pitch range, 0..100 */
};

struct voice	*voice_new(const char *name, const char *language, char *err,
		    size_t errlen);
void		 voice_free(struct voice *);

/* Queue a text; -1 when the queue is full. */
int		 voice_say(struct voice *, const char *text, size_t len);
/* The same with settings (NULL: the defaults). */
int		 voice_say_params(struct voice *, const char *text, size_t len,
		    const struct voice_params *);

/*
 * A finished utterance as a WAV file in memory (mono, 16 bits), or NULL;
 * the caller frees it.
 */
uint8_t		*voice_take(struct voice *, size_t *len);

/* Texts queued or being synthesised. */
bool		 voice_busy(struct voice *);
/*
 * Block until the worker has synthesised every text it can (the queue empty,
 * or the finished ones filling their queue): for tests.
 */
void		 voice_wait(struct voice *);

/* Texts espeak-ng could not speak. */
uint64_t	 voice_failed(struct voice *);

/* The language chosen for a text ("ja" or "en") without a configured voice. */
const char	*voice_language_of(const char *text, size_t len);

#endif /* PACKTER_VIEWER_VOICE_H */
