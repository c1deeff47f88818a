/*
 * fuzz-media.c - the viewer's media header sniffers, which judge a file
 * before a decoder sees it: soundinfo_wav() (effects, the voice),
 * soundinfo_music() (PACKTERSOUND) and soundinfo_peak()
 * (viewer/media/soundinfo.c), media_image_info() (pictures,
 * viewer/media/media.c), all on every input.
 *
 * Invariants: an accepted sound has a rate of SOUND_RATE_MIN to
 * SOUND_RATE_MAX and 1 to SOUND_CHANNELS_MAX channels; an accepted WAV's
 * data chunk lies inside the file and its frames fit the data (PCM) or its
 * blocks (ADPCM); the peak is at least the PCM and never saturates for a
 * sane device; a WAV accepted as an effect is accepted as music unless it
 * is ADPCM, and music names the kind its magic says; a picture's size is
 * positive.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media.h"
#include "soundinfo.h"

static const struct sound_out devs[] = {
	{ 44100, 2, 16, false },
	{ 192000, 8, 32, true },
	{ 8000, 1, 8, false },
};

static void
check_rate(const struct sound_info *si)
{
	if (si->rate < SOUND_RATE_MIN || si->rate > SOUND_RATE_MAX ||
	    si->channels < 1 || si->channels > SOUND_CHANNELS_MAX)
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sound_info si, mi;
	char err[256];
	uint64_t pcm, peak;
	size_t d;
	int w, h, wrc, mrc;
	const char *img;

	wrc = soundinfo_wav(data, size, &si, err, sizeof(err));
	if (wrc == 0) {
		check_rate(&si);
		if (si.kind != SOUND_WAV || si.data_len > size ||
		    si.block_align == 0 || (si.pcm_bytes != 1 &&
		    si.pcm_bytes != 2 && si.pcm_bytes != 4))
			abort();
		if (si.encoding == WAV_MS_ADPCM ||
		    si.encoding == WAV_IMA_ADPCM) {
			if (si.frames > ((uint64_t)si.data_len /
			    si.block_align + 1) * (2ull * si.block_align + 2))
				abort();
		} else if (si.frames * si.block_align > si.data_len)
			abort();
		pcm = si.frames * si.channels * si.pcm_bytes;
		for (d = 0; d < sizeof(devs) / sizeof(devs[0]); d++) {
			peak = soundinfo_peak(&si, &devs[d]);
			if (peak < pcm || peak == UINT64_MAX)
				abort();
		}
	} else if (err[0] == '\0')
		abort();
	mrc = soundinfo_music(data, size, &mi, err, sizeof(err));
	if (mrc == 0) {
		check_rate(&mi);
		if (size < 12)
			abort();
		switch (mi.kind) {
		case SOUND_WAV:
			if (memcmp(data, "RIFF", 4) != 0)
				abort();
			break;
		case SOUND_OGG:
			if (memcmp(data, "OggS", 4) != 0)
				abort();
			break;
		case SOUND_FLAC:
			if (memcmp(data, "fLaC", 4) != 0)
				abort();
			break;
		case SOUND_MP3:
			if (memcmp(data, "ID3", 3) != 0 && data[0] != 0xff)
				abort();
			break;
		default:
			abort();
		}
	}
	if (wrc == 0 && si.encoding != WAV_MS_ADPCM &&
	    si.encoding != WAV_IMA_ADPCM && mrc != 0)
		abort();
	img = media_image_info(data, size, &w, &h);
	if (img != NULL && (w <= 0 || h <= 0))
		abort();
	return 0;
}
