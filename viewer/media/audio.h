/*
 * audio.h - sound through SDL2_mixer: the music of PACKTERSOUND, the effects
 * of PACKTERSE, the synthesised voice.
 *
 * The sound of PACKTERSOUND is SDL_mixer's music: decoded as it plays
 * (whatever its format and length, it never sits decoded in memory), one at
 * a time (a new one replaces it), looped for a negative duration, halted by
 * audio_tick() once its duration is over.  Channel 0 plays the voice; the
 * next max_effects channels the effects, several at once, and an effect
 * that finds them all busy is refused.  Effects and the voice are WAV files
 * decoded whole (Mix_Chunk), so their size in memory is bounded by their
 * file's.  Muting sets every volume to 0 and leaves the sounds running, so
 * unmuting comes back where they are.
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

/* Decode a WAV file read into memory, whole (effects, the voice). */
Mix_Chunk	*audio_decode(const uint8_t *buf, size_t len, char *err,
		    size_t errlen);

/*
 * A sound file read into memory (WAV, Ogg Vorbis, FLAC, MP3 ... as SDL_mixer
 * can), to be decoded as it plays: buf must outlive the music.
 */
Mix_Music	*audio_music_open(const uint8_t *buf, size_t len, char *err,
		    size_t errlen);

/*
 * PACKTERSOUND: play from now for duration_ms (< 0: loop for that long);
 * NULL or 0 stops.
 */
void		 audio_sound(struct audio *, Mix_Music *, int64_t duration_ms,
		    int64_t now);
/* Halt the sound whose time is over; once a frame. */
void		 audio_tick(struct audio *, int64_t now);
bool		 audio_playing_music(const struct audio *, const Mix_Music *);
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
