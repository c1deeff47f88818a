/*
 * test-soundinfo.c - sound headers judged before SDL_mixer sees them
 * (viewer/media/soundinfo.c): the sample rates and channel counts refused (the
 * 1 Hz WAV that overflowed Mix_LoadWAV_RW among them), RIFF layouts that
 * SDL and SDL_mixer would walk differently, FLAC and Ogg headers, the
 * formats PACKTERSOUND refuses, and the decode peak checked against SDL's
 * own SDL_BuildAudioCVT for every pair of formats.  The media's own WAV
 * files pass.
 */
#include "config.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/test.h"
#include "soundinfo.h"

static uint8_t buf[8 * 1024 * 1024];
static size_t blen;
static char err[256];

static void
put8(unsigned v)
{
	buf[blen++] = (uint8_t)v;
}

static void
put16(unsigned v)
{
	put8(v & 0xff);
	put8(v >> 8 & 0xff);
}

static void
put32(uint32_t v)
{
	put16(v & 0xffff);
	put16(v >> 16);
}

static void
putid(const char *id)
{
	memcpy(buf + blen, id, 4);
	blen += 4;
}

static void
riff(void)
{
	blen = 0;
	putid("RIFF");
	put32(0);		/* fixed by done() */
	putid("WAVE");
}

static void
fmt(unsigned tag, unsigned ch, uint32_t rate, unsigned bits, unsigned align)
{
	putid("fmt ");
	put32(16);
	put16(tag);
	put16(ch);
	put32(rate);
	put32(rate * align);
	put16(align);
	put16(bits);
}

static void
data(uint32_t len)
{
	putid("data");
	put32(len);
	memset(buf + blen, 0x80, len);
	blen += len;
	if (len & 1)
		put8(0);
}

static void
done(void)
{
	uint32_t v = (uint32_t)(blen - 8);

	memcpy(buf + 4, (uint8_t[4]){ v & 0xff, v >> 8 & 0xff, v >> 16 & 0xff,
	    v >> 24 }, 4);
}

/* A PCM WAV: rate, channels, bits, data bytes. */
static void
pcm(uint32_t rate, unsigned ch, unsigned bits, uint32_t len)
{
	riff();
	fmt(1, ch, rate, bits, ch * bits / 8);
	data(len);
	done();
}

static int
wav(struct sound_info *si)
{
	return soundinfo_wav(buf, blen, si, err, sizeof(err));
}

static int
music(struct sound_info *si)
{
	return soundinfo_music(buf, blen, si, err, sizeof(err));
}

static const struct sound_out dev = { 44100, 2, 16, false };

TEST(pcm_accepted)
{
	struct sound_info si;

	pcm(44100, 2, 16, 4000);
	CHECK(wav(&si) == 0);
	CHECK_EQ_U(si.rate, 44100);
	CHECK_EQ_U(si.channels, 2);
	CHECK_EQ_U(si.frames, 1000);
	CHECK_EQ_U(si.pcm_bytes, 2);
	/* The device's own format: no conversion, the data and its PCM. */
	CHECK_EQ_U(soundinfo_peak(&si, &dev), 8000);
	CHECK(music(&si) == 0);
	CHECK(si.kind == SOUND_WAV);
}

TEST(rates)
{
	struct sound_info si;

	/* The file: 6 KB, 8-bit mono, 1 Hz. */
	pcm(1, 1, 8, 6000);
	CHECK(wav(&si) == -1);
	CHECK(strstr(err, "sample rate 1 Hz") != NULL);
	CHECK(music(&si) == -1);
	pcm(4000, 1, 8, 6000);
	CHECK(wav(&si) == -1);
	pcm(7999, 1, 8, 6000);
	CHECK(wav(&si) == -1);
	pcm(8000, 1, 8, 6000);
	CHECK(wav(&si) == 0);
	pcm(192000, 1, 8, 6000);
	CHECK(wav(&si) == 0);
	pcm(192001, 1, 8, 6000);
	CHECK(wav(&si) == -1);
	pcm(0xffffffffu, 1, 8, 6000);
	CHECK(wav(&si) == -1);
	CHECK(music(&si) == -1);
}

TEST(channels)
{
	struct sound_info si;

	riff();
	fmt(1, 0, 44100, 16, 2);
	data(100);
	done();
	CHECK(wav(&si) == -1);
	pcm(44100, 8, 16, 1600);
	CHECK(wav(&si) == 0);
	pcm(44100, 9, 16, 1800);
	CHECK(wav(&si) == -1);
	CHECK(strstr(err, "9 channels") != NULL);
	/* 257 channels read as 1 by SDL_mixer's music (a Uint8). */
	riff();
	fmt(1, 257, 44100, 8, 257);
	data(257);
	done();
	CHECK(music(&si) == -1);
}

