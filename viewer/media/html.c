/*
 * html.c - the HTML subset of PACKTER messages (see html.h).
 *
 * libxml2 parses, forgivingly, into a tree; the tree is walked without
 * recursion (parent pointers), so hostile nesting costs no stack, and the
 * styles of the first HTML_MAX_DEPTH levels are kept on a fixed stack.
 */
#include "config.h"
#include "html.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"

enum list_kind { LIST_NONE, LIST_UL, LIST_OL };

struct frame {
	struct html_style st;
	uint8_t		 list;		/* for li: the enclosing list */
	uint8_t		 indent;	/* list levels */
	int		 list_no;	/* the next ol number */
};

struct walker {
	struct html_doc	*d;
	struct frame	 f[HTML_MAX_DEPTH];
	int		 depth;		/* open elements */
	size_t		 cap_items, cap_text;
	bool		 space;		/* a blank is pending */
	struct html_style space_st;	/* in the style it was seen in */
	bool		 line_start;	/* nothing on the line yet */
	bool		 need_block;	/* a block ended: a new one next */
	uint16_t	 gap;		/* of that block */
	bool		 full;
};

static const struct {
	const char	*name;
	uint32_t	 rgb;
} colors[] = {
	{ "black", 0x000000 }, { "silver", 0xc0c0c0 }, { "gray", 0x808080 },
	{ "grey", 0x808080 }, { "white", 0xffffff }, { "maroon", 0x800000 },
	{ "red", 0xff0000 }, { "purple", 0x800080 }, { "fuchsia", 0xff00ff },
	{ "magenta", 0xff00ff }, { "green", 0x008000 }, { "lime", 0x00ff00 },
	{ "olive", 0x808000 }, { "yellow", 0xffff00 }, { "navy", 0x000080 },
	{ "blue", 0x0000ff }, { "teal", 0x008080 }, { "aqua", 0x00ffff },
	{ "cyan", 0x00ffff }, { "orange", 0xffa500 }, { "pink", 0xffc0cb },
};

/* <font size=N>, 1 to 7, in percent of size 3. */
static const uint16_t font_sizes[8] = { 100, 63, 82, 100, 117, 150, 200, 300 };
/* h1 to h6. */
static const uint16_t heading_sizes[7] = { 100, 200, 150, 117, 100, 83, 67 };

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int
html_color(const char *s, size_t len, uint32_t *rgb)
{
	size_t i, k;
	uint32_t v = 0;
	int h;

	while (len > 0 && blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && blank(s[len - 1]))
		len--;
	if (len > 0 && s[0] == '#') {
		if (len != 4 && len != 7)
			return -1;
		for (i = 1; i < len; i++) {
			if ((h = hexval(s[i])) < 0)
				return -1;
			v = v << 4 | (uint32_t)h;
			if (len == 4)
				v = v << 4 | (uint32_t)h;
		}
		*rgb = v;
		return 0;
	}
	for (k = 0; k < sizeof(colors) / sizeof(colors[0]); k++)
		if (strlen(colors[k].name) == len &&
		    strncasecmp(colors[k].name, s, len) == 0) {
			*rgb = colors[k].rgb;
			return 0;
		}
	return -1;
}

/* --- output --------------------------------------------------------- */

static struct frame *
cur(struct walker *w)
{
	return &w->f[w->depth < HTML_MAX_DEPTH ? w->depth :
	    HTML_MAX_DEPTH - 1];
}

static struct html_item *
add_item(struct walker *w, enum html_item_kind kind)
{
	struct html_doc *d = w->d;
	struct html_item *it;

	if (d->n == HTML_MAX_ITEMS) {
		d->cut = w->full = true;
		return NULL;
	}
	if (d->n == w->cap_items) {
		w->cap_items = w->cap_items == 0 ? 64 : w->cap_items * 2;
		d->items = xreallocarray(d->items, w->cap_items,
		    sizeof(*d->items));
	}
	it = &d->items[d->n++];
	memset(it, 0, sizeof(*it));
	it->kind = (uint8_t)kind;
	it->st = cur(w)->st;
	return it;
}

/* The length of the valid UTF-8 character at s (of len bytes), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (len < n)
		return 0;
	cp = s[0] & (0xff >> (n + 1));
	for (k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Copy text, each byte of an invalid UTF-8 sequence and each control
 * character as '?': libxml2 passes some bad bytes through, and the text
 * ends up in logs and --stats as well as on the panel.
 */
