/*
 * control.c - control messages to panel, sky dome, sound and voice (see
 * control.h).
 */
#include "config.h"
#include "control.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "counters.h"
#include "stats.h"
#include "image.h"
#include "log.h"
#include "media.h"
#include "panel.h"
#include "voice.h"

#define SEC		1000000000LL
#define MS		1000000LL
#define PIC_CACHE	8
#define PIC_CACHE_BYTES	(128 * 1024 * 1024)
#define SND_CACHE	16
#define SND_CACHE_BYTES	(256 * 1024 * 1024)
#define MUS_CACHE	4
#define EFFECT_FILE_MAX	(4 * 1024 * 1024)	/* WAV, decoded whole */
#define EFFECT_QUEUE	16
#define IDLE_BEFORE_DONE (200 * MS)
#define MAX_EFFECTS_MAX	64

enum control_counter {
	C_SHOWN,
	C_PICTURE_FAILED,
	C_SKY_SET,
	C_SKY_REMOVED,
	C_SOUND_PLAYED,
	C_SOUND_STOPPED,
	C_SOUND_FAILED,
	C_SOUND_REFUSED,
	C_SOUND_TOO_LARGE,
	C_EFFECTS,
	C_EFFECTS_BUSY,
	C_EFFECTS_QUEUE,
	C_VOICE_SPOKEN,
	C_VOICE_DROPPED,
	C_VOICE_FAILED,
	C_NO_AUDIO,
	C_NO_VOICE,
	C_RATE_LIMITED,
	C_REPLACED,
	C_REFUSED,
	C_UNSUPPORTED,
	C_BAD,
	C_HANDLED,
	C_COUNTERS
};

static const char *const control_names[C_COUNTERS] = {
	[C_SHOWN] = "messages shown",
	[C_PICTURE_FAILED] = "pictures not loaded",
	[C_SKY_SET] = "sky domes set",
	[C_SKY_REMOVED] = "sky domes removed",
	[C_SOUND_PLAYED] = "sounds played",
	[C_SOUND_STOPPED] = "sounds stopped",
	[C_SOUND_FAILED] = "sounds not loaded",
	[C_SOUND_REFUSED] = "sounds refused by their header",
	[C_SOUND_TOO_LARGE] = "sounds over the decode bound",
	[C_EFFECTS] = "effects played",
	[C_EFFECTS_BUSY] = "effects over the cap",
	[C_EFFECTS_QUEUE] = "effects dropped (queue full)",
	[C_VOICE_SPOKEN] = "voice texts spoken",
	[C_VOICE_DROPPED] = "voice texts dropped (queue full)",
	[C_VOICE_FAILED] = "voice texts not synthesised",
	[C_NO_AUDIO] = "sounds without an audio device",
	[C_NO_VOICE] = "voice texts without a synthesiser",
	[C_RATE_LIMITED] = "rate limited",
	[C_REPLACED] = "replaced before applied",
	[C_REFUSED] = "refused names",
	[C_UNSUPPORTED] = "unsupported kinds",
	[C_BAD] = "bad control messages",
	[C_HANDLED] = "control messages handled",
};

/* Per kind of work: pictures, sounds, voice. */
struct bucket {
	double		 tokens, rate, burst;
	int64_t		 last;
};

enum { B_PICTURE, B_SOUND, B_VOICE, B_KINDS };

static const struct {
	double		 rate, burst;
} bucket_limits[B_KINDS] = {
	[B_PICTURE] = { 20, 20 },
	[B_SOUND] = { 50, 50 },
	[B_VOICE] = { 5, 8 },
};

struct pic_entry {
	char		*name;
	SDL_Surface	*s;
	uint64_t	 used;
};

struct snd_entry {
	char		*name;
	Mix_Chunk	*c;
	uint64_t	 used;
};

/* A sound of PACKTERSOUND: the file, decoded as it plays. */
struct mus_entry {
	char		*name;
	Mix_Music	*m;
	void		*buf;
	uint64_t	 used;
};

/*
 * The sound the loader thread is decoding (one at a time), and the last one
 * it could not: the effect or sound waiting for it takes the reason.
 */
struct loading {
	bool		 set;
	bool		 voice;		/* the voice's utterance, no name */
	enum audio_job	 kind;
	uint64_t	 tag;
	char		*name;
	size_t		 len;
	bool		 held;		/* loaded, waiting for a cache slot */
	struct audio_loaded r;
};

