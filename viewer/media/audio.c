/*
 * audio.c - SDL2_mixer channels for sound, voice and effects, and the
 * loader thread that judges and decodes their files (see audio.h).
 */
#include "config.h"
#include "audio.h"

#include <SDL.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "log.h"
#include "soundinfo.h"

#define CH_VOICE	0
#define CH_EFFECTS	1	/* the first effect channel */
#define RATE		44100

struct audio {
	int		 max_effects;
	int		 volume;	/* steps */
	bool		 muted;
	Mix_Music	*music;		/* playing, or last played */
	int64_t		 until;		/* ns, monotonic: halt it then */
	struct sound_out out;		/* the device's format */

	/* The loader: one job at a time, its result kept until taken. */
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	bool		 stop;
	bool		 job_set;	/* waiting or being loaded */
	enum audio_job	 job_kind;
	uint64_t	 job_tag;
	void		*job_buf;
	size_t		 job_len;
	bool		 done_set;
	struct audio_loaded done;
};

/* --- the loader thread --------------------------------------------------- */

static void
load_chunk(struct audio *a, struct audio_loaded *r, void *buf, size_t len)
{
	struct sound_info si;
	SDL_RWops *rw;
	Mix_Chunk *c;
	uint64_t peak;
	Uint8 *p;

	if (soundinfo_wav(buf, len, &si, r->err, sizeof(r->err)) == -1) {
		r->outcome = AUDIO_REFUSED;
		goto out;
	}
	peak = soundinfo_peak(&si, &a->out);
	if (peak > SOUND_DECODE_MAX) {
		r->outcome = AUDIO_TOO_LARGE;
		errbuf_fmt(r->err, sizeof(r->err), "decoding it would take "
		    "%llu MiB, more than %d MiB", (unsigned long long)
		    (peak >> 20), SOUND_DECODE_MAX >> 20);
		goto out;
	}
	r->outcome = AUDIO_FAILED;
	if ((rw = SDL_RWFromConstMem(buf, (int)len)) == NULL) {
		errbuf_fmt(r->err, sizeof(r->err), "%s", SDL_GetError());
		goto out;
	}
	if ((c = Mix_LoadWAV_RW(rw, 1)) == NULL) {
		errbuf_fmt(r->err, sizeof(r->err), "%s", Mix_GetError());
		goto out;
	}
	/*
	 * SDL_mixer keeps its whole conversion buffer (up to a hundred times
	 * the PCM, see soundinfo_peak); keep what was converted.
	 */
	if (c->alen > 0 && (p = SDL_realloc(c->abuf, c->alen)) != NULL)
		c->abuf = p;
	r->chunk = c;
	r->outcome = AUDIO_LOADED;
out:
	free(buf);
}

static void
load_music(struct audio_loaded *r, void *buf, size_t len)
{
	struct sound_info si;
	SDL_RWops *rw;

	if (soundinfo_music(buf, len, &si, r->err, sizeof(r->err)) == -1) {
		r->outcome = AUDIO_REFUSED;
		free(buf);
		return;
	}
	r->outcome = AUDIO_FAILED;
	if ((rw = SDL_RWFromConstMem(buf, (int)len)) == NULL) {
		errbuf_fmt(r->err, sizeof(r->err), "%s", SDL_GetError());
		free(buf);
		return;
	}
	if ((r->music = Mix_LoadMUS_RW(rw, 1)) == NULL) {
		errbuf_fmt(r->err, sizeof(r->err), "%s", Mix_GetError());
		free(buf);
		return;
	}
	r->buf = buf;
	r->outcome = AUDIO_LOADED;
}

static void *
loader(void *arg)
{
	struct audio *a = arg;
	struct audio_loaded r;

	/* By this name in /proc/PID/task/ (tests/viewer/harden.py). */
	(void)pthread_setname_np(pthread_self(), "sound-loader");
	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (!a->stop && !a->job_set)
			pthread_cond_wait(&a->cond, &a->lock);
		if (a->stop)
			break;
		memset(&r, 0, sizeof(r));
		r.kind = a->job_kind;
		r.tag = a->job_tag;
		r.len = a->job_len;
		pthread_mutex_unlock(&a->lock);
		if (r.kind == AUDIO_CHUNK)
			load_chunk(a, &r, a->job_buf, a->job_len);
		else
			load_music(&r, a->job_buf, a->job_len);
		pthread_mutex_lock(&a->lock);
		a->job_buf = NULL;
		a->job_set = false;
		a->done = r;
		a->done_set = true;
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

int
audio_load(struct audio *a, enum audio_job kind, uint64_t tag, void *buf,
    size_t len)
{
	if (a == NULL)
		return -1;
	pthread_mutex_lock(&a->lock);
	if (a->job_set || a->done_set) {
		pthread_mutex_unlock(&a->lock);
		return -1;
	}
	a->job_set = true;
	a->job_kind = kind;
	a->job_tag = tag;
	a->job_buf = buf;
	/* SDL_RWFromConstMem takes an int; media files are far smaller. */
	a->job_len = len > INT32_MAX ? INT32_MAX : len;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->lock);
	return 0;
}

bool
audio_loading(struct audio *a)
{
	bool busy;

	if (a == NULL)
		return false;
	pthread_mutex_lock(&a->lock);
	busy = a->job_set || a->done_set;
	pthread_mutex_unlock(&a->lock);
	return busy;
}

