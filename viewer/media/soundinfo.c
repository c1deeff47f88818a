/*
 * soundinfo.c - sound file headers, judged before SDL_mixer decodes them.
 *
 * Formats, as SDL 2.26 and SDL_mixer 2.6 read them:
 *   WAV   Microsoft RIFF (Multimedia Programming Interface and Data
 *         Specifications 1.0), WAVE_FORMAT_EXTENSIBLE;
 *   FLAC  the FLAC format (RFC 9639), the metadata blocks only;
 *   Ogg   RFC 3533 pages; Vorbis I identification header (Vorbis I
 *         specification, 4.2.2); OpusHead (RFC 7845, 5.1);
 *   MP3   recognised the way SDL_mixer recognises it (its rates are fixed,
 *         8 to 48 kHz, and it has one or two channels).
 *
 *     RIFF chunk           fmt chunk (16, 18 or 40 bytes)
 *     +------+------+      +-----+----+------+----------+-------+------+
 *     | RIFF | size |      | tag | ch | rate | byterate | align | bits |
 *     +------+------+      +-----+----+------+----------+-------+------+
 *     | WAVE | chunk: id, size, bytes, a pad byte if odd | chunk ...
 *     +------+-------------------------------------------+--------
 *
 * See soundinfo.h.  Every read goes through common/cursor.h.
 */
#include "config.h"
#include "soundinfo.h"

#include <string.h>

#include "cursor.h"
#include "errbuf.h"

/* The GUID of an EXTENSIBLE sub-format, less its first two bytes (the tag). */
static const uint8_t guid_tail[14] = {
	0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00,
	0x38, 0x9b, 0x71
};

const char *
soundinfo_kind_name(enum sound_kind k)
{
	switch (k) {
	case SOUND_WAV:
		return "WAV";
	case SOUND_FLAC:
		return "FLAC";
	case SOUND_OGG:
		return "Ogg";
	case SOUND_MP3:
		return "MP3";
	}
	return "?";
}

static int
check_rate_channels(uint64_t rate, uint64_t channels, char *err,
    size_t errlen)
{
	if (rate < SOUND_RATE_MIN || rate > SOUND_RATE_MAX)
		return errbuf_fmt(err, errlen, "sample rate %llu Hz outside "
		    "%d to %d Hz", (unsigned long long)rate, SOUND_RATE_MIN,
		    SOUND_RATE_MAX);
	if (channels < 1 || channels > SOUND_CHANNELS_MAX)
		return errbuf_fmt(err, errlen, "%llu channels, not 1 to %d",
		    (unsigned long long)channels, SOUND_CHANNELS_MAX);
	return 0;
}

/* --- WAV ----------------------------------------------------------------- */