struct load_failure {
	enum audio_job	 kind;
	char		*name;		/* NULL: none */
	size_t		 len;
	char		 err[256];
};

/* One message waiting: its kind, a file name and text (heap copies). */
struct waiting {
	bool		 set;
	enum pt_kind	 kind;
	char		*file;
	size_t		 file_len;
	char		*text;
	size_t		 text_len;
	int64_t		 duration_ms;
};

struct control {
	struct control_opts o;
	FILE		*report;
	struct media	 media;
	bool		 have_media;
	struct panel	*panel;
	struct skydome	*sky;
	char		*sky_name;
	struct models	*models;
	struct audio	*audio;		/* opened with the first sound */
	bool		 audio_tried;
	bool		 muted;
	int		 volume;	/* steps */
	struct voice	*voice;
	Mix_Chunk	*voice_chunk;
	struct bucket	 b[B_KINDS];
	struct waiting	 msg, sky_w, sound;
	struct waiting	 fx[EFFECT_QUEUE];
	int		 fx_head, fx_n;
	struct pic_entry pics[PIC_CACHE];
	struct snd_entry snds[SND_CACHE];
	struct mus_entry muss[MUS_CACHE];
	struct loading	 load;
	struct load_failure failed;
	uint64_t	 load_tag;
	uint64_t	 tick;		/* for the caches' LRU */
	int		 pic_budget, snd_budget;
	int64_t		 idle_since;	/* for control_done, -1 busy */
	uint64_t	 voice_failed_seen;
	uint64_t	 c[C_COUNTERS];
};

/* --- options ------------------------------------------------------------ */

void
control_opts_init(struct control_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->message_ns = 10 * SEC;
	o->max_effects = 10;
}

static long long
num(const char *s, long long min, long long max, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		fatal(2, "%s: \"%s\" is not a number from %lld to %lld", what,
		    s, min, max);
	return v;
}

bool
control_option(struct control_opts *o, int opt, const char *arg)
{
	char *end;
	double d;

	switch (opt) {
	case CO_MEDIA:
		o->media_dir = arg;
		return true;
	case CO_MESSAGE_SECONDS:
		errno = 0;
		d = strtod(arg, &end);
		if (errno != 0 || end == arg || *end != '\0' || !(d >= 0) ||
		    d > 86400 * 365)
			fatal(2, "--message-seconds: \"%s\" is not a number of "
			    "seconds", arg);
		o->message_ns = (int64_t)(d * 1e9);
		return true;
	case CO_MAX_EFFECTS:
		o->max_effects = (int)num(arg, 0, MAX_EFFECTS_MAX,
		    "--max-effects");
		return true;
	case CO_VOICE:
		o->voice = arg;
		return true;
	case CO_VOICE_LANGUAGE:
		o->voice_language = arg;
		return true;
	case CO_NO_AUDIO:
		o->no_audio = true;
		return true;
	case CO_MUTE:
		o->mute = true;
		return true;
	case CO_EXIT_MESSAGES:
		o->exit_messages = (uint64_t)num(arg, 1, 1LL << 40,
		    "--exit-after-messages");
		return true;
	case CO_REPORT:
		o->report = true;
		return true;
	default:
		return false;
	}
}

/* --- the object ----------------------------------------------------------- */

struct control *
control_new(const struct control_opts *o, const char *shader_dir,
    const char *font, int font_px, size_t history_cap, FILE *report)
{
	struct control *c;
	char err[1024];
	const char *dir;
	int i;

	c = xcalloc(1, sizeof(*c));
	c->o = *o;
	c->report = report;
	c->idle_since = -1;
	for (i = 0; i < B_KINDS; i++) {
		c->b[i].rate = bucket_limits[i].rate;
		c->b[i].burst = c->b[i].tokens = bucket_limits[i].burst;
	}
	dir = media_default_dir(o->media_dir);
	if (media_open(&c->media, dir, err, sizeof(err)) == -1)
		log_warn("%s: pictures, sounds and models are off (give "
		    "--media DIR)", err);
	else {
		c->have_media = true;
		log_debug("media: %s", dir);
	}
	if (font != NULL && (c->panel = panel_new(font, font_px, shader_dir,
	    o->message_ns, err, sizeof(err))) == NULL)
		log_warn("no message panel: %s", err);
	if ((c->sky = skydome_new(shader_dir, err, sizeof(err))) == NULL)
		log_warn("no sky dome: %s", err);
	if ((c->models = models_new(shader_dir, history_cap, err,
	    sizeof(err))) == NULL)
		log_warn("no models: %s", err);
	else if (c->have_media)
		(void)models_load(c->models, &c->media);
	c->muted = o->mute;
	c->volume = AUDIO_VOLUME_STEPS;
	if ((c->voice = voice_new(o->voice, o->voice_language, err,
	    sizeof(err))) == NULL)
		log_info("no voice: %s", err);
	return c;
}