static void
copy_utf8(char *dst, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_len(s + i, len - i);
		if (n == 0 || (n == 1 && (s[i] < 0x20 || s[i] == 0x7f))) {
			dst[i++] = '?';
			continue;
		}
		memcpy(dst + i, s + i, n);
		i += n;
	}
}

static bool
add_text(struct walker *w, struct html_item *it, const char *s, size_t len)
{
	struct html_doc *d = w->d;

	if (d->text_len + len > HTML_MAX_TEXT) {
		/* What fits of it, ending between characters; then no more. */
		d->cut = w->full = true;
		len = HTML_MAX_TEXT - d->text_len;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
		if (len == 0 || it->kind != HTML_WORD) {
			d->n--;		/* the item it was for */
			return false;
		}
	}
	if (d->text_len + len > w->cap_text) {
		while (d->text_len + len > w->cap_text)
			w->cap_text = w->cap_text == 0 ? 256 : w->cap_text * 2;
		d->text = xreallocarray(d->text, w->cap_text, 1);
	}
	it->off = (uint32_t)d->text_len;
	it->len = (uint32_t)len;
	copy_utf8(d->text + d->text_len, s, len);
	d->text_len += len;
	return true;
}

/* Start a block: a new line after a gap, at the current indent. */
static void
block(struct walker *w, uint16_t gap)
{
	struct html_doc *d = w->d;
	struct html_item *it;

	w->space = false;
	w->line_start = true;
	w->need_block = false;
	if (d->n > 0 && d->items[d->n - 1].kind == HTML_BLOCK) {
		it = &d->items[d->n - 1];
		if (gap > it->gap)
			it->gap = gap;
		it->indent = cur(w)->indent;
		return;
	}
	if ((it = add_item(w, HTML_BLOCK)) != NULL) {
		it->gap = gap;
		it->indent = cur(w)->indent;
	}
}

static void
word(struct walker *w, const char *s, size_t len)
{
	struct html_item *it;

	if (w->need_block)
		block(w, w->gap);
	if (w->space && !w->line_start &&
	    (it = add_item(w, HTML_SPACE)) != NULL) {
		it->st = w->space_st;
		(void)add_text(w, it, " ", 1);
	}
	w->space = false;
	if (w->full || (it = add_item(w, HTML_WORD)) == NULL)
		return;
	if (add_text(w, it, s, len))
		w->line_start = false;
}

static void
text(struct walker *w, const char *s)
{
	size_t i = 0, start;

	while (s[i] != '\0' && !w->full) {
		if (blank(s[i])) {
			if (!w->space)
				w->space_st = cur(w)->st;
			w->space = true;
			i++;
			continue;
		}
		for (start = i; s[i] != '\0' && !blank(s[i]); i++)
			;
		word(w, s + start, i - start);
	}
}

/* --- styles --------------------------------------------------------- */

static uint16_t
clamp_size(long pct)
{
	return (uint16_t)(pct < 50 ? 50 : pct > 400 ? 400 : pct);
}

static void
font_size(struct html_style *st, const char *v)
{
	char *end;
	long n;

	while (blank(*v))
		v++;
	n = strtol(v, &end, 10);
	if (end == v)
		return;
	if (*v == '+' || *v == '-')
		n += 3;
	n = n < 1 ? 1 : n > 7 ? 7 : n;
	st->size = clamp_size((long)st->size * font_sizes[n] / 100);
}