TEST(decode_cap)
{
	struct sound_info si;

	/*
	 * The 4 MiB at 4 kHz is refused for its rate; at 8 kHz,
	 * 8-bit mono, SDL_mixer would hold 98 times 4 MiB converting it.
	 */
	pcm(8000, 1, 8, 4 * 1024 * 1024);
	CHECK(wav(&si) == 0);
	CHECK_EQ_U(soundinfo_peak(&si, &dev), 98ull * 4 * 1024 * 1024);
	CHECK(soundinfo_peak(&si, &dev) > SOUND_DECODE_MAX);
	/* A second of it is fine. */
	pcm(8000, 1, 8, 8000);
	CHECK(wav(&si) == 0);
	CHECK(soundinfo_peak(&si, &dev) < 1024 * 1024);
	/* The media's effects: 22.05 kHz 16-bit mono. */
	pcm(22050, 1, 16, 44100 * 10);
	CHECK(wav(&si) == 0);
	CHECK(soundinfo_peak(&si, &dev) < SOUND_DECODE_MAX);
}

/* soundinfo_peak() against SDL's own conversion for every pair. */
TEST(peak_is_sdls)
{
	static const int rates[] = { 8000, 11025, 22050, 44100, 48000, 96000,
	    192000 };
	static const int chans[] = { 1, 2, 4, 6, 8 };
	static const struct {
		unsigned bits, tag;
		SDL_AudioFormat sdl;
	} fmts[] = {
		{ 8, 1, AUDIO_U8 }, { 16, 1, AUDIO_S16LSB },
		{ 32, 1, AUDIO_S32LSB }, { 32, 3, AUDIO_F32LSB },
	};
	static const struct {
		SDL_AudioFormat sdl;
		struct sound_out o;
	} devs[] = {
		{ AUDIO_S16SYS, { 44100, 2, 16, false } },
		{ AUDIO_S16SYS, { 48000, 6, 16, false } },
		{ AUDIO_F32SYS, { 192000, 8, 32, true } },
		{ AUDIO_S32SYS, { 8000, 1, 32, false } },
	};
	struct sound_info si;
	SDL_AudioCVT cvt;
	size_t r, c, f, d;
	uint64_t pcmlen, got, want;
	int rc, bad = 0;

	for (d = 0; d < sizeof(devs) / sizeof(devs[0]); d++)
	for (r = 0; r < sizeof(rates) / sizeof(rates[0]); r++)
	for (c = 0; c < sizeof(chans) / sizeof(chans[0]); c++)
	for (f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		riff();
		fmt(fmts[f].tag, (unsigned)chans[c], (uint32_t)rates[r],
		    fmts[f].bits, (unsigned)chans[c] * fmts[f].bits / 8);
		data((uint32_t)chans[c] * fmts[f].bits / 8 * 100);
		done();
		if (wav(&si) != 0) {
			bad++;
			continue;
		}
		rc = SDL_BuildAudioCVT(&cvt, fmts[f].sdl, (Uint8)chans[c],
		    rates[r], devs[d].sdl, (Uint8)devs[d].o.channels,
		    devs[d].o.rate);
		pcmlen = (uint64_t)si.frames * si.channels * si.pcm_bytes;
		got = soundinfo_peak(&si, &devs[d].o);
		want = si.data_len + pcmlen + (rc > 0 ? pcmlen *
		    (uint64_t)cvt.len_mult : 0);
		/* Ours may only be larger, and only for U8 without work. */
		if (got != want && !(rc == 0 && got == want + pcmlen * 4 * 2 &&
		    fmts[f].bits == 8)) {
			if (bad++ < 5)
				printf("  %d Hz %d ch %u bits tag %u -> %d Hz "
				    "%d ch: %llu, SDL %llu (len_mult %d)\n",
				    rates[r], chans[c], fmts[f].bits,
				    fmts[f].tag, devs[d].o.rate,
				    devs[d].o.channels,
				    (unsigned long long)got,
				    (unsigned long long)want, cvt.len_mult);
		}
	}
	CHECK_EQ_U(bad, 0);
}

