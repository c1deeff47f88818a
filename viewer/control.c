/*
 * control.c - control messages to panel, sky dome, sound and voice (see
 * control.h).
 */
#include "config.h"
#include "control.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "cache.h"
#include "cli.h"
#include "counters.h"
#include "errbuf.h"
#include "stats.h"
#include "image.h"
#include "log.h"
#include "media.h"
#include "panel.h"
#include "schedule.h"
#include "softalk.h"
#include "voice.h"

#define SEC		1000000000LL
#define MS		1000000LL
#define PIC_CACHE	8
#define PIC_CACHE_BYTES	(128 * 1024 * 1024)
#define SND_CACHE	16
#define SND_CACHE_BYTES	(256 * 1024 * 1024)
#define MUS_CACHE	4
#define EFFECT_FILE_MAX	(4 * 1024 * 1024)	/* WAV, decoded whole */
#define IDLE_BEFORE_DONE (200 * MS)
#define MAX_EFFECTS_MAX	64

enum control_counter {
	C_SHOWN,
	C_PICTURE_FAILED,
	C_SKY_SET,
	C_SKY_REMOVED,
	C_SKY_IGNORED,
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
	C_VOICE_EMPTY,
	C_VOICE_SOFTALK,
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
	[C_SKY_IGNORED] = "sky domes ignored (no name)",
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
	[C_VOICE_EMPTY] = "voice texts with nothing to say",
	[C_VOICE_SOFTALK] = "voice texts as SofTalk lines",
	[C_NO_AUDIO] = "sounds without an audio device",
	[C_NO_VOICE] = "voice texts without a synthesiser",
	[C_RATE_LIMITED] = "rate limited",
	[C_REPLACED] = "replaced before applied",
	[C_REFUSED] = "refused names",
	[C_UNSUPPORTED] = "unsupported kinds",
	[C_BAD] = "bad control messages",
	[C_HANDLED] = "control messages handled",
};

/* A sound of PACKTERSOUND: the file, decoded as it plays. */
struct music {
	Mix_Music	*m;
	void		*buf;
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
	struct schedule	 sched;		/* what is due (core/schedule.c) */
	struct cache	 pics;		/* SDL_Surface */
	struct cache	 snds;		/* Mix_Chunk */
	struct cache	 muss;		/* struct music */
	struct audio_loaded held;	/* loaded, waiting for a cache entry */
	bool		 holding;
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

bool
control_option(struct control_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case CO_MEDIA:
		o->media_dir = arg;
		return true;
	case CO_MESSAGE_SECONDS:
		o->message_ns = (int64_t)(cli_real("--message-seconds", arg, 0,
		    86400 * 365) * 1e9);
		return true;
	case CO_MAX_EFFECTS:
		o->max_effects = (int)cli_num("--max-effects", arg, 0,
		    MAX_EFFECTS_MAX);
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
		o->exit_messages = (uint64_t)cli_num("--exit-after-messages",
		    arg, 1, 1LL << 40);
		return true;
	case CO_REPORT:
		o->report = true;
		return true;
	case CO_GATEWAY_BOARD:
		/* Config.txt's GatewayBoardEnable, as the boards map it. */
		if (gateway_board_parse(arg, &o->gateway_board) == -1)
			fatal(2, "--gateway-board: \"%s\" should be on, off or "
			    "auto", arg);
		return true;
	default:
		return false;
	}
}

/* --- the object ----------------------------------------------------------- */

static void
free_picture(void *v, void *arg)
{
	(void)arg;
	SDL_FreeSurface(v);
}

static void
free_chunk(void *v, void *arg)
{
	(void)arg;
	Mix_FreeChunk(v);
}

static bool
chunk_playing(const void *v, void *arg)
{
	const struct control *c = arg;

	return audio_playing_chunk(c->audio, v);
}

static void
free_music(void *v, void *arg)
{
	struct music *mu = v;

	(void)arg;
	Mix_FreeMusic(mu->m);
	free(mu->buf);
	free(mu);
}

static bool
music_playing(const void *v, void *arg)
{
	const struct control *c = arg;
	const struct music *mu = v;

	return audio_playing_music(c->audio, mu->m);
}