bool
audio_load_done(struct audio *a, struct audio_loaded *out)
{
	bool got = false;

	if (a == NULL)
		return false;
	pthread_mutex_lock(&a->lock);
	if (a->done_set) {
		*out = a->done;
		memset(&a->done, 0, sizeof(a->done));
		a->done_set = false;
		got = true;
	}
	pthread_mutex_unlock(&a->lock);
	return got;
}

/* --- the device ---------------------------------------------------------- */

static void
apply_volume(struct audio *a)
{
	int v = a->muted ? 0 : MIX_MAX_VOLUME * a->volume / AUDIO_VOLUME_STEPS;

	Mix_Volume(-1, v);
	Mix_VolumeMusic(v);
}

struct audio *
audio_new(int max_effects, bool mute, char *err, size_t errlen)
{
	struct audio *a;
	Uint16 format;
	int rate, channels;

	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		snprintf(err, errlen, "%s", SDL_GetError());
		return NULL;
	}
	if (Mix_OpenAudio(RATE, AUDIO_S16SYS, 2, 1024) != 0) {
		snprintf(err, errlen, "%s", Mix_GetError());
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return NULL;
	}
	a = xcalloc(1, sizeof(*a));
	if (Mix_QuerySpec(&rate, &format, &channels) == 0) {
		snprintf(err, errlen, "%s", Mix_GetError());
		goto fail;
	}
	a->out.rate = rate;
	a->out.channels = channels;
	a->out.bits = SDL_AUDIO_BITSIZE(format);
	a->out.is_float = SDL_AUDIO_ISFLOAT(format);
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	if ((errno = pthread_create(&a->thread, NULL, loader, a)) != 0) {
		errbuf_fmt_errno(err, errlen, errno, "sound loader thread");
		pthread_cond_destroy(&a->cond);
		pthread_mutex_destroy(&a->lock);
		goto fail;
	}
	a->max_effects = max_effects;
	a->volume = AUDIO_VOLUME_STEPS;
	a->muted = mute;
	Mix_AllocateChannels(CH_EFFECTS + max_effects);
	/* Effects take the unreserved channels only. */
	Mix_ReserveChannels(CH_EFFECTS);
	apply_volume(a);
	log_debug("audio: %s, %d Hz, %d bits, %d channels, %d effect "
	    "channels", SDL_GetCurrentAudioDriver(), rate, a->out.bits,
	    channels, max_effects);
	return a;
fail:
	free(a);
	Mix_CloseAudio();
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	return NULL;
}

void
audio_free(struct audio *a)
{
	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = true;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
	free(a->job_buf);		/* a job never started */
	if (a->done.chunk != NULL)
		Mix_FreeChunk(a->done.chunk);
	if (a->done.music != NULL)
		Mix_FreeMusic(a->done.music);
	free(a->done.buf);
	Mix_HaltChannel(-1);
	Mix_HaltMusic();
	Mix_CloseAudio();
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(a);
}

void
audio_sound(struct audio *a, Mix_Music *m, int64_t duration_ms, int64_t now)
{
	int64_t ms = duration_ms < 0 ? -duration_ms : duration_ms;

	if (a == NULL)
		return;
	Mix_HaltMusic();
	a->music = NULL;
	if (m == NULL || duration_ms == 0)
		return;
	if (Mix_PlayMusic(m, duration_ms < 0 ? -1 : 0) != 0) {
		log_debug("sound: %s", Mix_GetError());
		return;
	}
	a->music = m;
	a->until = now + ms * 1000000;
}

void
audio_tick(struct audio *a, int64_t now)
{
	if (a != NULL && a->music != NULL && now >= a->until) {
		Mix_HaltMusic();
		a->music = NULL;
	}
}

bool
audio_playing_music(const struct audio *a, const Mix_Music *m)
{
	return a != NULL && a->music == m && Mix_PlayingMusic();
}

int
audio_effect(struct audio *a, Mix_Chunk *c)
{
	if (a == NULL || a->max_effects == 0)
		return -1;
	return Mix_PlayChannel(-1, c, 0) == -1 ? -1 : 0;
}

void
audio_voice(struct audio *a, Mix_Chunk *c)
{
	if (a == NULL)
		return;
	Mix_HaltChannel(CH_VOICE);
	if (c != NULL)
		Mix_PlayChannel(CH_VOICE, c, 0);
}

bool
audio_voice_busy(const struct audio *a)
{
	return a != NULL && Mix_Playing(CH_VOICE);
}

bool
audio_playing_chunk(const struct audio *a, const Mix_Chunk *c)
{
	int i;

	if (a == NULL)
		return false;
	for (i = 0; i < CH_EFFECTS + a->max_effects; i++)
		if (Mix_Playing(i) && Mix_GetChunk(i) == c)
			return true;
	return false;
}

bool
audio_busy(const struct audio *a)
{
	return a != NULL && (Mix_Playing(-1) > 0 || Mix_PlayingMusic());
}

void
audio_toggle_mute(struct audio *a)
{
	if (a == NULL)
		return;
	a->muted = !a->muted;
	apply_volume(a);
}

void
audio_volume_step(struct audio *a, int steps)
{
	if (a == NULL)
		return;
	a->volume += steps;
	if (a->volume < 0)
		a->volume = 0;
	if (a->volume > AUDIO_VOLUME_STEPS)
		a->volume = AUDIO_VOLUME_STEPS;
	apply_volume(a);
}

bool
audio_muted(const struct audio *a)
{
	return a != NULL && a->muted;
}

int
audio_volume(const struct audio *a)
{
	return a != NULL ? a->volume : 0;
}