TEST(layouts)
{
	struct sound_info si;

	/* Two fmt chunks: SDL reads the first, SDL_mixer's music the last. */
	riff();
	fmt(1, 1, 44100, 16, 2);
	fmt(1, 1, 1, 8, 1);
	data(100);
	done();
	CHECK(wav(&si) == -1);
	CHECK(strstr(err, "two fmt") != NULL);
	riff();
	fmt(1, 1, 44100, 16, 2);
	data(100);
	data(100);
	done();
	CHECK(wav(&si) == -1);
	riff();
	data(100);
	fmt(1, 1, 44100, 16, 2);
	done();
	CHECK(wav(&si) == -1);
	/* An odd chunk before the last: the readers disagree after it. */
	riff();
	fmt(1, 1, 44100, 8, 1);
	putid("LIST");
	put32(3);
	put8('a'); put8('b'); put8('c'); put8(0);
	data(100);
	done();
	CHECK(wav(&si) == -1);
	CHECK(strstr(err, "odd-sized") != NULL);
	/* Odd and last, with or without its pad byte, is fine. */
	riff();
	fmt(1, 1, 44100, 8, 1);
	data(101);
	done();
	CHECK(wav(&si) == 0);
	CHECK_EQ_U(si.frames, 101);
	blen--;
	CHECK(wav(&si) == 0);
	/* A chunk longer than the file (SDL_mixer mallocs LIST's size). */
	riff();
	fmt(1, 1, 44100, 8, 1);
	data(10);
	putid("LIST");
	put32(0xfffffff0u);
	done();
	CHECK(wav(&si) == -1);
	CHECK(strstr(err, "past the end") != NULL);
	/* Bytes after the last chunk. */
	pcm(44100, 1, 16, 100);
	put8(1); put8(2); put8(3);
	CHECK(wav(&si) == -1);
	/* No fmt, no data, not RIFF. */
	riff();
	data(10);
	done();
	CHECK(wav(&si) == -1);
	riff();
	fmt(1, 1, 44100, 8, 1);
	done();
	CHECK(wav(&si) == -1);
	pcm(44100, 1, 16, 100);
	memcpy(buf, "RIFX", 4);
	CHECK(wav(&si) == -1);
	/* Too many chunks. */
	riff();
	fmt(1, 1, 44100, 8, 1);
	for (int i = 0; i < SOUND_CHUNKS_MAX; i++) {
		putid("junk");
		put32(0);
	}
	data(10);
	done();
	CHECK(wav(&si) == -1);
	/* Every truncation of a good file is refused or bounded. */
	pcm(22050, 2, 16, 400);
	for (size_t n = blen; n-- > 0; ) {
		size_t keep = blen;

		blen = n;
		if (wav(&si) == 0)
			CHECK(si.frames * si.channels * 2 <= n);
		blen = keep;
	}
}

TEST(encodings)
{
	struct sound_info si;
	static const uint8_t pcm_guid[16] = { 1, 0, 0, 0, 0, 0, 0x10, 0, 0x80,
	    0, 0, 0xaa, 0, 0x38, 0x9b, 0x71 };

	/* EXTENSIBLE PCM. */
	riff();
	putid("fmt ");
	put32(40);
	put16(0xfffe); put16(2); put32(48000); put32(48000 * 4); put16(4);
	put16(16); put16(22); put16(16); put32(3);
	memcpy(buf + blen, pcm_guid, 16);
	blen += 16;
	data(400);
	done();
	CHECK(wav(&si) == 0);
	CHECK_EQ_U(si.encoding, WAV_PCM);
	CHECK_EQ_U(si.frames, 100);
	buf[12 + 8 + 24 + 15] ^= 1;	/* the GUID's last byte */
	CHECK(wav(&si) == -1);
	/* 24 bits: SDL widens to 32. */
	pcm(44100, 2, 24, 600);
	CHECK(wav(&si) == 0);
	CHECK_EQ_U(si.frames, 100);
	CHECK_EQ_U(si.pcm_bytes, 4);
	/* 12-bit PCM, a wrong block alignment. */
	pcm(44100, 1, 12, 600);
	CHECK(wav(&si) == -1);
	riff();
	fmt(1, 2, 44100, 16, 2);
	data(100);
	done();
	CHECK(wav(&si) == -1);
	/* 64-bit float: music only (SDL_LoadWAV cannot). */
	riff();
	fmt(3, 1, 44100, 64, 8);
	data(800);
	done();
	CHECK(wav(&si) == -1);
	CHECK(music(&si) == 0);
	/* mu-law: 16 bits out. */
	riff();
	fmt(7, 1, 8000, 8, 1);
	data(800);
	done();
	CHECK(wav(&si) == 0);
	CHECK_EQ_U(si.pcm_bytes, 2);
	/* IMA ADPCM: an effect, never music; frames bounded by the blocks. */
	riff();
	fmt(0x11, 1, 22050, 4, 256);
	data(1024);
	done();
	CHECK(wav(&si) == 0);
	CHECK_EQ_U(si.frames, (1024 / 256 + 1) * ((256 - 4) * 2 + 2));
	CHECK(music(&si) == -1);
	riff();
	fmt(0x11, 2, 22050, 4, 8);		/* no room after the header */
	data(1024);
	done();
	CHECK(wav(&si) == -1);
	/* MPEG inside WAV, GSM ...: unknown. */
	riff();
	fmt(0x55, 1, 22050, 0, 1);
	data(100);
	done();
	CHECK(wav(&si) == -1);
}