static void
clear(struct waiting *w)
{
	free(w->file);
	free(w->text);
	memset(w, 0, sizeof(*w));
}

void
control_free(struct control *c)
{
	int i;

	if (c == NULL)
		return;
	voice_free(c->voice);
	audio_sound(c->audio, NULL, 0, 0);
	audio_voice(c->audio, NULL);
	if (c->load.r.chunk != NULL)
		Mix_FreeChunk(c->load.r.chunk);
	if (c->load.r.music != NULL)
		Mix_FreeMusic(c->load.r.music);
	free(c->load.r.buf);
	free(c->load.name);
	free(c->failed.name);
	for (i = 0; i < MUS_CACHE; i++) {
		if (c->muss[i].m != NULL)
			Mix_FreeMusic(c->muss[i].m);
		free(c->muss[i].buf);
		free(c->muss[i].name);
	}
	for (i = 0; i < SND_CACHE; i++) {
		if (c->snds[i].c != NULL)
			Mix_FreeChunk(c->snds[i].c);
		free(c->snds[i].name);
	}
	if (c->voice_chunk != NULL)
		Mix_FreeChunk(c->voice_chunk);
	audio_free(c->audio);
	for (i = 0; i < PIC_CACHE; i++) {
		SDL_FreeSurface(c->pics[i].s);
		free(c->pics[i].name);
	}
	clear(&c->msg);
	clear(&c->sky_w);
	clear(&c->sound);
	for (i = 0; i < c->fx_n; i++)
		clear(&c->fx[(c->fx_head + i) % EFFECT_QUEUE]);
	free(c->sky_name);
	panel_free(c->panel);
	skydome_free(c->sky);
	models_free(c->models);
	media_close(&c->media);
	free(c);
}

struct skydome *
control_skydome(struct control *c)
{
	return c != NULL ? c->sky : NULL;
}

struct models *
control_models(struct control *c)
{
	return c != NULL ? c->models : NULL;
}

/* A line for --report-messages, the message counted as handled. */
static void __attribute__((format(printf, 3, 4)))
handled(struct control *c, enum pt_kind kind, const char *fmt, ...)
{
	va_list ap;

	c->c[C_HANDLED]++;
	if (!c->o.report || c->report == NULL)
		return;
	fprintf(c->report, "control: %s ", pt_kind_name(kind));
	va_start(ap, fmt);
	vfprintf(c->report, fmt, ap);
	va_end(ap);
	fputc('\n', c->report);
	fflush(c->report);
}

/*
 * The audio device, opened with the first message that needs it: a viewer
 * that is never sent a sound never holds the device (nor fills its log with
 * the complaints of a machine without one).
 */
static void
open_audio(struct control *c)
{
	char err[1024];

	if (c->audio_tried || c->o.no_audio)
		return;
	c->audio_tried = true;
	if ((c->audio = audio_new(c->o.max_effects, c->muted, err,
	    sizeof(err))) == NULL) {
		log_warn("no sound: %s", err);
		return;
	}
	audio_volume_step(c->audio, c->volume - AUDIO_VOLUME_STEPS);
}

/* --- receiving ------------------------------------------------------ */

static bool
take_token(struct bucket *b, int64_t now)
{
	if (b->last != 0 && now > b->last) {
		b->tokens += b->rate * (double)(now - b->last) / 1e9;
		if (b->tokens > b->burst)
			b->tokens = b->burst;
	}
	b->last = now;
	if (b->tokens < 1.0)
		return false;
	b->tokens -= 1.0;
	return true;
}

static char *
copy(const struct pt_str *s)
{
	char *p = xmalloc(s->len + 1);

	memcpy(p, s->p, s->len);
	p[s->len] = '\0';
	return p;
}

/* Keep the latest of a kind waiting; the one it replaces is counted. */
static void
wait_latest(struct control *c, struct waiting *w, const struct pt_control *m)
{
	if (w->set) {
		c->c[C_REPLACED]++;
		handled(c, w->kind, "replaced");
	}
	clear(w);
	w->set = true;
	w->kind = m->kind;
	w->file = copy(&m->file);
	w->file_len = m->file.len;
	w->text = copy(&m->text);
	w->text_len = m->text.len;
	w->duration_ms = m->duration_ms;
}

