/*
 * audio.h - sound through SDL2_mixer: the music of PACKTERSOUND, the effects
 * of PACKTERSE, the synthesised voice.
 *
 * Channel 0 plays the sound (one at a time; a new one replaces it), cut by
 * SDL_mixer itself after its duration (Mix_PlayChannelTimed), looped for a
 * negative one; channel 1 the voice; the next max_effects channels the
 * effects, several at once, and an effect that finds them all busy is
 * refused.  Muting sets every channel's volume to 0 and leaves the sounds
 * running, so unmuting comes back where they are.
 */
#ifndef PACKTER_VIEWER_AUDIO_H
#define PACKTER_VIEWER_AUDIO_H

#include <SDL_mixer.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIO_VOLUME_STEPS	16	/* F9/F10, [ ] */
#define AUDIO_CHUNK_MAX		(256 * 1024 * 1024)	/* decoded bytes */

struct audio;

/* Open the device; NULL with err set when there is no sound here. */
struct audio	*audio_new(int max_effects, bool mute, char *err,
		    size_t errlen);
void		 audio_free(struct audio *);

/* Decode a sound file read into memory (WAV, OGG ... as SDL_mixer can). */
Mix_Chunk	*audio_decode(const uint8_t *buf, size_t len, char *err,
		    size_t errlen);

/* PACKTERSOUND: play for duration_ms (< 0: loop for that long); 0 stops. */
void		 audio_sound(struct audio *, Mix_Chunk *, int64_t duration_ms);
/* PACKTERSE: -1 when every effect channel is busy. */
int		 audio_effect(struct audio *, Mix_Chunk *);
/* The voice: replaces what it was saying. */
void		 audio_voice(struct audio *, Mix_Chunk *);
bool		 audio_voice_busy(const struct audio *);

/* Is this chunk playing anywhere (before freeing it)? */
bool		 audio_playing_chunk(const struct audio *, const Mix_Chunk *);
/* Anything playing at all. */
bool		 audio_busy(const struct audio *);

void		 audio_toggle_mute(struct audio *);
void		 audio_volume_step(struct audio *, int steps);
bool		 audio_muted(const struct audio *);
/* 0 to AUDIO_VOLUME_STEPS. */
int		 audio_volume(const struct audio *);

#endif /* PACKTER_VIEWER_AUDIO_H */
