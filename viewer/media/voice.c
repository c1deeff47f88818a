/*
 * voice.c - espeak-ng in a worker thread (see voice.h).
 */
#include "config.h"
#include "voice.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_ESPEAK_NG
#include <espeak-ng/speak_lib.h>
#endif

#include "log.h"

/* Is the code point kana, kanji or half-width katakana? */
static bool
japanese(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 &&
	    cp <= 0x9fff) || (cp >= 0xff66 && cp <= 0xff9f);
}

const char *
voice_language_of(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;

	while (i < len) {
		if (p[i] >= 0xe0 && p[i] < 0xf0 && i + 2 < len) {
			uint32_t cp = (uint32_t)(p[i] & 0x0f) << 12 |
			    (uint32_t)(p[i + 1] & 0x3f) << 6 |
			    (p[i + 2] & 0x3f);

			if (japanese(cp))
				return "ja";
			i += 3;
		} else
			i++;
	}
	return "en";
}

#ifdef HAVE_ESPEAK_NG

struct utterance {
	char		*text;
	uint8_t		*wav;		/* RIFF header + samples */
	size_t		 len, cap;
	bool		 too_long;
};

/* A text waiting, and how to say it. */
struct text {
	char		*s;
	struct voice_params p;
};

struct voice {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	pthread_cond_t	 done;		/* an utterance finished */
	atomic_bool	 quit;
	char		*name, *language;
	/* Texts to speak, and speech to play: small FIFOs. */
	struct text	 in[VOICE_QUEUE];
	int		 in_head, in_n;
	struct utterance out[VOICE_QUEUE];
	int		 out_head, out_n;
	bool		 working;
	uint64_t	 failed;
	int		 rate;
	struct utterance *cur;		/* the worker's, for the callback */
};

/* The voice of the callback: espeak-ng has one caller, the worker. */
static struct voice *worker_voice;
/*
 * espeak-ng is initialised once a process and never terminated: 1.51 hangs
 * in espeak_Terminate() after a second espeak_Initialize().  0: not yet.
 */
static int espeak_rate;

