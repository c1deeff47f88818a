/*
 * test-softalk.c - PACKTERVOICE texts as SofTalk command lines
 * (viewer/core/softalk.c): the reference senders' lines speak their /W:
 * text with the options mapped for espeak-ng; plain texts, paths and
 * half-options stay plain text; bad values are ignored and counted.
 */
#include "config.h"

#include <string.h>

#include "../unit/test.h"
#include "softalk.h"

static struct softalk st;

static void
parse(const char *s)
{
	softalk_parse(s, strlen(s), &st);
}

TEST(reference_lines)
{
	/* The reference bridge's and agent's forms (packter.conf). */
	parse("/T:1 /W:Launched IP Traceback process");
	CHECK(st.options);
	CHECK_MEM(st.text, st.len, "Launched IP Traceback process");
	CHECK(st.type == 1 && st.pitch == 80 && st.range == 50);
	CHECK(st.speed == -1 && st.rate_wpm == -1);
	CHECK(st.volume == -1 && st.volume_pct == -1);
	CHECK_EQ_U(st.ignored, 0);

	/* MON_OPT_VOICE_HEAD + text + MON_OPT_VOICE_FOOT, with the newline
	 * the reference keeps. */
	parse("/T:1 /W:TCP Syn packet exceeds the threshold\n");
	CHECK_MEM(st.text, st.len, "TCP Syn packet exceeds the threshold");

	/* The reference viewer's own test lines. */
	parse("/T:3 /W:\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
	CHECK(st.options && st.type == 3 && st.pitch == 25);
	CHECK_MEM(st.text, st.len, "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
	parse("/W:only words");
	CHECK(st.options && st.type == -1 && st.pitch == -1);
	CHECK_MEM(st.text, st.len, "only words");
}

TEST(options_mapped)
{
	parse("  /S:200 /V:50 /T:5 /W:  fast, half, robot  \r\n");
	CHECK(st.options);
	CHECK_MEM(st.text, st.len, "fast, half, robot");
	CHECK(st.speed == 200 && st.rate_wpm == 350);
	CHECK(st.volume == 50 && st.volume_pct == 50);
	CHECK(st.type == 5 && st.pitch == 50 && st.range == 0);

	/* Rates kept within espeak-ng's. */
	parse("/S:1 /W:x");
	CHECK(st.rate_wpm == 80);
	parse("/S:300 /W:x");
	CHECK(st.rate_wpm == 450);
	parse("/S:100 /W:x");
	CHECK(st.rate_wpm == 175);

	/* Case does not matter; a voice past the table keeps espeak's. */
	parse("/s:50 /v:0 /t:12 /w:quiet");
	CHECK(st.speed == 50 && st.rate_wpm == 87 && st.volume_pct == 0);
	CHECK(st.type == 12 && st.pitch == -1 && st.range == -1);
	CHECK_MEM(st.text, st.len, "quiet");

	/* The rest of the line after /W: is text, options and all. */
	parse("/T:0 /W:say /S:9 too");
	CHECK(st.speed == -1);
	CHECK_MEM(st.text, st.len, "say /S:9 too");
}

TEST(ignored)
{
	/* Options without an espeak-ng meaning, and bad values. */
	parse("/X:1 /R:C:\\out.wav /NM:yukkuri /O:120 /P /W:hello");
	CHECK(st.options);
	CHECK_EQ_U(st.ignored, 5);
	CHECK_MEM(st.text, st.len, "hello");
	parse("/S:0 /S:301 /V:101 /T:-1 /S: /V:abc /W:hello");
	CHECK_EQ_U(st.ignored, 6);
	CHECK(st.speed == -1 && st.volume == -1 && st.type == -1);
	CHECK(st.rate_wpm == -1 && st.volume_pct == -1 && st.pitch == -1);
	parse("/S:99999 /W:x");
	CHECK(st.speed == -1);

	/* Options and nothing to say. */
	parse("/T:1");
	CHECK(st.options && st.len == 0 && st.type == 1);
	parse("/T:1 /W:   \n");
	CHECK(st.options && st.len == 0);
}

TEST(plain_text)
{
	static const char *const plain[] = {
		"Traceback trial failed",
		"/usr/bin is full",
		"/T:1 hello",		/* a word that is no option */
		"/ /W:x",
		"/1:2 /W:x",
		"a /T:1 /W:b",
		"//W:x",
	};
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		parse(plain[i]);
		CHECK(!st.options);
		CHECK_MEM(st.text, st.len, plain[i]);
		CHECK(st.rate_wpm == -1 && st.volume_pct == -1 &&
		    st.pitch == -1 && st.range == -1);
	}
	parse("  spaced out \n");
	CHECK(!st.options);
	CHECK_MEM(st.text, st.len, "spaced out");
	parse("");
	CHECK(!st.options && st.len == 0);
}

/* Every cut of a line is read inside it. */
TEST(bounds)
{
	static const char line[] = "/S:120 /V:80 /T:2 /X:1 /W:the words";
	size_t n;

	for (n = 0; n <= sizeof(line) - 1; n++) {
		softalk_parse(line, n, &st);
		CHECK(st.text >= line && st.text + st.len <= line + n);
	}
}

int
main(void)
{
	RUN(reference_lines);
	RUN(options_mapped);
	RUN(ignored);
	RUN(plain_text);
	RUN(bounds);
	return test_report();
}
