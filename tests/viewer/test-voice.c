/*
 * test-voice.c - the voice thread (viewer/media/voice.c) with libespeak-ng:
 * English and Japanese texts become WAV files in memory that are not
 * silence and last about as long as speech does; the language is chosen by
 * the text; the queue is bounded.  Skipped (77) when built without
 * libespeak-ng.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/test.h"
#include "voice.h"

static unsigned
le(const uint8_t *p, int n)
{
	unsigned v = 0;
	int i;

	for (i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Seconds of speech in a WAV from voice_take, or -1 if it is not one. */
static double
check_wav(const uint8_t *w, size_t len, size_t *loud)
{
	unsigned rate;
	size_t i, n;

	if (len < 44 || memcmp(w, "RIFF", 4) != 0 ||
	    memcmp(w + 8, "WAVEfmt ", 8) != 0 || le(w + 20, 2) != 1 ||
	    le(w + 22, 2) != 1 || le(w + 34, 2) != 16 ||
	    memcmp(w + 36, "data", 4) != 0 || le(w + 40, 4) != len - 44 ||
	    le(w + 4, 4) != len - 8)
		return -1;
	rate = le(w + 24, 4);
	n = (len - 44) / 2;
	*loud = 0;
	for (i = 0; i < n; i++) {
		int s = (int16_t)le(w + 44 + 2 * i, 2);

		if (s > 1000 || s < -1000)
			(*loud)++;
	}
	return rate > 0 ? (double)n / rate : -1;
}

static void
speak(const char *voice_name, const char *lang, const char *text)
{
	struct voice *v;
	char err[128];
	uint8_t *wav;
	size_t len = 0, loud = 0;
	double secs;

	v = voice_new(voice_name, lang, err, sizeof(err));
	CHECK(v != NULL);
	if (v == NULL)
		return;
	CHECK(voice_say(v, text, strlen(text)) == 0);
	voice_wait(v);
	wav = voice_take(v, &len);
	CHECK(wav != NULL);
	if (wav != NULL) {
		secs = check_wav(wav, len, &loud);
		printf("  # \"%s\" (%s): %.2f s, %zu loud samples\n", text,
		    voice_name != NULL ? voice_name : lang != NULL ? lang :
		    voice_language_of(text, strlen(text)), secs, loud);
		CHECK(secs > 0.3 && secs < 20);
		CHECK(loud > 1000);
	}
	free(wav);
	CHECK(!voice_busy(v));
	CHECK_EQ_U(voice_failed(v), 0);
	voice_free(v);
}

TEST(english)
{
	speak(NULL, NULL, "Trace found. Three autonomous systems.");
	speak("en-us", NULL, "Hello from PACKTER.");
}

TEST(japanese)
{
	/* "Trace found" in Japanese, kana and kanji. */
	speak(NULL, NULL, "\xe3\x83\x88\xe3\x83\xac\xe3\x83\xbc\xe3\x82\xb9"
	    "\xe6\x88\x90\xe5\x8a\x9f\xe3\x81\xa7\xe3\x81\x99");
	speak(NULL, "ja", "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1"
	    "\xe3\x81\xaf");
}

/* One text said with settings: its length in seconds and loud samples. */
static double
say_with(struct voice *v, const char *text, const struct voice_params *p,
    size_t *loud)
{
	uint8_t *wav;
	size_t len = 0;
	double secs = -1;

	*loud = 0;
	CHECK(voice_say_params(v, text, strlen(text), p) == 0);
	voice_wait(v);
	if ((wav = voice_take(v, &len)) != NULL)
		secs = check_wav(wav, len, loud);
	free(wav);
	return secs;
}

/* A SofTalk line's speed and volume reach espeak-ng, and go again after. */
TEST(params)
{
	static const char text[] = "Traceback trial succeeded";
	struct voice_params slow = { 90, -1, -1, -1 }, fast = { 400, -1, -1, -1 },
	    quiet = { -1, 0, -1, -1 }, low = { -1, -1, 0, 0 };
	struct voice *v;
	char err[128];
	size_t l0, l1, l2, l3, l4;
	double s0, s1, s2, s3;

	v = voice_new("en", NULL, err, sizeof(err));
	CHECK(v != NULL);
	if (v == NULL)
		return;
	s0 = say_with(v, text, NULL, &l0);
	s1 = say_with(v, text, &slow, &l1);
	s2 = say_with(v, text, &fast, &l2);
	(void)say_with(v, text, &quiet, &l3);
	s3 = say_with(v, text, NULL, &l4);
	printf("  # default %.2f s, slow %.2f s, fast %.2f s; loud samples "
	    "%zu, quiet %zu, then default %.2f s %zu\n", s0, s1, s2, l0, l3,
	    s3, l4);
	CHECK(s0 > 0.3 && s1 > 1.5 * s0 && s2 < 0.75 * s0);
	CHECK(l0 > 1000 && l3 == 0);
	/* Defaults come back for a text without settings. */
	CHECK(s3 > 0.9 * s0 && s3 < 1.1 * s0 && l4 > 0.9 * l0);
	/* A monotone low voice is still speech. */
	CHECK(say_with(v, text, &low, &l1) > 0.3 && l1 > 1000);
	CHECK_EQ_U(voice_failed(v), 0);
	voice_free(v);
}

TEST(language)
{
	CHECK_STR(voice_language_of("hello", 5), "en");
	CHECK_STR(voice_language_of("\xe3\x81\x82", 3), "ja");
	CHECK_STR(voice_language_of("AS 64500 \xe6\x97\xa5", 12), "ja");
	CHECK_STR(voice_language_of("caf\xc3\xa9", 5), "en");
	CHECK_STR(voice_language_of("\xe3\x81", 2), "en");
}

TEST(bounded)
{
	struct voice *v;
	char err[128];
	uint8_t *wav;
	size_t len;
	int i, taken = 0;

	v = voice_new(NULL, NULL, err, sizeof(err));
	CHECK(v != NULL);
	if (v == NULL)
		return;
	/* Finished speech fills its queue, then the texts theirs. */
	for (i = 0; i < VOICE_QUEUE; i++)
		CHECK(voice_say(v, "one", 3) == 0);
	voice_wait(v);
	for (i = 0; i < VOICE_QUEUE; i++)
		CHECK(voice_say(v, "two", 3) == 0);
	CHECK(voice_say(v, "three", 5) == -1);
	CHECK(voice_busy(v));
	while ((wav = voice_take(v, &len)) != NULL || voice_busy(v)) {
		if (wav != NULL)
			taken++;
		free(wav);
		voice_wait(v);
	}
	CHECK_EQ_U(taken, 2 * VOICE_QUEUE);
	/* A huge text is cut, still spoken. */
	{
		char *big = malloc(100000);

		memset(big, 'a', 100000);
		for (i = 5; i < 100000; i += 6)
			big[i] = ' ';
		CHECK(voice_say(v, big, 100000) == 0);
		free(big);
		voice_wait(v);
		wav = voice_take(v, &len);
		CHECK(wav != NULL);
		free(wav);
	}
	voice_free(v);
}

int
main(void)
{
	char err[128];
	struct voice *v;

	if ((v = voice_new(NULL, NULL, err, sizeof(err))) == NULL) {
		printf("SKIP: %s\n", err);
		return 77;
	}
	voice_free(v);
	RUN(language);
	RUN(english);
	RUN(japanese);
	RUN(bounded);
	RUN(params);
	return test_report();
}