/* CSS declarations "prop: value; ...": colour, size, weight, style. */
static void
css(struct html_style *st, const char *s)
{
	char prop[32], val[64];
	const char *p = s, *colon, *end;
	size_t n, m;
	uint32_t rgb;

	while (*p != '\0') {
		if ((end = strchr(p, ';')) == NULL)
			end = p + strlen(p);
		colon = memchr(p, ':', (size_t)(end - p));
		if (colon != NULL) {
			while (p < colon && blank(*p))
				p++;
			n = (size_t)(colon - p);
			while (n > 0 && blank(p[n - 1]))
				n--;
			m = (size_t)(end - colon - 1);
			if (n < sizeof(prop) && m < sizeof(val)) {
				memcpy(prop, p, n);
				prop[n] = '\0';
				memcpy(val, colon + 1, m);
				val[m] = '\0';
				if (strcasecmp(prop, "color") == 0 &&
				    html_color(val, m, &rgb) == 0)
					st->rgb = rgb;
				else if (strcasecmp(prop, "font-weight") == 0)
					st->bold =
					    strstr(val, "bold") != NULL ||
					    strtol(val, NULL, 10) >= 600;
				else if (strcasecmp(prop, "font-style") == 0)
					st->italic = strstr(val, "italic") !=
					    NULL || strstr(val, "oblique") !=
					    NULL;
				else if (strcasecmp(prop, "font-size") == 0) {
					char *e;
					long px = strtol(val, &e, 10);

					/* Bounded first: px * 100 may not wrap. */
					if (px > 100000)
						px = 100000;
					else if (px < -100000)
						px = -100000;
					if (e != val && strstr(e, "px") != NULL)
						st->size = clamp_size(px * 100 /
						    16);
					else if (e != val && strchr(e, '%'))
						st->size = clamp_size(
						    (long)st->size * px / 100);
				}
			}
		}
		p = *end == ';' ? end + 1 : end;
	}
}

static bool
is(const xmlNode *n, const char *name)
{
	return strcasecmp((const char *)n->name, name) == 0;
}

static int
heading(const xmlNode *n)
{
	const char *s = (const char *)n->name;

	if ((s[0] == 'h' || s[0] == 'H') && s[1] >= '1' && s[1] <= '6' &&
	    s[2] == '\0')
		return s[1] - '0';
	return 0;
}

static uint16_t
block_gap(const xmlNode *n)
{
	if (is(n, "p") || is(n, "blockquote") || is(n, "hr") ||
	    is(n, "pre") || is(n, "table"))
		return 50;
	if (heading(n))
		return 60;
	if (is(n, "ul") || is(n, "ol"))
		return 30;
	return 0;
}

static bool
is_block(const xmlNode *n)
{
	static const char *const names[] = {
		"p", "div", "ul", "ol", "li", "blockquote", "pre", "hr",
		"tr", "table", "center", "dl", "dt", "dd", "address",
		"section", "article", "header", "footer", "body",
	};
	size_t k;

	if (heading(n))
		return true;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (is(n, names[k]))
			return true;
	return false;
}

static char *
attr(xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* An element opens: its style, its block; false to skip what it holds. */
static bool
enter(struct walker *w, xmlNode *n)
{
	struct frame *parent = cur(w), *f;
	char *v, marker[16];
	int h;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			text(w, (const char *)n->content);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE || n->name == NULL)
		return false;
	w->depth++;
	f = cur(w);
	if (w->depth < HTML_MAX_DEPTH)
		*f = *parent;
	else
		return !(is(n, "script") || is(n, "style"));
	if (is(n, "script") || is(n, "style") || is(n, "head") ||
	    is(n, "title") || is(n, "noscript") || is(n, "template"))
		return false;
	if (is(n, "b") || is(n, "strong"))
		f->st.bold = true;
	else if (is(n, "i") || is(n, "em") || is(n, "cite") ||
	    is(n, "var") || is(n, "dfn"))
		f->st.italic = true;
	else if (is(n, "u") || is(n, "ins"))
		f->st.underline = true;
	else if ((h = heading(n)) != 0) {
		f->st.bold = true;
		f->st.size = clamp_size((long)f->st.size * heading_sizes[h] /
		    100);
	} else if (is(n, "font")) {
		uint32_t rgb;

		if ((v = attr(n, "color")) != NULL) {
			if (html_color(v, strlen(v), &rgb) == 0)
				f->st.rgb = rgb;
			xmlFree(v);
		}
		if ((v = attr(n, "size")) != NULL) {
			font_size(&f->st, v);
			xmlFree(v);
		}
	}
	if ((v = attr(n, "style")) != NULL) {
		css(&f->st, v);
		xmlFree(v);
	}
	if (is(n, "br")) {
		(void)add_item(w, HTML_BREAK);
		w->space = false;
		w->line_start = true;
		w->need_block = false;
		return false;
	}
	if (is(n, "ul") || is(n, "ol")) {
		block(w, block_gap(n));
		f->list = is(n, "ul") ? LIST_UL : LIST_OL;
		f->list_no = 1;
		if (f->indent < 16)
			f->indent++;
		return true;
	}
	if (is(n, "li")) {
		block(w, 0);
		if (parent->list == LIST_OL) {
			(void)snprintf(marker, sizeof(marker), "%d.",
			    parent->list_no);
			if (parent->list_no < 99999)
				parent->list_no++;
		} else
			(void)snprintf(marker, sizeof(marker), "\xe2\x80\xa2");
		word(w, marker, strlen(marker));
		w->space = true;
		w->space_st = f->st;
		f->list = LIST_NONE;
		return true;
	}
	if (is_block(n))
		block(w, block_gap(n));
	return true;
}