static int
wav_fmt(struct cursor *c, size_t size, bool music, struct sound_info *si,
    char *err, size_t errlen)
{
	uint16_t tag, ch, align, bits, ext, valid;
	uint32_t rate, byterate, mask;
	uint8_t guid[16];
	size_t bytes;

	if (size < 16 || !cur_le16(c, &tag) || !cur_le16(c, &ch) ||
	    !cur_le32(c, &rate) || !cur_le32(c, &byterate) ||
	    !cur_le16(c, &align) || !cur_le16(c, &bits))
		return errbuf_fmt(err, errlen, "fmt chunk shorter than 16 "
		    "bytes");
	si->encoding = tag;
	if (tag == WAV_EXTENSIBLE) {
		if (size < 40 || !cur_le16(c, &ext) || ext < 22 ||
		    !cur_le16(c, &valid) || !cur_le32(c, &mask) ||
		    !cur_bytes(c, guid, sizeof(guid)))
			return errbuf_fmt(err, errlen, "extensible fmt chunk "
			    "shorter than 40 bytes");
		if (memcmp(guid + 2, guid_tail, sizeof(guid_tail)) != 0)
			return errbuf_fmt(err, errlen, "unknown sub-format "
			    "GUID");
		si->encoding = (uint16_t)(guid[0] | guid[1] << 8);
	}
	if (check_rate_channels(rate, ch, err, errlen) == -1)
		return -1;
	si->rate = rate;
	si->channels = ch;
	si->bits = bits;
	si->block_align = align;
	switch (si->encoding) {
	case WAV_PCM:
		if (bits != 8 && bits != 16 && bits != 24 && bits != 32)
			return errbuf_fmt(err, errlen, "%u-bit PCM", bits);
		si->pcm_bytes = bits == 8 ? 1 : bits == 16 ? 2 : 4;
		break;
	case WAV_FLOAT:
		if (bits != 32 && (bits != 64 || !music))
			return errbuf_fmt(err, errlen, "%u-bit floating point",
			    bits);
		si->pcm_bytes = 4;
		si->pcm_float = true;
		break;
	case WAV_ALAW:
	case WAV_MULAW:
		if (bits != 8)
			return errbuf_fmt(err, errlen, "%u-bit A-law or "
			    "mu-law", bits);
		si->pcm_bytes = 2;
		break;
	case WAV_MS_ADPCM:
	case WAV_IMA_ADPCM:
		if (music)
			return errbuf_fmt(err, errlen, "ADPCM does not play "
			    "as music");
		if (bits != 4)
			return errbuf_fmt(err, errlen, "%u-bit ADPCM", bits);
		bytes = (size_t)ch * (si->encoding == WAV_MS_ADPCM ? 7 : 4);
		if (align <= bytes)
			return errbuf_fmt(err, errlen, "ADPCM blocks of %u "
			    "bytes", align);
		si->pcm_bytes = 2;
		return 0;
	default:
		return errbuf_fmt(err, errlen, "WAVE format 0x%04x",
		    si->encoding);
	}
	/* Uncompressed: a frame is a sample of each channel. */
	if (align != ch * ((bits + 7) / 8))
		return errbuf_fmt(err, errlen, "block alignment %u for %u "
		    "channels of %u bits", align, ch, bits);
	return 0;
}

/* The most sample frames SDL decodes from the data chunk. */
static void
wav_frames(struct sound_info *si)
{
	uint64_t blocks, hdr, per;

	blocks = si->data_len / si->block_align;
	switch (si->encoding) {
	case WAV_MS_ADPCM:
	case WAV_IMA_ADPCM:
		/*
		 * SDL refuses more samples per block than the block holds
		 * (4 bits each) plus those of its header (2 or 1); a trailing
		 * part block gives at most as many.
		 */
		hdr = si->encoding == WAV_MS_ADPCM ? 7 : 4;
		per = ((uint64_t)si->block_align - hdr * si->channels) * 2 /
		    si->channels + 2;
		si->frames = (blocks + 1) * per;
		break;
	default:
		si->frames = blocks;
		break;
	}
}