void
control_datagram(struct control *c, struct pt_parser *ps, int64_t now)
{
	struct pt_control m;
	char err[PT_ERRBUF_SIZE];
	int bucket;

	if (c == NULL)
		return;
	switch (ps->kind) {
	case PT_MSG:
	case PT_HTML:
	case PT_SKYDOME:
		bucket = B_PICTURE;
		break;
	case PT_SOUND:
	case PT_SE:
		bucket = B_SOUND;
		break;
	case PT_VOICE:
		bucket = B_VOICE;
		break;
	default:
		c->c[C_UNSUPPORTED]++;
		handled(c, ps->kind, "unsupported");
		return;
	}
	if (!take_token(&c->b[bucket], now)) {
		c->c[C_RATE_LIMITED]++;
		handled(c, ps->kind, "rate limited");
		return;
	}
	if (bucket != B_PICTURE)
		open_audio(c);
	if (pt_parse_control(ps, &m, err, sizeof(err)) != 0) {
		c->c[C_BAD]++;
		log_debug("control message: %s", err);
		handled(c, ps->kind, "bad: %s", err);
		return;
	}
	switch (m.kind) {
	case PT_MSG:
	case PT_HTML:
		wait_latest(c, &c->msg, &m);
		break;
	case PT_SKYDOME:
		wait_latest(c, &c->sky_w, &m);
		break;
	case PT_SOUND:
		wait_latest(c, &c->sound, &m);
		break;
	case PT_SE:
		if (c->fx_n == EFFECT_QUEUE) {
			c->c[C_EFFECTS_QUEUE]++;
			handled(c, m.kind, "dropped: queue full");
			break;
		}
		wait_latest(c, &c->fx[(c->fx_head + c->fx_n++) % EFFECT_QUEUE],
		    &m);
		break;
	case PT_VOICE:
		if (c->voice == NULL) {
			c->c[C_NO_VOICE]++;
			handled(c, m.kind, "no synthesiser");
		} else if (c->audio == NULL) {
			c->c[C_NO_AUDIO]++;
			handled(c, m.kind, "no audio device");
		} else if (voice_say(c->voice, m.text.p, m.text.len) == -1) {
			c->c[C_VOICE_DROPPED]++;
			handled(c, m.kind, "dropped: queue full");
		}
		/* Else handled when spoken (control_frame). */
		break;
	default:
		break;
	}
}

/* --- loading, cached ---------------------------------------------------- */

/* Read a network-named file through media.c; counts refusals. */
static void *
read_named(struct control *c, const char *name, size_t len, size_t *size,
    char *err, size_t errlen)
{
	void *buf;
	int res;

	if (!c->have_media) {
		snprintf(err, errlen, "no media directory");
		return NULL;
	}
	buf = media_read(&c->media, name, len, size, &res, err, errlen);
	if (buf == NULL && res == MEDIA_E_REFUSED)
		c->c[C_REFUSED]++;
	return buf;
}

static size_t
pic_bytes(const struct control *c)
{
	size_t n = 0;
	int i;

	for (i = 0; i < PIC_CACHE; i++)
		if (c->pics[i].s != NULL)
			n += (size_t)c->pics[i].s->pitch *
			    (size_t)c->pics[i].s->h;
	return n;
}

static void
pic_evict(struct control *c, int i)
{
	SDL_FreeSurface(c->pics[i].s);
	free(c->pics[i].name);
	memset(&c->pics[i], 0, sizeof(c->pics[i]));
}

/*
 * A picture by name: from the cache, or decoded if the frame's budget
 * allows (1 is returned then with *pic NULL: try again next frame).  0 with
 * *pic set, or -1 with err set.
 */