static void
leave(struct walker *w, xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE || n->name == NULL)
		return;
	w->depth--;
	if (is_block(n) && !w->full) {
		w->need_block = true;
		w->gap = block_gap(n);
		w->space = false;
	}
}

void
html_parse(struct html_doc *d, const char *html, size_t len)
{
	struct walker w;
	htmlDocPtr doc;
	xmlNode *n;

	memset(d, 0, sizeof(*d));
	memset(&w, 0, sizeof(w));
	w.d = d;
	w.line_start = true;
	w.f[0].st.rgb = HTML_DEFAULT_RGB;
	w.f[0].st.size = 100;
	if (len > HTML_MAX_INPUT) {
		len = HTML_MAX_INPUT;
		d->cut = true;
	}
	if (len == 0)
		return;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (doc == NULL)
		return;
	n = doc->children;
	while (n != NULL && !w.full) {
		if (enter(&w, n) && n->children != NULL) {
			n = n->children;
			continue;
		}
		for (;;) {
			leave(&w, n);
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (n == NULL || n == (xmlNode *)doc) {
				n = NULL;
				break;
			}
		}
	}
	xmlFreeDoc(doc);
	/* A block or space at the very end says nothing. */
	while (d->n > 0 && (d->items[d->n - 1].kind == HTML_BLOCK ||
	    d->items[d->n - 1].kind == HTML_SPACE))
		d->n--;
}

void
html_free(struct html_doc *d)
{
	free(d->text);
	free(d->items);
	memset(d, 0, sizeof(*d));
}

size_t
html_plain_text(const struct html_doc *d, char *buf, size_t cap)
{
	size_t i, n = 0, k;
	bool gap = false;

	if (cap == 0)
		return 0;
	for (i = 0; i < d->n; i++) {
		const struct html_item *it = &d->items[i];

		if (it->kind != HTML_WORD) {
			gap = true;
			continue;
		}
		if (gap && n > 0 && n + 1 < cap)
			buf[n++] = ' ';
		gap = false;
		k = it->len < cap - 1 - n ? it->len : cap - 1 - n;
		memcpy(buf + n, d->text + it->off, k);
		n += k;
	}
	buf[n] = '\0';
	return n;
}

/* --- layout --------------------------------------------------------- */

struct lay {
	const struct html_doc *d;
	struct html_layout *out;
	html_measure_fn	 measure;
	void		*arg;
	float		 max_w, max_h, base_h;
	float		 x, y, indent;
	float		 line_h;
	size_t		 line_first;	/* first box of the line */
	bool		 started;	/* a line has been laid out */
	bool		 stop;
	size_t		 cap;
};

static bool
same_style(const struct html_style *a, const struct html_style *b)
{
	return a->rgb == b->rgb && a->size == b->size && a->bold == b->bold &&
	    a->italic == b->italic && a->underline == b->underline;
}

/* Close the line: boxes to its bottom; false when past max_h. */
static void
end_line(struct lay *l, bool empty_ok)
{
	struct html_layout *o = l->out;
	size_t i;

	if (l->stop)
		return;
	if (o->n == l->line_first && !empty_ok)
		return;
	if (l->line_h == 0)
		l->line_h = l->base_h;
	if (l->y + l->line_h > l->max_h) {
		o->n = l->line_first;
		o->cut = true;
		l->stop = true;
		return;
	}
	for (i = l->line_first; i < o->n; i++) {
		o->boxes[i].y = l->y + l->line_h - o->boxes[i].h;
		if (o->boxes[i].x + o->boxes[i].w > o->width)
			o->width = o->boxes[i].x + o->boxes[i].w;
	}
	l->y += l->line_h;
	o->height = l->y;
	o->lines++;
	l->line_first = o->n;
	l->line_h = 0;
	l->x = l->indent;
	l->started = true;
}