static int
wav_parse(const uint8_t *buf, size_t len, bool music, struct sound_info *si,
    char *err, size_t errlen)
{
	struct cursor c, body;
	uint8_t id[4];
	uint32_t riff, size;
	bool have_fmt = false, have_data = false;
	int n = 0;

	memset(si, 0, sizeof(*si));
	si->kind = SOUND_WAV;
	cur_init(&c, buf, len);
	if (!cur_bytes(&c, id, 4) || memcmp(id, "RIFF", 4) != 0 ||
	    !cur_le32(&c, &riff) || !cur_bytes(&c, id, 4) ||
	    memcmp(id, "WAVE", 4) != 0)
		return errbuf_fmt(err, errlen, "not a WAV file");
	while (cur_left(&c) > 0) {
		if (++n > SOUND_CHUNKS_MAX)
			return errbuf_fmt(err, errlen, "more than %d chunks",
			    SOUND_CHUNKS_MAX);
		if (!cur_bytes(&c, id, 4) || !cur_le32(&c, &size))
			return errbuf_fmt(err, errlen, "%zu bytes after the "
			    "last chunk", cur_left(&c));
		if (!cur_sub(&c, size, &body))
			return errbuf_fmt(err, errlen, "a chunk of %u bytes "
			    "runs past the end of the file", size);
		if (memcmp(id, "fmt ", 4) == 0) {
			if (have_fmt)
				return errbuf_fmt(err, errlen, "two fmt "
				    "chunks");
			if (have_data)
				return errbuf_fmt(err, errlen, "fmt chunk "
				    "after the data");
			if (wav_fmt(&body, size, music, si, err, errlen) == -1)
				return -1;
			have_fmt = true;
		} else if (memcmp(id, "data", 4) == 0) {
			if (have_data)
				return errbuf_fmt(err, errlen, "two data "
				    "chunks");
			si->data_len = size;
			have_data = true;
		}
		/*
		 * SDL skips the pad byte after an odd-sized chunk and
		 * SDL_mixer's music reader does not: after one, they would
		 * read different chunks.  Only the last may be odd.
		 */
		if (size & 1) {
			if (cur_left(&c) > 1)
				return errbuf_fmt(err, errlen, "an odd-sized "
				    "chunk before the last");
			break;		/* its pad byte, if any, ends the file */
		}
	}
	if (!have_fmt)
		return errbuf_fmt(err, errlen, "no fmt chunk");
	if (!have_data)
		return errbuf_fmt(err, errlen, "no data chunk");
	wav_frames(si);
	return 0;
}

int
soundinfo_wav(const uint8_t *buf, size_t len, struct sound_info *si,
    char *err, size_t errlen)
{
	return wav_parse(buf, len, false, si, err, errlen);
}

/* --- FLAC ---------------------------------------------------------------- */

static int
flac_parse(const uint8_t *buf, size_t len, struct sound_info *si, char *err,
    size_t errlen)
{
	struct cursor c, body;
	uint8_t head, b[8];
	uint16_t hi;
	uint8_t lo;
	uint32_t size, rate;
	unsigned ch;
	bool last = false;
	int n = 0;

	cur_init(&c, buf, len);
	if (!cur_skip(&c, 4))				/* "fLaC" */
		return errbuf_fmt(err, errlen, "not a FLAC file");
	while (!last) {
		if (!cur_u8(&c, &head) || !cur_be16(&c, &hi) ||
		    !cur_u8(&c, &lo))
			return errbuf_fmt(err, errlen, "FLAC metadata cut "
			    "short");
		size = (uint32_t)hi << 8 | lo;
		last = (head & 0x80) != 0;
		if (!cur_sub(&c, size, &body))
			return errbuf_fmt(err, errlen, "FLAC metadata block "
			    "runs past the end of the file");
		if ((head & 0x7f) == 127)
			return errbuf_fmt(err, errlen, "invalid FLAC metadata "
			    "block");
		if (n++ == 0) {
			if ((head & 0x7f) != 0 || size != 34)
				return errbuf_fmt(err, errlen, "no FLAC "
				    "STREAMINFO first");
			if (!cur_skip(&body, 10) || !cur_bytes(&body, b, 8))
				return errbuf_fmt(err, errlen, "FLAC "
				    "STREAMINFO cut short");
			rate = (uint32_t)b[0] << 12 | (uint32_t)b[1] << 4 |
			    b[2] >> 4;
			ch = ((b[2] >> 1) & 7) + 1;
			if (check_rate_channels(rate, ch, err, errlen) == -1)
				return -1;
			si->rate = rate;
			si->channels = (uint16_t)ch;
			si->bits = (uint16_t)(((b[2] & 1) << 4 | b[3] >> 4) +
			    1);
		} else if ((head & 0x7f) == 0)
			return errbuf_fmt(err, errlen, "two FLAC STREAMINFO "
			    "blocks");
		if (n > SOUND_CHUNKS_MAX)
			return errbuf_fmt(err, errlen, "more than %d FLAC "
			    "metadata blocks", SOUND_CHUNKS_MAX);
	}
	return 0;
}

/* --- Ogg ----------------------------------------------------------------- */