static int
picture(struct control *c, const char *name, size_t len, SDL_Surface **pic,
    char *err, size_t errlen)
{
	SDL_Surface *s;
	void *buf;
	size_t size;
	int i, slot = 0;

	*pic = NULL;
	for (i = 0; i < PIC_CACHE; i++)
		if (c->pics[i].name != NULL &&
		    strlen(c->pics[i].name) == len &&
		    memcmp(c->pics[i].name, name, len) == 0) {
			c->pics[i].used = ++c->tick;
			*pic = c->pics[i].s;
			return 0;
		}
	if (c->pic_budget == 0)
		return 1;
	c->pic_budget--;
	if ((buf = read_named(c, name, len, &size, err, errlen)) == NULL)
		return -1;
	s = image_decode(buf, size, err, errlen);
	free(buf);
	if (s == NULL)
		return -1;
	for (i = 0; i < PIC_CACHE; i++) {
		if (c->pics[i].s == NULL) {
			slot = i;
			break;
		}
		if (c->pics[i].used < c->pics[slot].used)
			slot = i;
	}
	pic_evict(c, slot);
	/* Within the byte bound, the oldest go first. */
	while (pic_bytes(c) + (size_t)s->pitch * (size_t)s->h >
	    PIC_CACHE_BYTES) {
		int old = -1;

		for (i = 0; i < PIC_CACHE; i++)
			if (c->pics[i].s != NULL && (old == -1 ||
			    c->pics[i].used < c->pics[old].used))
				old = i;
		if (old == -1)
			break;
		pic_evict(c, old);
	}
	c->pics[slot].name = xmalloc(len + 1);
	memcpy(c->pics[slot].name, name, len);
	c->pics[slot].name[len] = '\0';
	c->pics[slot].s = s;
	c->pics[slot].used = ++c->tick;
	*pic = s;
	return 0;
}

static size_t
snd_bytes(const struct control *c)
{
	size_t n = 0;
	int i;

	for (i = 0; i < SND_CACHE; i++)
		if (c->snds[i].c != NULL)
			n += c->snds[i].c->alen;
	return n;
}

/* The least recently used sound not playing, or -1. */
static int
snd_victim(const struct control *c)
{
	int i, v = -1;

	for (i = 0; i < SND_CACHE; i++) {
		if (c->snds[i].c == NULL)
			return i;
		if (audio_playing_chunk(c->audio, c->snds[i].c))
			continue;
		if (v == -1 || c->snds[i].used < c->snds[v].used)
			v = i;
	}
	return v;
}

static void
snd_evict(struct control *c, int i)
{
	if (c->snds[i].c != NULL)
		Mix_FreeChunk(c->snds[i].c);
	free(c->snds[i].name);
	memset(&c->snds[i], 0, sizeof(c->snds[i]));
}

static bool
same_name(const char *a, const char *name, size_t len)
{
	return a != NULL && strlen(a) == len && memcmp(a, name, len) == 0;
}

/*
 * The load that failed for this name, if it is the last one: its reason in
 * err, forgotten once told.
 */
static bool
load_failed(struct control *c, enum audio_job kind, const char *name,
    size_t len, char *err, size_t errlen)
{
	if (c->failed.kind != kind || !same_name(c->failed.name, name, len))
		return false;
	snprintf(err, errlen, "%s", c->failed.err);
	free(c->failed.name);
	c->failed.name = NULL;
	return true;
}

/*
 * Read a sound file and hand it to the loader thread: 1 (the caller tries
 * again in a later frame, when the loader has finished), or -1 with err set.
 */
static int
start_load(struct control *c, enum audio_job kind, const char *name,
    size_t len, char *err, size_t errlen)
{
	void *buf;
	size_t size;

	if (c->load.set || audio_loading(c->audio) || c->snd_budget == 0)
		return 1;
	c->snd_budget--;
	if ((buf = read_named(c, name, len, &size, err, errlen)) == NULL)
		return -1;
	if (kind == AUDIO_CHUNK && size > EFFECT_FILE_MAX) {
		snprintf(err, errlen, "an effect larger than %d bytes",
		    EFFECT_FILE_MAX);
		free(buf);
		return -1;
	}
	if (audio_load(c->audio, kind, ++c->load_tag, buf, size) == -1) {
		free(buf);
		return 1;
	}
	memset(&c->load, 0, sizeof(c->load));
	c->load.set = true;
	c->load.kind = kind;
	c->load.tag = c->load_tag;
	c->load.name = xmalloc(len + 1);
	memcpy(c->load.name, name, len);
	c->load.name[len] = '\0';
	c->load.len = len;
	return 1;
}

/* A sound by name, from the cache or loaded (1: not yet). */
static int
sound(struct control *c, const char *name, size_t len, Mix_Chunk **out,
    char *err, size_t errlen)
{
	int i;

	*out = NULL;
	for (i = 0; i < SND_CACHE; i++)
		if (same_name(c->snds[i].name, name, len)) {
			c->snds[i].used = ++c->tick;
			*out = c->snds[i].c;
			return 0;
		}
	if (load_failed(c, AUDIO_CHUNK, name, len, err, errlen))
		return -1;
	if (snd_victim(c) == -1)
		return 1;		/* all of them playing: later */
	return start_load(c, AUDIO_CHUNK, name, len, err, errlen);
}