/* --- FLAC, Ogg, the others ------------------------------------------------ */

static void
flac(uint32_t rate, unsigned ch, bool second)
{
	blen = 0;
	putid("fLaC");
	put8(second ? 0x00 : 0x80);
	put8(0); put8(0); put8(34);
	put8(0x10); put8(0); put8(0x10); put8(0);	/* block sizes */
	put8(0); put8(0); put8(0); put8(0); put8(0); put8(0);
	put8(rate >> 12 & 0xff);
	put8(rate >> 4 & 0xff);
	put8((rate & 0xf) << 4 | ((ch - 1) & 7) << 1 | 0);
	put8(0xf0);				/* 16 bits */
	put8(0); put8(0); put8(0); put8(0);
	memset(buf + blen, 0, 16);		/* MD5 */
	blen += 16;
	if (second) {
		put8(0x80);
		put8(0); put8(0); put8(34);
		memset(buf + blen, 0, 34);
		blen += 34;
	}
	memset(buf + blen, 0xff, 64);		/* frames, not read */
	blen += 64;
}

TEST(flac)
{
	struct sound_info si;

	flac(44100, 2, false);
	CHECK(music(&si) == 0);
	CHECK(si.kind == SOUND_FLAC);
	CHECK_EQ_U(si.rate, 44100);
	CHECK_EQ_U(si.channels, 2);
	CHECK_EQ_U(si.bits, 16);
	flac(1, 1, false);
	CHECK(music(&si) == -1);
	flac(655350, 8, false);
	CHECK(music(&si) == -1);
	flac(44100, 2, true);
	CHECK(music(&si) == -1);
	CHECK(strstr(err, "two FLAC STREAMINFO") != NULL);
	flac(44100, 2, false);
	buf[7] = 200;			/* STREAMINFO longer than the file */
	blen = 30;
	CHECK(music(&si) == -1);
	/* Not a sound for effects. */
	flac(44100, 2, false);
	CHECK(wav(&si) == -1);
}

/* The Ogg CRC, bit by bit (soundinfo.c uses a table). */
static uint32_t
crc_bits(const uint8_t *p, size_t len)
{
	uint32_t crc = 0;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= (uint32_t)p[i] << 24;
		for (k = 0; k < 8; k++)
			crc = crc & 0x80000000u ? crc << 1 ^ 0x04c11db7u :
			    crc << 1;
	}
	return crc;
}

/* One Ogg page holding one packet of len bytes (< 255). */
static void
page(unsigned type, uint32_t serial, const uint8_t *pkt, size_t len)
{
	size_t start = blen;
	uint32_t crc;

	putid("OggS");
	put8(0);
	put8(type);
	put32(0); put32(0);
	put32(serial);
	put32(0);
	put32(0);			/* the CRC, below */
	put8(1);
	put8((unsigned)len);
	memcpy(buf + blen, pkt, len);
	blen += len;
	crc = crc_bits(buf + start, blen - start);
	memcpy(buf + start + 22, (uint8_t[4]){ crc & 0xff, crc >> 8 & 0xff,
	    crc >> 16 & 0xff, crc >> 24 }, 4);
}

static void
vorbis_page(uint32_t serial, uint32_t rate, unsigned ch)
{
	uint8_t id[30] = { 1, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0 };

	id[11] = (uint8_t)ch;
	memcpy(id + 12, (uint8_t[4]){ rate & 0xff, rate >> 8 & 0xff,
	    rate >> 16 & 0xff, rate >> 24 }, 4);
	id[29] = 1;
	page(0x02, serial, id, sizeof(id));
	page(0x04, serial, (const uint8_t *)"\003vorbis", 7);
}