static void
put_le(uint8_t *p, uint32_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int
on_samples(short *wav, int n, espeak_EVENT *ev)
{
	struct voice *v = worker_voice;
	struct utterance *u = v->cur;
	size_t need, max;

	(void)ev;
	if (v->quit)
		return 1;		/* stop synthesising */
	if (wav == NULL || n <= 0)
		return 0;
	max = 44 + (size_t)v->rate * 2 * VOICE_SECONDS_MAX;
	need = u->len + (size_t)n * 2;
	if (need > max) {
		u->too_long = true;
		return 1;
	}
	if (need > u->cap) {
		while (need > u->cap)
			u->cap *= 2;
		u->wav = xreallocarray(u->wav, u->cap, 1);
	}
	memcpy(u->wav + u->len, wav, (size_t)n * 2);
	u->len = need;
	return 0;
}

/* A text's settings, or espeak-ng's defaults where it has none. */
static void
set_params(const struct voice_params *p)
{
	static const espeak_PARAMETER which[4] = {
		espeakRATE, espeakVOLUME, espeakPITCH, espeakRANGE
	};
	int want[4], i;

	want[0] = p->rate_wpm;
	want[1] = p->volume;
	want[2] = p->pitch;
	want[3] = p->range;
	for (i = 0; i < 4; i++)
		(void)espeak_SetParameter(which[i], want[i] >= 0 ? want[i] :
		    espeak_GetParameter(which[i], 0), 0);
}

static bool
set_voice(struct voice *v, const char *text, const char **last)
{
	espeak_VOICE want;
	const char *lang;

	if (v->name != NULL)
		return true;		/* chosen once, at start */
	lang = v->language != NULL ? v->language :
	    voice_language_of(text, strlen(text));
	if (*last != NULL && strcmp(*last, lang) == 0)
		return true;
	memset(&want, 0, sizeof(want));
	want.languages = lang;
	if (espeak_SetVoiceByProperties(&want) != EE_OK) {
		log_warn("voice: no espeak-ng voice for language \"%s\"", lang);
		return false;
	}
	*last = lang;
	return true;
}

static void *
worker(void *arg)
{
	struct voice *v = arg;
	struct utterance u;
	struct voice_params params;
	const char *last = NULL;
	char *text;
	bool ok;

	worker_voice = v;
	if (espeak_rate == 0) {
		espeak_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200,
		    NULL, espeakINITIALIZE_DONT_EXIT);
		if (espeak_rate <= 0) {
			espeak_rate = -1;
			log_warn("voice: espeak-ng did not start (its data "
			    "missing? install espeak-ng-data)");
		} else
			espeak_SetSynthCallback(on_samples);
	}
	v->rate = espeak_rate;
	if (v->rate > 0 && v->name != NULL &&
	    espeak_SetVoiceByName(v->name) != EE_OK)
		log_warn("voice: no espeak-ng voice \"%s\"", v->name);
	pthread_mutex_lock(&v->lock);
	for (;;) {
		while (!v->quit && (v->in_n == 0 || v->out_n == VOICE_QUEUE))
			pthread_cond_wait(&v->cond, &v->lock);
		if (v->quit)
			break;
		text = v->in[v->in_head].s;
		params = v->in[v->in_head].p;
		v->in_head = (v->in_head + 1) % VOICE_QUEUE;
		v->in_n--;
		v->working = true;
		pthread_mutex_unlock(&v->lock);

		memset(&u, 0, sizeof(u));
		u.cap = 44 + 65536;
		u.wav = xmalloc(u.cap);
		u.len = 44;
		v->cur = &u;
		ok = v->rate > 0 && set_voice(v, text, &last);
		if (ok)
			set_params(&params);
		ok = ok && espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
		    espeakCHARS_UTF8, NULL, NULL) == EE_OK;
		v->cur = NULL;
		free(text);
		if (ok && u.len > 44) {
			/* A RIFF WAVE header: PCM, mono, 16 bits. */
			memcpy(u.wav, "RIFF", 4);
			put_le(u.wav + 4, (uint32_t)(u.len - 8), 4);
			memcpy(u.wav + 8, "WAVEfmt ", 8);
			put_le(u.wav + 16, 16, 4);
			put_le(u.wav + 20, 1, 2);
			put_le(u.wav + 22, 1, 2);
			put_le(u.wav + 24, (uint32_t)v->rate, 4);
			put_le(u.wav + 28, (uint32_t)v->rate * 2, 4);
			put_le(u.wav + 32, 2, 2);
			put_le(u.wav + 34, 16, 2);
			memcpy(u.wav + 36, "data", 4);
			put_le(u.wav + 40, (uint32_t)(u.len - 44), 4);
		} else {
			free(u.wav);
			u.wav = NULL;
		}

		pthread_mutex_lock(&v->lock);
		v->working = false;
		if (u.wav != NULL) {
			v->out[(v->out_head + v->out_n) % VOICE_QUEUE] = u;
			v->out_n++;
		} else
			v->failed++;
		pthread_cond_broadcast(&v->done);
	}
	pthread_mutex_unlock(&v->lock);
	return NULL;
}

struct voice *
voice_new(const char *name, const char *language, char *err, size_t errlen)
{
	struct voice *v;

	if (worker_voice != NULL) {
		snprintf(err, errlen, "one voice at a time");
		return NULL;
	}
	v = xcalloc(1, sizeof(*v));
	v->name = name != NULL ? xstrdup(name) : NULL;
	v->language = language != NULL ? xstrdup(language) : NULL;
	pthread_mutex_init(&v->lock, NULL);
	pthread_cond_init(&v->cond, NULL);
	pthread_cond_init(&v->done, NULL);
	if (pthread_create(&v->thread, NULL, worker, v) != 0) {
		snprintf(err, errlen, "cannot start the voice thread");
		pthread_cond_destroy(&v->done);
		pthread_cond_destroy(&v->cond);
		pthread_mutex_destroy(&v->lock);
		free(v->name);
		free(v->language);
		free(v);
		return NULL;
	}
	return v;
}