/* A PACKTERSOUND sound by name, as sound() does it. */
static int
music(struct control *c, const char *name, size_t len, Mix_Music **out,
    char *err, size_t errlen)
{
	int i;

	*out = NULL;
	for (i = 0; i < MUS_CACHE; i++)
		if (same_name(c->muss[i].name, name, len)) {
			c->muss[i].used = ++c->tick;
			*out = c->muss[i].m;
			return 0;
		}
	if (load_failed(c, AUDIO_MUSIC, name, len, err, errlen))
		return -1;
	return start_load(c, AUDIO_MUSIC, name, len, err, errlen);
}

/* A loaded effect into the cache: false when every entry is playing. */
static bool
cache_chunk(struct control *c, const char *name, Mix_Chunk *ch)
{
	int i, slot;

	if ((slot = snd_victim(c)) == -1)
		return false;
	snd_evict(c, slot);
	while (snd_bytes(c) + ch->alen > SND_CACHE_BYTES &&
	    (i = snd_victim(c)) != -1 && c->snds[i].c != NULL)
		snd_evict(c, i);
	c->snds[slot].name = xstrdup(name);
	c->snds[slot].c = ch;
	c->snds[slot].used = ++c->tick;
	return true;
}

/* Loaded music into the cache, with the file it reads as it plays. */
static void
cache_music(struct control *c, const char *name, Mix_Music *m, void *buf)
{
	int i, slot = -1;

	/* The least recently used that is not playing (one plays at most). */
	for (i = 0; i < MUS_CACHE; i++) {
		if (audio_playing_music(c->audio, c->muss[i].m))
			continue;
		if (slot == -1 || c->muss[i].m == NULL ||
		    (c->muss[slot].m != NULL &&
		    c->muss[i].used < c->muss[slot].used))
			slot = i;
	}
	if (c->muss[slot].m != NULL)
		Mix_FreeMusic(c->muss[slot].m);
	free(c->muss[slot].buf);
	free(c->muss[slot].name);
	c->muss[slot].name = xstrdup(name);
	c->muss[slot].m = m;
	c->muss[slot].buf = buf;
	c->muss[slot].used = ++c->tick;
}

static void
voice_loaded(struct control *c, struct audio_loaded *r)
{
	if (r->outcome != AUDIO_LOADED) {
		c->c[C_VOICE_FAILED]++;
		handled(c, PT_VOICE, "not played: %s", r->err);
		return;
	}
	c->voice_chunk = r->chunk;
	audio_voice(c->audio, r->chunk);
	c->c[C_VOICE_SPOKEN]++;
	handled(c, PT_VOICE, "speaking");
}

/* What the loader thread finished: into a cache, or the reason kept. */
static void
take_loaded(struct control *c)
{
	struct loading *l = &c->load;

	if (!l->set)
		return;
	if (!l->held) {
		if (!audio_load_done(c->audio, &l->r))
			return;
		if (l->r.outcome == AUDIO_REFUSED)
			c->c[C_SOUND_REFUSED]++;
		else if (l->r.outcome == AUDIO_TOO_LARGE)
			c->c[C_SOUND_TOO_LARGE]++;
		if (l->r.outcome != AUDIO_LOADED)
			log_debug("sound %s: %s", l->voice ? "(voice)" :
			    l->name, l->r.err);
	}
	if (l->voice)
		voice_loaded(c, &l->r);
	else if (l->r.outcome != AUDIO_LOADED) {
		free(c->failed.name);
		c->failed.kind = l->kind;
		c->failed.name = l->name;
		c->failed.len = l->len;
		snprintf(c->failed.err, sizeof(c->failed.err), "%s",
		    l->r.err);
		l->name = NULL;
	} else if (l->kind == AUDIO_MUSIC)
		cache_music(c, l->name, l->r.music, l->r.buf);
	else if (!cache_chunk(c, l->name, l->r.chunk)) {
		l->held = true;		/* every entry playing: later */
		return;
	}
	free(l->name);
	memset(l, 0, sizeof(*l));
}

/* --- applying ------------------------------------------------------------- */