TEST(ogg)
{
	struct sound_info si;
	uint8_t opus[19] = { 'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 2 };

	blen = 0;
	vorbis_page(1, 44100, 2);
	CHECK(music(&si) == 0);
	CHECK(si.kind == SOUND_OGG);
	CHECK_EQ_U(si.rate, 44100);
	/* A chain whose second stream drops to 1 Hz. */
	vorbis_page(2, 1, 1);
	CHECK(music(&si) == -1);
	CHECK(strstr(err, "sample rate 1 Hz") != NULL);
	blen = 0;
	vorbis_page(1, 44100, 2);
	vorbis_page(2, 8000, 6);
	CHECK(music(&si) == 0);
	CHECK_EQ_U(si.rate, 8000);
	CHECK_EQ_U(si.channels, 6);
	/* A page whose checksum is wrong: a decoder would resync into it. */
	buf[40] ^= 0x55;
	CHECK(music(&si) == -1);
	CHECK(strstr(err, "checksum") != NULL);
	/* Garbage between pages, a page cut short. */
	blen = 0;
	vorbis_page(1, 44100, 2);
	put8(0);
	CHECK(music(&si) == -1);
	blen = 0;
	vorbis_page(1, 44100, 2);
	blen -= 3;
	CHECK(music(&si) == -1);
	/* Opus: 48 kHz out whatever it says, channels checked. */
	blen = 0;
	page(0x02, 7, opus, sizeof(opus));
	CHECK(music(&si) == 0);
	CHECK_EQ_U(si.rate, 48000);
	opus[9] = 9;
	blen = 0;
	page(0x02, 7, opus, sizeof(opus));
	CHECK(music(&si) == -1);
	/* Theora, Speex ...: neither. */
	blen = 0;
	page(0x02, 7, (const uint8_t *)"\200theora and more", 17);
	CHECK(music(&si) == -1);
	/* No stream at all. */
	blen = 0;
	page(0x00, 7, (const uint8_t *)"x", 1);
	CHECK(music(&si) == -1);
}

TEST(others)
{
	struct sound_info si;

	blen = 0;
	memcpy(buf, "ID3\004\000\000\000\000\000\000\000\000", 12);
	blen = 12;
	CHECK(music(&si) == 0);
	CHECK(si.kind == SOUND_MP3);
	memcpy(buf, "\377\373\220\000\000\000\000\000\000\000\000\000", 12);
	CHECK(music(&si) == 0);
	memcpy(buf, "MThd\000\000\000\006\000\001\000\001", 12);
	CHECK(music(&si) == -1);
	CHECK(strstr(err, "MIDI") != NULL);
	memcpy(buf, "FORM\000\000\000\004AIFF", 12);
	CHECK(music(&si) == -1);
	memcpy(buf, "Creative Voice File", 12);
	CHECK(music(&si) == -1);
	/* Anything else SDL_mixer would try as a tracker module. */
	memcpy(buf, "Extended Module: ", 12);
	CHECK(music(&si) == -1);
	blen = 5;
	CHECK(music(&si) == -1);
	CHECK(wav(&si) == -1);
	CHECK(soundinfo_wav(NULL, 0, &si, err, sizeof(err)) == -1);
	CHECK(soundinfo_music(NULL, 0, &si, NULL, 0) == -1);
}

/* The media's own sounds pass, as effects and as music. */
TEST(media_files)
{
	static const char *const names[] = { "alarm.wav", "beep.wav",
	    "failure.wav", "music.wav", "success.wav" };
	struct sound_info si;
	char path[1024];
	const char *top = getenv("top_srcdir");
	FILE *f;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/media/%s", top != NULL ? top :
		    ".", names[i]);
		if ((f = fopen(path, "rb")) == NULL) {
			CHECK(!"media file missing");
			continue;
		}
		blen = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		CHECK(wav(&si) == 0);
		if (si.rate != 0)
			CHECK(soundinfo_peak(&si, &dev) < SOUND_DECODE_MAX);
		CHECK(music(&si) == 0);
	}
}

int
main(void)
{
	RUN(pcm_accepted);
	RUN(rates);
	RUN(channels);
	RUN(decode_cap);
	RUN(peak_is_sdls);
	RUN(layouts);
	RUN(encodings);
	RUN(flac);
	RUN(ogg);
	RUN(others);
	RUN(media_files);
	return test_report();
}
