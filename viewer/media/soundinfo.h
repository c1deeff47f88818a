/*
 * soundinfo.h - what a sound file from the media directory will decode to,
 * read from its headers before SDL_mixer sees a byte of it.
 *
 * SDL_mixer trusts a file's header: a WAV at 1 Hz is resampled to the
 * device's 44.1 kHz by a factor of 44100, which overflows an int inside
 * Mix_LoadWAV_RW (a heap write past its buffer) or, played as music, fills
 * gigabytes of stream buffers.  So every sound is judged here first:
 *
 *   - effects and the voice (PACKTERSE, PACKTERVOICE: Mix_LoadWAV_RW,
 *     decoded whole): WAV only, soundinfo_wav();
 *   - PACKTERSOUND (Mix_LoadMUS_RW, decoded as it plays): WAV, FLAC, Ogg
 *     Vorbis or Opus, MP3, soundinfo_music(); MIDI, tracker modules, AIFF,
 *     VOC and anything SDL_mixer would have to guess are refused.
 *
 * A file is accepted only in a form every reader in SDL_mixer and SDL walks
 * the same way: one "fmt " and one "data" chunk, no chunk past the end of
 * the file, an odd-sized chunk only last (SDL_mixer's music reader skips no
 * pad byte, SDL's does); Ogg pages contiguous with good checksums, every
 * stream's identification header checked; one FLAC STREAMINFO.  Sample
 * rates SOUND_RATE_MIN to SOUND_RATE_MAX, 1 to SOUND_CHANNELS_MAX channels.
 *
 * soundinfo_peak() computes what Mix_LoadWAV_RW allocates converting a WAV
 * to the device's format (SDL_BuildAudioCVT's len_mult, as SDL 2.26 has
 * it); an effect over SOUND_DECODE_MAX is refused.
 *
 * No SDL, no GL: unit-tested (tests/viewer/test-soundinfo.c), fuzzed
 * (fuzz/fuzz-media.c).
 */
#ifndef PACKTER_VIEWER_SOUNDINFO_H
#define PACKTER_VIEWER_SOUNDINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SOUND_RATE_MIN		8000	/* Hz */
#define SOUND_RATE_MAX		192000
#define SOUND_CHANNELS_MAX	8
#define SOUND_CHUNKS_MAX	256	/* RIFF chunks in a WAV */
#define SOUND_DECODE_MAX	(64 * 1024 * 1024)	/* bytes, an effect */

/* WAVE format tags (the sub-format of WAVE_FORMAT_EXTENSIBLE). */
#define WAV_PCM			0x0001
#define WAV_MS_ADPCM		0x0002
#define WAV_FLOAT		0x0003
#define WAV_ALAW		0x0006
#define WAV_MULAW		0x0007
#define WAV_IMA_ADPCM		0x0011
#define WAV_EXTENSIBLE		0xfffe

enum sound_kind {
	SOUND_WAV,
	SOUND_FLAC,
	SOUND_OGG,		/* Vorbis or Opus */
	SOUND_MP3
};

struct sound_info {
	enum sound_kind	 kind;
	uint32_t	 rate;		/* the lowest of an Ogg chain */
	uint16_t	 channels;	/* the most of an Ogg chain */
	/* WAV only. */
	uint16_t	 encoding;	/* WAV_*, EXTENSIBLE resolved */
	uint16_t	 bits;		/* per sample, in the file */
	uint16_t	 block_align;
	uint32_t	 data_len;	/* bytes of the data chunk */
	uint64_t	 frames;	/* at most, what SDL decodes */
	uint8_t		 pcm_bytes;	/* per sample, as SDL_LoadWAV hands on */
	bool		 pcm_float;
};

/* The device's format, as Mix_QuerySpec() reports it. */
struct sound_out {
	int		 rate;
	int		 channels;
	int		 bits;		/* per sample */
	bool		 is_float;
};

/* An effect or the voice: a WAV that SDL_LoadWAV_RW can decode. */
int		 soundinfo_wav(const uint8_t *, size_t, struct sound_info *,
		    char *err, size_t errlen);

/* PACKTERSOUND: any music format accepted (see above). */
int		 soundinfo_music(const uint8_t *, size_t, struct sound_info *,
		    char *err, size_t errlen);

/*
 * The most bytes SDL_mixer holds at once decoding the WAV of info to out
 * (SDL's copy of the data, its PCM, and the conversion buffer); saturates at
 * UINT64_MAX.
 */
uint64_t	 soundinfo_peak(const struct sound_info *,
		    const struct sound_out *);

const char	*soundinfo_kind_name(enum sound_kind);

#endif /* PACKTER_VIEWER_SOUNDINFO_H */