static void
apply_msg(struct control *c, int64_t now)
{
	struct waiting *w = &c->msg;
	SDL_Surface *pic = NULL;
	char err[256];
	int rc = 0;

	if (w->kind == PT_MSG && w->file_len > 0) {
		rc = picture(c, w->file, w->file_len, &pic, err, sizeof(err));
		if (rc == 1)
			return;		/* the budget is spent: next frame */
		if (rc == -1) {
			c->c[C_PICTURE_FAILED]++;
			log_debug("message picture: %s", err);
		}
	}
	if (c->panel != NULL)
		panel_show(c->panel, pic, w->text, w->text_len, now);
	c->c[C_SHOWN]++;
	handled(c, w->kind, "shown%s%s", rc == -1 ? ", picture: " : "",
	    rc == -1 ? err : "");
	clear(w);
}

static void
apply_sky(struct control *c)
{
	struct waiting *w = &c->sky_w;
	SDL_Surface *pic = NULL;
	char err[256];
	int rc;

	if (c->sky == NULL) {
		handled(c, w->kind, "no sky dome");
		clear(w);
		return;
	}
	if (w->file_len == 0) {
		skydome_set(c->sky, NULL);
		c->c[C_SKY_REMOVED]++;
		free(c->sky_name);
		c->sky_name = NULL;
		handled(c, w->kind, "removed");
		clear(w);
		return;
	}
	if ((rc = picture(c, w->file, w->file_len, &pic, err,
	    sizeof(err))) == 1)
		return;
	skydome_set(c->sky, pic);
	free(c->sky_name);
	c->sky_name = NULL;
	if (rc == -1) {
		/* The reference viewer's behaviour: no dome. */
		c->c[C_SKY_REMOVED]++;
		c->c[C_PICTURE_FAILED]++;
		handled(c, w->kind, "removed: %s", err);
	} else {
		c->c[C_SKY_SET]++;
		c->sky_name = xstrdup(w->file);
		handled(c, w->kind, "set");
	}
	clear(w);
}

static void
apply_sound(struct control *c, int64_t now)
{
	struct waiting *w = &c->sound;
	Mix_Music *m = NULL;
	char err[256];
	int rc;

	if (c->audio == NULL) {
		c->c[C_NO_AUDIO]++;
		handled(c, w->kind, "no audio device");
		clear(w);
		return;
	}
	if (w->duration_ms == 0) {
		audio_sound(c->audio, NULL, 0, now);
		c->c[C_SOUND_STOPPED]++;
		handled(c, w->kind, "stopped");
		clear(w);
		return;
	}
	if ((rc = music(c, w->file, w->file_len, &m, err,
	    sizeof(err))) == 1)
		return;
	if (rc == -1) {
		c->c[C_SOUND_FAILED]++;
		handled(c, w->kind, "not loaded: %s", err);
	} else {
		audio_sound(c->audio, m, w->duration_ms, now);
		c->c[C_SOUND_PLAYED]++;
		handled(c, w->kind, "playing");
	}
	clear(w);
}

/* Effects in order, while they are cached or the budget allows. */
static void
apply_effects(struct control *c)
{
	struct waiting *w;
	Mix_Chunk *ch;
	char err[256];
	int rc;

	while (c->fx_n > 0) {
		w = &c->fx[c->fx_head];
		if (c->audio == NULL) {
			c->c[C_NO_AUDIO]++;
			handled(c, w->kind, "no audio device");
		} else if ((rc = sound(c, w->file, w->file_len, &ch, err,
		    sizeof(err))) == 1)
			return;
		else if (rc == -1) {
			c->c[C_SOUND_FAILED]++;
			handled(c, w->kind, "not loaded: %s", err);
		} else if (audio_effect(c->audio, ch) == -1) {
			c->c[C_EFFECTS_BUSY]++;
			handled(c, w->kind, "over the cap");
		} else {
			c->c[C_EFFECTS]++;
			handled(c, w->kind, "playing");
		}
		clear(w);
		c->fx_head = (c->fx_head + 1) % EFFECT_QUEUE;
		c->fx_n--;
	}
}