void
voice_free(struct voice *v)
{
	int i;

	if (v == NULL)
		return;
	pthread_mutex_lock(&v->lock);
	v->quit = true;
	pthread_cond_signal(&v->cond);
	pthread_mutex_unlock(&v->lock);
	pthread_join(v->thread, NULL);
	for (i = 0; i < v->in_n; i++)
		free(v->in[(v->in_head + i) % VOICE_QUEUE].s);
	for (i = 0; i < v->out_n; i++)
		free(v->out[(v->out_head + i) % VOICE_QUEUE].wav);
	pthread_cond_destroy(&v->done);
	pthread_cond_destroy(&v->cond);
	pthread_mutex_destroy(&v->lock);
	free(v->name);
	free(v->language);
	free(v);
	worker_voice = NULL;
}

int
voice_say(struct voice *v, const char *text, size_t len)
{
	return voice_say_params(v, text, len, NULL);
}

int
voice_say_params(struct voice *v, const char *text, size_t len,
    const struct voice_params *p)
{
	static const struct voice_params defaults = { -1, -1, -1, -1 };
	char *t;
	size_t i, n = 0;

	if (len > VOICE_TEXT_MAX) {
		len = VOICE_TEXT_MAX;
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	t = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		/* Control characters as blanks: plain text, no markup. */
		t[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	t[n] = '\0';
	pthread_mutex_lock(&v->lock);
	if (v->in_n == VOICE_QUEUE) {
		pthread_mutex_unlock(&v->lock);
		free(t);
		return -1;
	}
	v->in[(v->in_head + v->in_n) % VOICE_QUEUE].s = t;
	v->in[(v->in_head + v->in_n) % VOICE_QUEUE].p = p != NULL ? *p :
	    defaults;
	v->in_n++;
	pthread_cond_signal(&v->cond);
	pthread_mutex_unlock(&v->lock);
	return 0;
}

uint8_t *
voice_take(struct voice *v, size_t *len)
{
	uint8_t *wav = NULL;

	pthread_mutex_lock(&v->lock);
	if (v->out_n > 0) {
		wav = v->out[v->out_head].wav;
		*len = v->out[v->out_head].len;
		v->out_head = (v->out_head + 1) % VOICE_QUEUE;
		v->out_n--;
		pthread_cond_signal(&v->cond);
	}
	pthread_mutex_unlock(&v->lock);
	return wav;
}

bool
voice_busy(struct voice *v)
{
	bool busy;

	pthread_mutex_lock(&v->lock);
	busy = v->in_n > 0 || v->working || v->out_n > 0;
	pthread_mutex_unlock(&v->lock);
	return busy;
}

void
voice_wait(struct voice *v)
{
	pthread_mutex_lock(&v->lock);
	while (v->working || (v->in_n > 0 && v->out_n < VOICE_QUEUE))
		pthread_cond_wait(&v->done, &v->lock);
	pthread_mutex_unlock(&v->lock);
}

uint64_t
voice_failed(struct voice *v)
{
	uint64_t n;

	pthread_mutex_lock(&v->lock);
	n = v->failed;
	pthread_mutex_unlock(&v->lock);
	return n;
}

#else /* !HAVE_ESPEAK_NG */

struct voice {
	int		 unused;
};

struct voice *
voice_new(const char *name, const char *language, char *err, size_t errlen)
{
	(void)name;
	(void)language;
	snprintf(err, errlen, "built without libespeak-ng");
	return NULL;
}

void
voice_free(struct voice *v)
{
	(void)v;
}

int
voice_say(struct voice *v, const char *text, size_t len)
{
	(void)v;
	(void)text;
	(void)len;
	return -1;
}

int
voice_say_params(struct voice *v, const char *text, size_t len,
    const struct voice_params *p)
{
	(void)p;
	return voice_say(v, text, len);
}

uint8_t *
voice_take(struct voice *v, size_t *len)
{
	(void)v;
	*len = 0;
	return NULL;
}

bool
voice_busy(struct voice *v)
{
	(void)v;
	return false;
}

void
voice_wait(struct voice *v)
{
	(void)v;
}

uint64_t
voice_failed(struct voice *v)
{
	(void)v;
	return 0;
}

#endif /* HAVE_ESPEAK_NG */
