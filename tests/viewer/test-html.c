/*
 * test-html.c - the HTML subset of the message panel (viewer/media/html.c):
 * the layouts it gives for known inputs, with a monospace measure (8 px a
 * byte and 16 px a line at 100%, scaled by the style's size), and hostile
 * HTML (deep nesting, huge text, many tags, broken markup, bad UTF-8)
 * staying within its bounds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/test.h"
#include "html.h"

#define BASE_H	16.0f

static unsigned measured;

static void
mono(void *arg, const char *s, size_t len, const struct html_style *st,
    float *w, float *h)
{
	(void)arg;
	(void)s;
	measured++;
	*w = 8.0f * (float)len * st->size / 100.0f;
	*h = BASE_H * st->size / 100.0f;
}

struct laid {
	struct html_doc d;
	struct html_layout l;
};

static void
lay(struct laid *x, const char *html, float w, float h)
{
	html_parse(&x->d, html, strlen(html));
	html_layout(&x->d, w, h, BASE_H, mono, NULL, &x->l);
}

static void
unlay(struct laid *x)
{
	html_layout_free(&x->l);
	html_free(&x->d);
}

/* Box i is this text at (x, y), w wide. */
static int
box(const struct laid *x, size_t i, const char *text, float bx, float by,
    float bw)
{
	const struct html_box *b;

	if (i >= x->l.n) {
		printf("  # no box %zu (of %zu)\n", i, x->l.n);
		return 0;
	}
	b = &x->l.boxes[i];
	if (b->len != strlen(text) ||
	    memcmp(x->d.text + b->off, text, b->len) != 0 || b->x != bx ||
	    b->y != by || b->w != bw) {
		printf("  # box %zu: \"%.*s\" at %g,%g w %g; want \"%s\" at "
		    "%g,%g w %g\n", i, (int)b->len, x->d.text + b->off,
		    (double)b->x, (double)b->y, (double)b->w, text, (double)bx,
		    (double)by, (double)bw);
		return 0;
	}
	return 1;
}

static const char *
plain(const char *html)
{
	static char buf[512];
	struct html_doc d;

	html_parse(&d, html, strlen(html));
	html_plain_text(&d, buf, sizeof(buf));
	html_free(&d);
	return buf;
}

