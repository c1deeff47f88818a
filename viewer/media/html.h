/*
 * html.h - the HTML subset of PACKTER messages: parse, then lay out.
 *
 * html_parse() reads a message with libxml2's HTML parser (no network, no
 * error output) and flattens it into items: words and spaces with a style,
 * line breaks, and block starts with their indent and the gap before them.
 * Understood: p, div, br, h1-h6, b/strong, i/em, u, font color/size,
 * span style (color, font-size, font-weight, font-style), ul/ol/li, and
 * blockquote, pre, hr, tr as blocks.  Other tags are dropped and their text
 * kept; script, style, head and title are dropped with their text.  White
 * space folds as in HTML.  Everything is bounded: the input, the style depth
 * (deeper elements take their parent's style), the items and the text (more
 * is cut and said so).
 *
 * html_layout() places the items into lines of at most a width, with a
 * caller's text measure, as boxes (a run of one style on one line), up to a
 * height.  Pure: no SDL, no GL (tests/viewer/test-html.c).
 */
#ifndef PACKTER_VIEWER_HTML_H
#define PACKTER_VIEWER_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTML_MAX_INPUT		(64 * 1024)
#define HTML_MAX_DEPTH		32	/* nested styles kept */
#define HTML_MAX_ITEMS		8192
#define HTML_MAX_TEXT		(32 * 1024)
#define HTML_MAX_BOXES		4096
#define HTML_DEFAULT_RGB	0xe8ecf4u
#define HTML_INDENT_PCT		150	/* of the base line height, per level */

struct html_style {
	uint32_t	 rgb;		/* 0xRRGGBB */
	uint16_t	 size;		/* percent of the base font size */
	bool		 bold, italic, underline;
};

enum html_item_kind {
	HTML_WORD,		/* text without blanks */
	HTML_SPACE,		/* one folded blank (text " ") */
	HTML_BREAK,		/* <br> */
	HTML_BLOCK		/* a new block: new line, gap, indent */
};

struct html_item {
	uint8_t		 kind;
	uint8_t		 indent;	/* BLOCK: list levels */
	uint16_t	 gap;		/* BLOCK: space before, % of a line */
	struct html_style st;
	uint32_t	 off, len;	/* WORD, SPACE: bytes of doc->text */
};

struct html_doc {
	char		*text;
	size_t		 text_len;
	struct html_item *items;
	size_t		 n;
	bool		 cut;		/* bounds reached: the rest is lost */
};

/* Parse; never fails (an unparsable message is an empty document). */
void		 html_parse(struct html_doc *, const char *html, size_t len);
void		 html_free(struct html_doc *);

/* The text alone: words, one blank between words, lines and blocks. */
size_t		 html_plain_text(const struct html_doc *, char *buf,
		    size_t cap);

/* How wide a piece of text is in a style, and its line height. */
typedef void	(*html_measure_fn)(void *arg, const char *s, size_t len,
		    const struct html_style *, float *w, float *h);

struct html_box {
	float		 x, y;		/* top-left, from the layout's origin */
	float		 w, h;
	struct html_style st;
	uint32_t	 off, len;	/* bytes of doc->text */
};

struct html_layout {
	struct html_box	*boxes;
	size_t		 n;
	float		 width;		/* of the widest line */
	float		 height;
	int		 lines;
	bool		 cut;		/* more than max_h or HTML_MAX_BOXES */
};

/*
 * Lay out at most max_w wide and max_h high; base_h is the line height of
 * the base style (for gaps and indents).  Words wider than a line are split
 * between characters.
 */
void		 html_layout(const struct html_doc *, float max_w, float max_h,
		    float base_h, html_measure_fn, void *arg,
		    struct html_layout *);
void		 html_layout_free(struct html_layout *);

/* "#rgb", "#rrggbb" or an HTML colour name; -1 if none of those. */
int		 html_color(const char *s, size_t len, uint32_t *rgb);

#endif /* PACKTER_VIEWER_HTML_H */
