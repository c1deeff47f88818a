/*
 * audio.h - sound through SDL2_mixer: the music of PACKTERSOUND, the effects
 * of PACKTERSE, the synthesised voice.
 *
 * The sound of PACKTERSOUND is SDL_mixer's music: decoded as it plays
 * (whatever its length, it never sits decoded in memory), one at a time (a
 * new one replaces it), looped for a negative duration, halted by
 * audio_tick() once its duration is over.  Channel 0 plays the voice; the
 * next max_effects channels the effects, several at once, and an effect
 * that finds them all busy is refused.  Effects and the voice are WAV files
 * decoded whole (Mix_Chunk).  Muting sets every volume to 0 and leaves the
 * sounds running, so unmuting comes back where they are.
 *
 * Loading: no file reaches SDL_mixer before its header passed soundinfo.h
 * (rates 8 to 192 kHz, 1 to 8 channels, the formats listed there) and, for
 * a WAV decoded whole, before the bytes SDL_mixer would hold converting it
 * to the device's format are known to be within SOUND_DECODE_MAX.  Then one
 * loader thread decodes it (Mix_LoadWAV_RW, Mix_LoadMUS_RW), so the frame
 * thread never waits for a decoder: audio_load() hands a file over,
 * audio_load_done() gives back what became of it.
 */
#ifndef PACKTER_VIEWER_AUDIO_H
#define PACKTER_VIEWER_AUDIO_H

#include <SDL_mixer.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIO_VOLUME_STEPS	16	/* F9/F10, [ ] */

struct audio;

enum audio_job {
	AUDIO_CHUNK,		/* a WAV decoded whole: an effect, the voice */
	AUDIO_MUSIC		/* PACKTERSOUND, decoded as it plays */
};

/* What became of a load. */
enum audio_outcome {
	AUDIO_LOADED,
	AUDIO_REFUSED,		/* by its header (soundinfo.h) */
	AUDIO_TOO_LARGE,	/* decoding it would pass SOUND_DECODE_MAX */
	AUDIO_FAILED		/* SDL_mixer could not decode it */
};

/* A finished load. */
struct audio_loaded {
	enum audio_job	 kind;
	uint64_t	 tag;
	enum audio_outcome outcome;
	Mix_Chunk	*chunk;		/* AUDIO_CHUNK loaded */
	Mix_Music	*music;		/* AUDIO_MUSIC loaded */
	void		*buf;		/* the music's file: free it with it */
	size_t		 len;		/* the file's bytes */
	char		 err[256];	/* why not */
};

/* Open the device; NULL with err set when there is no sound here. */
struct audio	*audio_new(int max_effects, bool mute, char *err,
		    size_t errlen);
void		 audio_free(struct audio *);

/*
 * Hand a file read into memory (malloc'd) to the loader thread, which judges
 * its header, decodes it, and frees it (a chunk, a refusal) or gives it back
 * with the music (which reads it as it plays): 0.  -1 when a load is in
 * progress or finished and not yet taken (buf stays the caller's).
 */
int		 audio_load(struct audio *, enum audio_job, uint64_t tag,
		    void *buf, size_t len);
/* A load in progress, or finished and not yet taken. */
bool		 audio_loading(struct audio *);
/* The finished load, if there is one: true and *out filled. */
bool		 audio_load_done(struct audio *, struct audio_loaded *out);

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