/* Valid UTF-8 without control characters (libxml2 lets bad bytes by). */
static int
clean_utf8(const char *t, size_t len)
{
	const unsigned char *s = (const unsigned char *)t;
	size_t i = 0, n, k;

	while (i < len) {
		if (s[i] < 0x20 || s[i] == 0x7f)
			return 0;
		n = s[i] < 0x80 ? 1 : s[i] >= 0xc2 && s[i] <= 0xdf ? 2 :
		    s[i] >= 0xe0 && s[i] <= 0xef ? 3 :
		    s[i] >= 0xf0 && s[i] <= 0xf4 ? 4 : 0;
		if (n == 0 || i + n > len)
			return 0;
		for (k = 1; k < n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += n;
	}
	return 1;
}

TEST(one_line)
{
	struct laid x;

	lay(&x, "Hello <b>big</b> world", 1000, 1000);
	CHECK_EQ_U(x.l.n, 3);
	CHECK(box(&x, 0, "Hello ", 0, 0, 48));
	CHECK(box(&x, 1, "big", 48, 0, 24));
	CHECK(box(&x, 2, " world", 72, 0, 48));
	CHECK(x.l.n == 3 && x.l.boxes[1].st.bold && !x.l.boxes[0].st.bold);
	CHECK_EQ_U(x.l.lines, 1);
	CHECK(x.l.height == 16 && x.l.width == 120 && !x.l.cut);
	CHECK(x.l.n == 3 && x.l.boxes[0].st.rgb == HTML_DEFAULT_RGB);
	unlay(&x);
}

TEST(wrapping)
{
	struct laid x;

	/* Words of 32 px, blanks of 8: two fit in 80. */
	lay(&x, "aaaa   bbbb\n\tcccc", 80, 1000);
	CHECK_EQ_U(x.l.n, 2);
	CHECK(box(&x, 0, "aaaa bbbb", 0, 0, 72));
	CHECK(box(&x, 1, "cccc", 0, 16, 32));
	CHECK_EQ_U(x.l.lines, 2);
	CHECK(x.l.height == 32);
	unlay(&x);

	/* A word wider than the line, in pieces of 10 bytes. */
	lay(&x, "x aaaaaaaaaabbbbbbbbbbcc", 80, 1000);
	CHECK_EQ_U(x.l.n, 4);
	CHECK(box(&x, 0, "x", 0, 0, 8));
	CHECK(box(&x, 1, "aaaaaaaaaa", 0, 16, 80));
	CHECK(box(&x, 2, "bbbbbbbbbb", 0, 32, 80));
	CHECK(box(&x, 3, "cc", 0, 48, 16));
	unlay(&x);

	/* Pieces end between UTF-8 characters, never inside one. */
	lay(&x, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 40, 1000);
	CHECK_EQ_U(x.l.n, 3);
	CHECK(box(&x, 0, "\xc3\xa9\xc3\xa9", 0, 0, 32));
	unlay(&x);
}

TEST(blocks)
{
	struct laid x;

	/* Paragraphs: a gap of half a line between them. */
	lay(&x, "<p>one</p><p>two</p>three", 1000, 1000);
	CHECK_EQ_U(x.l.n, 3);
	CHECK(box(&x, 0, "one", 0, 0, 24));
	CHECK(box(&x, 1, "two", 0, 24, 24));
	CHECK(box(&x, 2, "three", 0, 48, 40));
	unlay(&x);

	/* Line breaks, an empty line of two. */
	lay(&x, "a<br>b<br><br>c", 1000, 1000);
	CHECK_EQ_U(x.l.n, 3);
	CHECK(box(&x, 0, "a", 0, 0, 8));
	CHECK(box(&x, 1, "b", 0, 16, 8));
	CHECK(box(&x, 2, "c", 0, 48, 8));
	CHECK_EQ_U(x.l.lines, 4);
	unlay(&x);

	/* A heading: bold, twice the size, its own line, a gap after. */
	lay(&x, "<h1>T</h1>x", 1000, 1000);
	CHECK_EQ_U(x.l.n, 2);
	CHECK(box(&x, 0, "T", 0, 0, 16));
	CHECK(x.l.n == 2 && x.l.boxes[0].st.bold &&
	    x.l.boxes[0].st.size == 200 && x.l.boxes[0].h == 32);
	CHECK(x.l.n == 2 && x.l.boxes[1].y > 41 && x.l.boxes[1].y < 42);
	unlay(&x);

	/* Smaller boxes sit on the line's bottom. */
	lay(&x, "<font size=7>B</font>s", 1000, 1000);
	CHECK_EQ_U(x.l.n, 2);
	CHECK(x.l.n == 2 && x.l.boxes[0].h == 48 && x.l.boxes[0].y == 0 &&
	    x.l.boxes[1].y == 32 && x.l.boxes[1].x == 24);
	unlay(&x);
}

/* The box whose text is exactly this, or NULL. */
static const struct html_box *
find(const struct laid *x, const char *text)
{
	size_t i;

	for (i = 0; i < x->l.n; i++)
		if (x->l.boxes[i].len == strlen(text) &&
		    memcmp(x->d.text + x->l.boxes[i].off, text,
		    x->l.boxes[i].len) == 0)
			return &x->l.boxes[i];
	printf("  # no box \"%s\"\n", text);
	return NULL;
}

TEST(styles)
{
	const struct html_box *b;
	struct laid x;

	lay(&x, "<font color=\"#00ff00\" size=\"5\">g</font>"
	    "<font color=red>r</font><font color=#abc>c</font>"
	    "<span style=\"color: #123456; font-weight: bold\">s</span>"
	    "<i>i</i><em>e</em><u>u</u><font size=\"+1\">p</font>"
	    "<span style='font-size: 32px; font-style: italic'>z</span>",
	    1000, 1000);
	/* Runs of one style merge: "i" and "e" are one box. */
	CHECK_EQ_U(x.l.n, 8);
	CHECK((b = find(&x, "g")) && b->st.rgb == 0x00ff00 &&
	    b->st.size == 150 && b->w == 12);
	CHECK((b = find(&x, "r")) && b->st.rgb == 0xff0000);
	CHECK((b = find(&x, "c")) && b->st.rgb == 0xaabbcc);
	CHECK((b = find(&x, "s")) && b->st.rgb == 0x123456 && b->st.bold);
	CHECK((b = find(&x, "ie")) && b->st.italic && !b->st.bold);
	CHECK((b = find(&x, "u")) && b->st.underline);
	CHECK((b = find(&x, "p")) && b->st.size == 117);
	CHECK((b = find(&x, "z")) && b->st.size == 200 && b->st.italic);
	unlay(&x);
	/* Nested: inner colour, outer bold; a blank keeps its own style. */
	lay(&x, "<b>a<font color=blue>b</font>c</b> d", 1000, 1000);
	CHECK_EQ_U(x.l.n, 4);
	CHECK((b = find(&x, "b")) && b->st.bold && b->st.rgb == 0x0000ff);
	CHECK((b = find(&x, "c")) && b->st.bold &&
	    b->st.rgb == HTML_DEFAULT_RGB);
	CHECK((b = find(&x, " d")) && !b->st.bold);
	unlay(&x);
}

TEST(lists)
{
	struct laid x;

	lay(&x, "<ul><li>a</li><li>b</li></ul>after", 1000, 1000);
	/* Bullet and word merge: one box a line, indented 24 px. */
	CHECK_EQ_U(x.l.n, 3);
	CHECK(box(&x, 0, "\xe2\x80\xa2 a", 24, 0, 40));
	CHECK(box(&x, 1, "\xe2\x80\xa2 b", 24, 16, 40));
	CHECK(x.l.n == 3 && x.l.boxes[2].x == 0 &&
	    x.l.boxes[2].y > 36 && x.l.boxes[2].y < 37);
	unlay(&x);
	lay(&x, "<ol><li>x<li>y<ol><li>z</ol></ol>", 1000, 1000);
	CHECK_EQ_U(x.l.n, 3);
	CHECK(box(&x, 0, "1. x", 24, 0, 32));
	CHECK(box(&x, 1, "2. y", 24, 16, 32));
	CHECK(x.l.n == 3 && x.l.boxes[2].x == 48);
	unlay(&x);
	CHECK_STR(plain("<ol><li>x<li>y</ol>"), "1. x 2. y");
}

TEST(text)
{
	CHECK_STR(plain("<p>Hello &amp; <b>welcome</b></p>"),
	    "Hello & welcome");
	CHECK_STR(plain("<h2>Trace found</h2><p>AS path:<br>AS64500 "
	    "(depth 1)<br>AS64501</p><p>request 1.2</p>"),
	    "Trace found AS path: AS64500 (depth 1) AS64501 request 1.2");
	CHECK_STR(plain("<blink>keep</blink> <script>drop()</script>me "
	    "<style>p{}</style><!-- no -->&lt;tag&gt;"), "keep me <tag>");
	CHECK_STR(plain("  spread \n\t out  "), "spread out");
	CHECK_STR(plain(""), "");
	CHECK_STR(plain("<p></p><br>"), "");
	CHECK_STR(plain("\xe6\x97\xa5\xe6\x9c\xac"), "\xe6\x97\xa5\xe6\x9c\xac");
	/* Bad bytes and control characters come out as '?' or not at all. */
	CHECK(clean_utf8(plain("a\xff\xfe b\xc3 \x01c\xed\xa0\x80"),
	    strlen(plain("a\xff\xfe b\xc3 \x01c\xed\xa0\x80"))));
	CHECK(strchr(plain("a\xff\xfe b\x01c"), 'b') != NULL);
}

TEST(height_bound)
{
	struct laid x;

	lay(&x, "a<br>b<br>c<br>d<br>e", 1000, 40);
	CHECK_EQ_U(x.l.lines, 2);
	CHECK_EQ_U(x.l.n, 2);
	CHECK(x.l.cut && x.l.height == 32);
	unlay(&x);
}

/* Hostile: bounded, and the layout of what is kept is still sane. */
static void
hostile(const char *what, const char *html, size_t len)
{
	struct html_doc d;
	struct html_layout l;
	size_t i;
	int ok = 1;

	measured = 0;
	html_parse(&d, html, len);
	html_layout(&d, 400, 600, BASE_H, mono, NULL, &l);
	CHECK(d.n <= HTML_MAX_ITEMS && d.text_len <= HTML_MAX_TEXT);
	CHECK(clean_utf8(d.text, d.text_len));
	CHECK(l.n <= HTML_MAX_BOXES && l.height <= 600);
	for (i = 0; i < l.n; i++)
		if (l.boxes[i].x < 0 || l.boxes[i].x + l.boxes[i].w > 400 ||
		    l.boxes[i].off + l.boxes[i].len > d.text_len)
			ok = 0;
	CHECK(ok);
	/* The measure was called a bounded number of times. */
	CHECK(measured < 100000);
	printf("  # %s: %zu items, %zu bytes of text%s, %zu boxes, "
	    "%u measures\n", what, d.n, d.text_len, d.cut ? " (cut)" : "",
	    l.n, measured);
	html_layout_free(&l);
	html_free(&d);
}

TEST(hostile)
{
	size_t n = HTML_MAX_INPUT, i, k;
	char *s = malloc(n * 2 + 1);

	/* 21000 nested <b>, then text. */
	for (i = 0, k = 0; i + 3 < n - 16; i += 3, k++)
		memcpy(s + i, "<b>", 3);
	memcpy(s + i, "deep", 4);
	hostile("nested b", s, i + 4);
	/* Nested lists and divs: indent and depth bounded. */
	for (i = 0; i + 8 < n; i += 8)
		memcpy(s + i, "<ul><li>", 8);
	hostile("nested lists", s, i);
	/* A huge word, and huge text with blanks. */
	memset(s, 'w', n);
	hostile("one huge word", s, n);
	for (i = 0; i < n; i++)
		s[i] = i % 3 == 2 ? ' ' : 'x';
	hostile("huge text", s, n);
	/* More than the input bound. */
	memset(s, 'y', n * 2);
	hostile("over the input bound", s, n * 2);
	/* Thousands of breaks and paragraphs. */
	for (i = 0; i + 4 < n; i += 4)
		memcpy(s + i, "<br>", 4);
	hostile("breaks", s, i);
	for (i = 0; i + 8 < n; i += 8)
		memcpy(s + i, "<p>x</p>", 8);
	hostile("paragraphs", s, i);
	/* Broken markup, bad entities, bad UTF-8, attributes gone wrong. */
	{
		const char *b = "<p><b>unclosed <i>x</p></b><<<>>>&#xffffff;"
		    "&bogus; &#0; <font color=\"#zzzzzz\" size=\"99999999\">f"
		    "<span style=\"color:;;:font-size:-5px;font-size:99999px\">"
		    "s\xff\xfe\xc3<font size=-99>t</font></span><ol><li><li>"
		    "</ul><table><tr><td>c<td>d</table><img src=http://x/>";

		hostile("broken markup", b, strlen(b));
	}
	{
		const char *b = "<p><b>unclosed <i>x</p></b><<<>>>&#xffffff;"
		    "\xff\xfe\xc3 <span style=\"font-size:99999px\">s</span>"
		    "<font size=\"999999999999\">f</font>";
		struct html_doc d;
		size_t j;

		hostile("broken", b, strlen(b));
		html_parse(&d, b, strlen(b));
		for (j = 0; j < d.n; j++)
			CHECK(d.items[j].st.size >= 50 &&
			    d.items[j].st.size <= 400);
		CHECK(d.text_len > 0 && memmem(d.text, d.text_len, "unclosed",
		    8) != NULL);
		html_free(&d);
	}
	free(s);
}

TEST(colors)
{
	uint32_t rgb = 0;

	CHECK(html_color("#0a0B0c", 7, &rgb) == 0 && rgb == 0x0a0b0c);
	CHECK(html_color(" #fff ", 6, &rgb) == 0 && rgb == 0xffffff);
	CHECK(html_color("Orange", 6, &rgb) == 0 && rgb == 0xffa500);
	CHECK(html_color("#ff", 3, &rgb) == -1);
	CHECK(html_color("#gggggg", 7, &rgb) == -1);
	CHECK(html_color("reddish", 7, &rgb) == -1);
	CHECK(html_color("", 0, &rgb) == -1);
}

int
main(void)
{
	RUN(one_line);
	RUN(wrapping);
	RUN(blocks);
	RUN(styles);
	RUN(lists);
	RUN(text);
	RUN(height_bound);
	RUN(hostile);
	RUN(colors);
	return test_report();
}