/* CRC-32 of Ogg pages: polynomial 0x04c11db7, not reflected, from 0. */
static void
ogg_crc_table(uint32_t t[256])
{
	uint32_t r;
	int i, k;

	for (i = 0; i < 256; i++) {
		r = (uint32_t)i << 24;
		for (k = 0; k < 8; k++)
			r = r & 0x80000000u ? r << 1 ^ 0x04c11db7u : r << 1;
		t[i] = r;
	}
}

static uint32_t
ogg_crc(const uint32_t t[256], const uint8_t *p, size_t len)
{
	uint32_t crc = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		/* The checksum field (bytes 22 to 25) counts as zero. */
		uint8_t b = i >= 22 && i < 26 ? 0 : p[i];

		crc = crc << 8 ^ t[(crc >> 24 ^ b) & 0xff];
	}
	return crc;
}

/* The first packet of a stream: a Vorbis or Opus identification header. */
static int
ogg_ident(struct cursor *pkt, struct sound_info *si, bool first, char *err,
    size_t errlen)
{
	uint8_t magic[8], ver8 = 0, ch = 0;
	uint32_t ver = 0, rate = 0;

	if (cur_left(pkt) >= 30 && memcmp(cur_pos(pkt), "\001vorbis", 7) ==
	    0) {
		if (!cur_skip(pkt, 7) || !cur_le32(pkt, &ver) ||
		    !cur_u8(pkt, &ch) || !cur_le32(pkt, &rate))
			return errbuf_fmt(err, errlen, "Vorbis header cut "
			    "short");
		if (ver != 0)
			return errbuf_fmt(err, errlen, "Vorbis version %u",
			    ver);
	} else if (cur_bytes(pkt, magic, 8) && memcmp(magic, "OpusHead", 8) ==
	    0 && cur_left(pkt) >= 11) {
		if (!cur_u8(pkt, &ver8) || !cur_u8(pkt, &ch))
			return errbuf_fmt(err, errlen, "Opus header cut short");
		rate = 48000;		/* Opus always decodes at 48 kHz */
		if (ver8 >> 4 != 0)
			return errbuf_fmt(err, errlen, "Opus version %u", ver8);
	} else
		return errbuf_fmt(err, errlen, "an Ogg stream neither Vorbis "
		    "nor Opus");
	if (check_rate_channels(rate, ch, err, errlen) == -1)
		return -1;
	if (first || rate < si->rate)
		si->rate = rate;
	if (first || ch > si->channels)
		si->channels = ch;
	return 0;
}

/*
 * Every page, contiguous and with its checksum right: then a decoder, which
 * resynchronises only after a bad page, reads the pages read here, and every
 * stream of a chain (each may change the rate) starts on a page checked here.
 */
static int
ogg_parse(const uint8_t *buf, size_t len, struct sound_info *si, char *err,
    size_t errlen)
{
	uint32_t table[256], crc;
	struct cursor c, pkt;
	const uint8_t *page, *segs;
	uint8_t hdr[27];
	size_t body, first, i;
	int streams = 0;

	ogg_crc_table(table);
	cur_init(&c, buf, len);
	while (cur_left(&c) > 0) {
		page = cur_pos(&c);
		if (!cur_bytes(&c, hdr, sizeof(hdr)) ||
		    memcmp(hdr, "OggS", 4) != 0 || hdr[4] != 0)
			return errbuf_fmt(err, errlen, "not an Ogg page at "
			    "byte %zu", (size_t)(page - buf));
		segs = cur_pos(&c);
		if (!cur_skip(&c, hdr[26]))
			return errbuf_fmt(err, errlen, "Ogg page cut short");
		body = 0;
		first = SIZE_MAX;
		for (i = 0; i < hdr[26]; i++) {
			body += segs[i];
			if (segs[i] < 255 && first == SIZE_MAX)
				first = body;
		}
		cur_init(&pkt, cur_pos(&c), body);
		if (!cur_skip(&c, body))
			return errbuf_fmt(err, errlen, "Ogg page cut short");
		crc = (uint32_t)hdr[25] << 24 | (uint32_t)hdr[24] << 16 |
		    (uint32_t)hdr[23] << 8 | hdr[22];
		if (ogg_crc(table, page, (size_t)(cur_pos(&c) - page)) != crc)
			return errbuf_fmt(err, errlen, "Ogg page checksum "
			    "wrong at byte %zu", (size_t)(page - buf));
		if ((hdr[5] & 0x02) == 0)
			continue;
		/* Beginning of a stream: its first packet, whole. */
		if ((hdr[5] & 0x01) != 0 || first == SIZE_MAX)
			return errbuf_fmt(err, errlen, "Ogg identification "
			    "header across pages");
		cur_truncate(&pkt, first);
		if (ogg_ident(&pkt, si, streams == 0, err, errlen) == -1)
			return -1;
		streams++;
	}
	if (streams == 0)
		return errbuf_fmt(err, errlen, "no Ogg stream");
	return 0;
}

