/*
 * audio.c - SDL2_mixer channels for sound, voice and effects.
 */
#include "config.h"
#include "audio.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define CH_VOICE	0
#define CH_EFFECTS	1	/* the first effect channel */
#define RATE		44100

struct audio {
	int		 max_effects;
	int		 volume;	/* steps */
	bool		 muted;
	Mix_Music	*music;		/* playing, or last played */
	int64_t		 until;		/* ns, monotonic: halt it then */
};

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
	a->max_effects = max_effects;
	a->volume = AUDIO_VOLUME_STEPS;
	a->muted = mute;
	Mix_AllocateChannels(CH_EFFECTS + max_effects);
	/* Effects take the unreserved channels only. */
	Mix_ReserveChannels(CH_EFFECTS);
	apply_volume(a);
	log_debug("audio: %s, %d effect channels",
	    SDL_GetCurrentAudioDriver(), max_effects);
	return a;
}

void
audio_free(struct audio *a)
{
	if (a == NULL)
		return;
	Mix_HaltChannel(-1);
	Mix_HaltMusic();
	Mix_CloseAudio();
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(a);
}

Mix_Chunk *
audio_decode(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	SDL_RWops *rw;
	Mix_Chunk *c;

	if (len < 12 || memcmp(buf, "RIFF", 4) != 0 ||
	    memcmp(buf + 8, "WAVE", 4) != 0) {
		snprintf(err, errlen, "not a WAV file");
		return NULL;
	}
	if (len > INT32_MAX || (rw = SDL_RWFromConstMem(buf, (int)len)) ==
	    NULL) {
		snprintf(err, errlen, "too large");
		return NULL;
	}
	if ((c = Mix_LoadWAV_RW(rw, 1)) == NULL) {
		snprintf(err, errlen, "%s", Mix_GetError());
		return NULL;
	}
	if (c->alen > AUDIO_CHUNK_MAX) {
		snprintf(err, errlen, "longer than %d decoded bytes",
		    AUDIO_CHUNK_MAX);
		Mix_FreeChunk(c);
		return NULL;
	}
	return c;
}

Mix_Music *
audio_music_open(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	SDL_RWops *rw;
	Mix_Music *m;

	if (len > INT32_MAX || (rw = SDL_RWFromConstMem(buf, (int)len)) ==
	    NULL) {
		snprintf(err, errlen, "too large");
		return NULL;
	}
	if ((m = Mix_LoadMUS_RW(rw, 1)) == NULL)
		snprintf(err, errlen, "%s", Mix_GetError());
	return m;
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