struct control *
control_new(const struct control_opts *o, const char *shader_dir,
    const char *font, int font_px, size_t history_cap, FILE *report)
{
	struct control *c;
	char err[1024];
	const char *dir;

	c = xcalloc(1, sizeof(*c));
	c->o = *o;
	c->report = report;
	schedule_init(&c->sched);
	cache_init(&c->pics, PIC_CACHE, PIC_CACHE_BYTES,
	    &(struct cache_ops){ free_picture, NULL, c });
	cache_init(&c->snds, SND_CACHE, SND_CACHE_BYTES,
	    &(struct cache_ops){ free_chunk, chunk_playing, c });
	cache_init(&c->muss, MUS_CACHE, 0,
	    &(struct cache_ops){ free_music, music_playing, c });
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

void
control_free(struct control *c)
{
	if (c == NULL)
		return;
	voice_free(c->voice);
	audio_sound(c->audio, NULL, 0, 0);
	audio_voice(c->audio, NULL);
	cache_free(&c->muss);
	cache_free(&c->snds);
	if (c->voice_chunk != NULL)
		Mix_FreeChunk(c->voice_chunk);
	if (c->held.chunk != NULL)
		Mix_FreeChunk(c->held.chunk);
	if (c->held.music != NULL)
		Mix_FreeMusic(c->held.music);
	free(c->held.buf);
	audio_free(c->audio);
	cache_free(&c->pics);
	schedule_free(&c->sched);
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

void
control_datagram(struct control *c, struct pt_parser *ps, int64_t now)
{
	control_datagram_note(c, ps, now, NULL);
}

void
control_datagram_note(struct control *c, struct pt_parser *ps, int64_t now,
    const char *note)
{
	struct pt_control m;
	struct softalk st;
	struct voice_params vp;
	char err[PT_ERRBUF_SIZE], *noted = NULL;
	enum pt_kind old;
	size_t nlen;
	int bucket;

	if (c == NULL)
		return;
	if ((bucket = schedule_bucket(ps->kind)) == -1) {
		c->c[C_UNSUPPORTED]++;
		handled(c, ps->kind, "unsupported");
		return;
	}
	if (!schedule_admit(&c->sched, (enum sched_bucket)bucket, now)) {
		c->c[C_RATE_LIMITED]++;
		handled(c, ps->kind, "rate limited");
		return;
	}
	if (bucket != SCHED_B_PICTURE)
		open_audio(c);
	if (pt_parse_control(ps, &m, err, sizeof(err)) != 0) {
		c->c[C_BAD]++;
		log_debug("control message: %s", err);
		handled(c, ps->kind, "bad: %s", err);
		return;
	}
	/* Traceback: the packet the verdict is about, before the text. */
	if (note != NULL && (m.kind == PT_MSG || m.kind == PT_HTML) &&
	    m.text.len < PT_MAX_DATAGRAM) {
		nlen = strlen(note);
		noted = xmalloc(nlen + m.text.len + 1);
		memcpy(noted, note, nlen);
		memcpy(noted + nlen, m.text.p, m.text.len);
		noted[nlen + m.text.len] = '\0';
		m.text.p = noted;
		m.text.len += nlen;
	}
	switch (schedule_wait(&c->sched, &m, &old)) {
	case SCHED_WAITING:
		break;
	case SCHED_REPLACED:
		c->c[C_REPLACED]++;
		handled(c, old, "replaced");
		break;
	case SCHED_QUEUE_FULL:
		c->c[C_EFFECTS_QUEUE]++;
		handled(c, m.kind, "dropped: queue full");
		break;
	case SCHED_NOT_MINE:
		if (m.kind != PT_VOICE)
			break;
		softalk_parse(m.text.p, m.text.len, &st);
		if (st.options)
			c->c[C_VOICE_SOFTALK]++;
		vp.rate_wpm = st.rate_wpm;
		vp.volume = st.volume_pct;
		vp.pitch = st.pitch;
		vp.range = st.range;
		if (st.len == 0) {
			/* The reference viewer says nothing either. */
			c->c[C_VOICE_EMPTY]++;
			handled(c, m.kind, "nothing to say");
		} else if (c->voice == NULL) {
			c->c[C_NO_VOICE]++;
			handled(c, m.kind, "no synthesiser");
		} else if (c->audio == NULL) {
			c->c[C_NO_AUDIO]++;
			handled(c, m.kind, "no audio device");
		} else if (voice_say_params(c->voice, st.text, st.len,
		    &vp) == -1) {
			c->c[C_VOICE_DROPPED]++;
			handled(c, m.kind, "dropped: queue full");
		}
		/* Else handled when spoken (control_frame). */
		break;
	}
	free(noted);
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

	if ((*pic = cache_get(&c->pics, name, len)) != NULL)
		return 0;
	if (!schedule_spend(&c->sched, SCHED_DECODE_PICTURE))
		return 1;
	if ((buf = read_named(c, name, len, &size, err, errlen)) == NULL)
		return -1;
	s = image_decode(buf, size, err, errlen);
	free(buf);
	if (s == NULL)
		return -1;
	if (cache_put(&c->pics, name, len, s, (size_t)s->pitch *
	    (size_t)s->h) == -1) {
		SDL_FreeSurface(s);
		return 1;
	}
	*pic = s;
	return 0;
}

/*
 * Read a sound file and hand it to the loader thread (audio.h), if no load
 * is in progress and the frame's budget allows: 1 (the caller tries again
 * in a later frame, when the loader has finished and the sound is cached),
 * or -1 with err set.
 */
static int
start_load(struct control *c, enum sched_load_kind kind, const char *name,
    size_t len, char *err, size_t errlen)
{
	void *buf;
	size_t size;
	uint64_t tag;

	if (schedule_load(&c->sched) != NULL || audio_loading(c->audio) ||
	    !schedule_spend(&c->sched, SCHED_DECODE_SOUND))
		return 1;
	if ((buf = read_named(c, name, len, &size, err, errlen)) == NULL)
		return -1;
	if (kind == SCHED_LOAD_EFFECT && size > EFFECT_FILE_MAX) {
		free(buf);
		return errbuf_fmt(err, errlen, "an effect larger than %d "
		    "bytes", EFFECT_FILE_MAX);
	}
	tag = schedule_load_start(&c->sched, kind, name, len);
	if (audio_load(c->audio, kind == SCHED_LOAD_MUSIC ? AUDIO_MUSIC :
	    AUDIO_CHUNK, tag, buf, size) == -1) {
		free(buf);		/* busy after all: later */
		schedule_load_done(&c->sched, NULL);
	}
	return 1;
}

/*
 * An effect by name: from the cache, else loaded (1: not yet, try again
 * next frame).  0 with *out set, or -1 with err set.
 */
static int
sound(struct control *c, const char *name, size_t len, Mix_Chunk **out,
    char *err, size_t errlen)
{
	if ((*out = cache_get(&c->snds, name, len)) != NULL)
		return 0;
	if (schedule_load_failed(&c->sched, SCHED_LOAD_EFFECT, name, len, err,
	    errlen))
		return -1;
	if (!cache_room(&c->snds))
		return 1;		/* all of them playing: later */
	return start_load(c, SCHED_LOAD_EFFECT, name, len, err, errlen);
}

/* A PACKTERSOUND sound by name, as sound() does it. */
static int
music(struct control *c, const char *name, size_t len, Mix_Music **out,
    char *err, size_t errlen)
{
	struct music *mu;

	*out = NULL;
	if ((mu = cache_get(&c->muss, name, len)) != NULL) {
		*out = mu->m;
		return 0;
	}
	if (schedule_load_failed(&c->sched, SCHED_LOAD_MUSIC, name, len, err,
	    errlen))
		return -1;
	if (!cache_room(&c->muss))
		return 1;
	return start_load(c, SCHED_LOAD_MUSIC, name, len, err, errlen);
}

/* The voice's utterance decoded, or why not: play it. */
static void
voice_loaded(struct control *c, struct audio_loaded *r)
{
	if (r->outcome != AUDIO_LOADED) {
		c->c[C_VOICE_FAILED]++;
		handled(c, PT_VOICE, "not played: %s", r->err);
		return;
	}
	c->voice_chunk = r->chunk;
	r->chunk = NULL;
	audio_voice(c->audio, c->voice_chunk);
	c->c[C_VOICE_SPOKEN]++;
	handled(c, PT_VOICE, "speaking");
}

/*
 * What the loader thread finished: into its cache (held while every entry
 * is playing), or its reason kept for the message that asked for it.
 */
static void
take_loaded(struct control *c)
{
	const struct sched_load *l;
	struct audio_loaded *r = &c->held;
	struct music *mu;

	if ((l = schedule_load(&c->sched)) == NULL)
		return;
	if (!c->holding) {
		if (!audio_load_done(c->audio, r))
			return;
		c->holding = true;
		if (r->outcome == AUDIO_REFUSED)
			c->c[C_SOUND_REFUSED]++;
		else if (r->outcome == AUDIO_TOO_LARGE)
			c->c[C_SOUND_TOO_LARGE]++;
		if (r->outcome != AUDIO_LOADED)
			log_debug("sound %s: %s", l->name != NULL ? l->name :
			    "(voice)", r->err);
	}
	if (l->kind == SCHED_LOAD_VOICE)
		voice_loaded(c, r);
	else if (r->outcome != AUDIO_LOADED)
		;			/* the reason waits in the schedule */
	else if (l->kind == SCHED_LOAD_MUSIC) {
		mu = xmalloc(sizeof(*mu));
		mu->m = r->music;
		mu->buf = r->buf;
		if (cache_put(&c->muss, l->name, l->name_len, mu,
		    r->len) == -1) {
			free(mu);
			return;		/* every entry playing: later */
		}
	} else if (cache_put(&c->snds, l->name, l->name_len, r->chunk,
	    r->chunk->alen) == -1)
		return;
	schedule_load_done(&c->sched, r->outcome == AUDIO_LOADED ? NULL :
	    r->err);
	memset(r, 0, sizeof(*r));
	c->holding = false;
}

/* --- applying ------------------------------------------------------------- */

static void
apply_msg(struct control *c, struct sched_msg *w, int64_t now)
{
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
	schedule_slot_done(&c->sched, SCHED_PANEL);
}

static void
apply_sky(struct control *c, struct sched_msg *w)
{
	SDL_Surface *pic = NULL;
	char err[256];
	int rc;

	if (c->sky == NULL) {
		handled(c, w->kind, "no sky dome");
		schedule_slot_done(&c->sched, SCHED_SKY);
		return;
	}
	if (w->file_len == 0) {
		/*
		 * What the reference bridge sends with -s and its sample
		 * configuration: the reference viewer ignores it, and so do we.
		 */
		c->c[C_SKY_IGNORED]++;
		handled(c, w->kind, "ignored: no name");
		schedule_slot_done(&c->sched, SCHED_SKY);
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
	schedule_slot_done(&c->sched, SCHED_SKY);
}

static void
apply_sound(struct control *c, struct sched_msg *w, int64_t now)
{
	Mix_Music *m = NULL;
	char err[256];
	int rc;

	if (c->audio == NULL) {
		c->c[C_NO_AUDIO]++;
		handled(c, w->kind, "no audio device");
		schedule_slot_done(&c->sched, SCHED_SOUND);
		return;
	}
	if (w->duration_ms == 0) {
		audio_sound(c->audio, NULL, 0, now);
		c->c[C_SOUND_STOPPED]++;
		handled(c, w->kind, "stopped");
		schedule_slot_done(&c->sched, SCHED_SOUND);
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
	schedule_slot_done(&c->sched, SCHED_SOUND);
}

/* Effects in order, while they are cached or the budget allows. */
static void
apply_effects(struct control *c)
{
	struct sched_msg *w;
	Mix_Chunk *ch;
	char err[256];
	int rc;

	while ((w = schedule_effect(&c->sched)) != NULL) {
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
		schedule_effect_done(&c->sched);
	}
}

/* Speech ready and the voice channel free: have it decoded, then play it. */
static void
apply_voice(struct control *c)
{
	uint64_t failed, tag;
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
	if (audio_voice_busy(c->audio) || schedule_load(&c->sched) != NULL ||
	    audio_loading(c->audio))
		return;
	if (c->voice_chunk != NULL) {
		audio_voice(c->audio, NULL);
		Mix_FreeChunk(c->voice_chunk);
		c->voice_chunk = NULL;
	}
	if ((wav = voice_take(c->voice, &len)) == NULL)
		return;
	tag = schedule_load_start(&c->sched, SCHED_LOAD_VOICE, NULL, 0);
	if (audio_load(c->audio, AUDIO_CHUNK, tag, wav, len) == -1) {
		free(wav);
		schedule_load_done(&c->sched, NULL);
		c->c[C_VOICE_FAILED]++;
		handled(c, PT_VOICE, "not played: no sound loader");
	}
}

void
control_frame(struct control *c, int64_t now)
{
	struct sched_msg *w;

	if (c == NULL)
		return;
	schedule_frame(&c->sched);
	audio_tick(c->audio, now);
	take_loaded(c);
	apply_voice(c);
	if ((w = schedule_slot(&c->sched, SCHED_SOUND)) != NULL)
		apply_sound(c, w, now);
	apply_effects(c);
	if ((w = schedule_slot(&c->sched, SCHED_PANEL)) != NULL)
		apply_msg(c, w, now);
	if ((w = schedule_slot(&c->sched, SCHED_SKY)) != NULL)
		apply_sky(c, w);
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
control_audio(const struct control *c, bool *muted, int *volume)
{
	if (c == NULL)
		return false;
	*muted = c->muted;
	*volume = c->volume;
	return true;
}

bool
control_done(struct control *c, int64_t now)
{
	bool busy;

	if (c == NULL || c->o.exit_messages == 0 ||
	    c->c[C_HANDLED] < c->o.exit_messages)
		return false;
	busy = audio_busy(c->audio) || (c->voice != NULL &&
	    voice_busy(c->voice));
	return schedule_settled(&c->sched, busy, now, IDLE_BEFORE_DONE);
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