/* Speech ready and the voice channel free: have it decoded, then play it. */
static void
apply_voice(struct control *c)
{
	uint64_t failed;
	uint8_t *wav;
	size_t len;

	if (c->voice == NULL)
		return;
	failed = voice_failed(c->voice);
	while (c->voice_failed_seen < failed) {
		c->voice_failed_seen++;
		c->c[C_VOICE_FAILED]++;
		handled(c, PT_VOICE, "not synthesised");
	}
	if (audio_voice_busy(c->audio) || c->load.set ||
	    audio_loading(c->audio))
		return;
	if (c->voice_chunk != NULL) {
		audio_voice(c->audio, NULL);
		Mix_FreeChunk(c->voice_chunk);
		c->voice_chunk = NULL;
	}
	if ((wav = voice_take(c->voice, &len)) == NULL)
		return;
	if (audio_load(c->audio, AUDIO_CHUNK, ++c->load_tag, wav, len) == -1) {
		free(wav);
		c->c[C_VOICE_FAILED]++;
		handled(c, PT_VOICE, "not played: no sound loader");
		return;
	}
	memset(&c->load, 0, sizeof(c->load));
	c->load.set = true;
	c->load.voice = true;
	c->load.kind = AUDIO_CHUNK;
	c->load.tag = c->load_tag;
}

void
control_frame(struct control *c, int64_t now, int w, int h)
{
	(void)w;
	(void)h;
	if (c == NULL)
		return;
	c->pic_budget = 1;
	c->snd_budget = 1;
	audio_tick(c->audio, now);
	take_loaded(c);
	apply_voice(c);
	if (c->sound.set)
		apply_sound(c, now);
	apply_effects(c);
	if (c->msg.set)
		apply_msg(c, now);
	if (c->sky_w.set)
		apply_sky(c);
}

void
control_keys(struct control *c, bool mute, bool panel, int volume_steps,
    int64_t now)
{
	if (c == NULL)
		return;
	if (mute) {
		c->muted = !c->muted;
		audio_toggle_mute(c->audio);
	}
	if (volume_steps != 0) {
		c->volume += volume_steps;
		if (c->volume < 0)
			c->volume = 0;
		if (c->volume > AUDIO_VOLUME_STEPS)
			c->volume = AUDIO_VOLUME_STEPS;
		audio_volume_step(c->audio, volume_steps);
	}
	if (panel)
		panel_toggle(c->panel, now);
}

void
control_draw(struct control *c, int w, int h, int64_t now)
{
	if (c != NULL)
		panel_draw(c->panel, w, h, now);
}

bool
control_done(struct control *c, int64_t now)
{
	bool busy;

	if (c == NULL || c->o.exit_messages == 0 ||
	    c->c[C_HANDLED] < c->o.exit_messages)
		return false;
	busy = c->msg.set || c->sky_w.set || c->sound.set || c->fx_n > 0 ||
	    c->load.set || audio_busy(c->audio) || (c->voice != NULL &&
	    voice_busy(c->voice));
	if (busy) {
		c->idle_since = -1;
		return false;
	}
	if (c->idle_since < 0)
		c->idle_since = now;
	return now - c->idle_since >= IDLE_BEFORE_DONE;
}

void
control_print(struct control *c, FILE *f)
{
	struct counters k;
	int x, y, w, h, rate, channels;
	Uint16 format;

	if (c == NULL)
		return;
	media_counters(&c->media, &k);
	counters_print(f, &k, 1);
	k.title = "control";
	k.names = control_names;
	k.v = c->c;
	k.n = C_COUNTERS;
	counters_print(f, &k, 1);
	if (c->panel != NULL && panel_text(c->panel)[0] != '\0')
		fprintf(f, "message: %s\n", panel_text(c->panel));
	if (panel_rect(c->panel, &x, &y, &w, &h))
		fprintf(f, "panel: %d,%d %dx%d\n", x, y, w, h);
	else
		fprintf(f, "panel: hidden\n");
	fprintf(f, "sky dome: %s\n", skydome_active(c->sky) ?
	    (c->sky_name != NULL ? c->sky_name : "?") : "none");
	fprintf(f, "models: %d drawn %" PRIu64 "\n",
	    c->models != NULL ? models_flags(c->models, (uint32_t[MODELS_MAX]){
	    0 }, MODELS_MAX) : 0, models_drawn(c->models));
	if (c->audio != NULL && Mix_QuerySpec(&rate, &format, &channels) != 0)
		fprintf(f, "audio: open %d Hz %d bits %d channels",
		    rate, SDL_AUDIO_BITSIZE(format), channels);
	else
		fprintf(f, "audio: %s", c->audio_tried || c->o.no_audio ?
		    "none" : "not opened yet");
	fprintf(f, ", volume %d/%d%s\n", c->volume, AUDIO_VOLUME_STEPS,
	    c->muted ? ", muted" : "");
	fprintf(f, "voice: %s\n", c->voice != NULL ? "espeak-ng" : "none");
}