/* --- music and the peak -------------------------------------------------- */

int
soundinfo_music(const uint8_t *buf, size_t len, struct sound_info *si,
    char *err, size_t errlen)
{
	memset(si, 0, sizeof(*si));
	/* In the order and with the tests of SDL_mixer's detect_music_type. */
	if (len < 12)
		return errbuf_fmt(err, errlen, "shorter than 12 bytes");
	if (memcmp(buf, "RIFF", 4) == 0 && memcmp(buf + 8, "WAVE", 4) == 0)
		return wav_parse(buf, len, true, si, err, errlen);
	if (memcmp(buf, "FORM", 4) == 0)
		return errbuf_fmt(err, errlen, "AIFF is not played");
	if (memcmp(buf, "OggS", 4) == 0) {
		si->kind = SOUND_OGG;
		return ogg_parse(buf, len, si, err, errlen);
	}
	if (memcmp(buf, "fLaC", 4) == 0) {
		si->kind = SOUND_FLAC;
		return flac_parse(buf, len, si, err, errlen);
	}
	if (memcmp(buf, "MThd", 4) == 0)
		return errbuf_fmt(err, errlen, "MIDI is not played");
	if (memcmp(buf, "ID3", 3) == 0 ||
	    (buf[0] == 0xff && (buf[1] & 0xe6) == 0xe2)) {
		si->kind = SOUND_MP3;
		si->rate = SOUND_RATE_MIN;	/* the lowest MPEG rate */
		si->channels = 2;
		return 0;
	}
	/* SDL_mixer would try it as a tracker module. */
	return errbuf_fmt(err, errlen, "not WAV, FLAC, Ogg or MP3");
}

static uint64_t
mul_sat(uint64_t a, uint64_t b)
{
	if (a != 0 && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

static uint64_t
add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

uint64_t
soundinfo_peak(const struct sound_info *si, const struct sound_out *out)
{
	uint64_t pcm, mult;
	int bits = si->pcm_bytes * 8;

	pcm = mul_sat(mul_sat(si->frames, si->channels), si->pcm_bytes);
	if (out->rate <= 0 || out->channels <= 0 || si->rate == 0 ||
	    si->channels == 0)
		return UINT64_MAX;
	/* SDL_mixer converts only when the formats differ (8 bits: U8). */
	if ((int)si->rate == out->rate && si->channels == out->channels &&
	    bits == out->bits && si->pcm_float == out->is_float && bits != 8)
		return add_sat(si->data_len, pcm);
	/* SDL_BuildAudioCVT's len_mult: to float, channels, rate. */
	mult = 1;
	if (!si->pcm_float && bits < 32)
		mult *= (uint64_t)(32 / bits);
	if (si->channels < out->channels)
		mult = (mult * (uint64_t)out->channels + si->channels - 1) /
		    si->channels;
	if ((int)si->rate != out->rate) {
		if ((int)si->rate < out->rate)
			mult *= ((uint64_t)out->rate + si->rate - 1) /
			    si->rate;
		mult *= 2;		/* the resampler's scratch half */
	}
	return add_sat(add_sat(si->data_len, pcm), mul_sat(pcm, mult));
}