static void
put(struct lay *l, const struct html_style *st, uint32_t off, uint32_t len,
    float w, float h)
{
	struct html_layout *o = l->out;
	struct html_box *b;

	if (l->stop)
		return;
	if (o->n > l->line_first) {
		b = &o->boxes[o->n - 1];
		if (same_style(&b->st, st) && b->off + b->len == off) {
			b->len += len;
			b->w += w;
			l->x += w;
			if (h > l->line_h)
				l->line_h = h;
			return;
		}
	}
	if (o->n == HTML_MAX_BOXES) {
		o->cut = true;
		l->stop = true;
		return;
	}
	if (o->n == l->cap) {
		l->cap = l->cap == 0 ? 32 : l->cap * 2;
		o->boxes = xreallocarray(o->boxes, l->cap, sizeof(*o->boxes));
	}
	b = &o->boxes[o->n++];
	b->x = l->x;
	b->y = 0;
	b->w = w;
	b->h = h;
	b->st = *st;
	b->off = off;
	b->len = len;
	l->x += w;
	if (h > l->line_h)
		l->line_h = h;
}

/*
 * The byte length of the longest prefix of s that fits in room, a character
 * at a time (at least one character).
 */
static size_t
fitting(struct lay *l, const char *s, size_t len, const struct html_style *st,
    float room)
{
	size_t i = 0, next;
	float acc = 0, w, h;

	while (i < len) {
		for (next = i + 1; next < len &&
		    ((unsigned char)s[next] & 0xc0) == 0x80; next++)
			;
		l->measure(l->arg, s + i, next - i, st, &w, &h);
		if (i > 0 && acc + w > room)
			break;
		acc += w;
		i = next;
	}
	return i;
}

static void
lay_word(struct lay *l, const struct html_item *it,
    const struct html_item *space)
{
	const char *s = l->d->text + it->off;
	float w, h, sw = 0, sh = 0;
	uint32_t off = it->off, len = it->len;
	size_t k;

	l->measure(l->arg, s, len, &it->st, &w, &h);
	if (space != NULL && l->x > l->indent)
		l->measure(l->arg, " ", 1, &space->st, &sw, &sh);
	if (l->x > l->indent && l->x + sw + w > l->max_w) {
		end_line(l, false);
		sw = 0;
	}
	if (sw > 0)
		put(l, &space->st, space->off, 1, sw, sh);
	/* Too wide for any line: in pieces. */
	while (!l->stop && l->x + w > l->max_w && len > 1) {
		k = fitting(l, l->d->text + off, len, &it->st,
		    l->max_w - l->x);
		if (k >= len)
			break;
		l->measure(l->arg, l->d->text + off, k, &it->st, &w, &h);
		put(l, &it->st, off, (uint32_t)k, w, h);
		end_line(l, false);
		off += (uint32_t)k;
		len -= (uint32_t)k;
		l->measure(l->arg, l->d->text + off, len, &it->st, &w, &h);
	}
	put(l, &it->st, off, len, w, h);
}

void
html_layout(const struct html_doc *d, float max_w, float max_h, float base_h,
    html_measure_fn measure, void *arg, struct html_layout *out)
{
	const struct html_item *space = NULL;
	struct lay l;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&l, 0, sizeof(l));
	l.d = d;
	l.out = out;
	l.measure = measure;
	l.arg = arg;
	l.max_w = max_w;
	l.max_h = max_h;
	l.base_h = base_h;
	out->cut = d->cut;
	for (i = 0; i < d->n && !l.stop; i++) {
		const struct html_item *it = &d->items[i];

		switch (it->kind) {
		case HTML_BLOCK:
			end_line(&l, false);
			if (l.started)
				l.y += base_h * (float)it->gap / 100.0f;
			l.indent = base_h * (float)it->indent *
			    HTML_INDENT_PCT / 100.0f;
			if (l.indent > max_w / 2)
				l.indent = max_w / 2;
			l.x = l.indent;
			space = NULL;
			break;
		case HTML_BREAK:
			end_line(&l, true);
			space = NULL;
			break;
		case HTML_SPACE:
			space = it;
			break;
		case HTML_WORD:
			lay_word(&l, it, space);
			space = NULL;
			break;
		}
	}
	end_line(&l, false);
}

void
html_layout_free(struct html_layout *o)
{
	free(o->boxes);
	memset(o, 0, sizeof(*o));
}
