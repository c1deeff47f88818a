/*
 * fuzz-html.c - the viewer's HTML subset (viewer/html.c): html_parse() on the
 * input as a PACKTERMSG/PACKTERHTML text, then html_layout() with a fixed
 * text measure.  Invariants: every item's text lies inside the document's
 * text, the text and the items stay within their bounds, and so do the
 * layout's boxes.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static void
measure(void *arg, const char *s, size_t len, const struct html_style *st,
    float *w, float *h)
{
	(void)arg;
	(void)s;
	*w = (float)len * 7.0f * (float)st->size / 100.0f;
	*h = 16.0f * (float)st->size / 100.0f;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_doc doc;
	struct html_layout lay;
	size_t i;

	if (size > HTML_MAX_INPUT)
		size = HTML_MAX_INPUT;
	memset(&doc, 0, sizeof(doc));
	html_parse(&doc, (const char *)data, size);
	if (doc.text_len > HTML_MAX_TEXT || doc.n > HTML_MAX_ITEMS)
		abort();
	for (i = 0; i < doc.n; i++) {
		const struct html_item *it = &doc.items[i];

		if ((it->kind == HTML_WORD || it->kind == HTML_SPACE) &&
		    ((size_t)it->off > doc.text_len ||
		    (size_t)it->len > doc.text_len - it->off))
			abort();
	}
	memset(&lay, 0, sizeof(lay));
	html_layout(&doc, 400.0f, 300.0f, 16.0f, measure, NULL, &lay);
	if (lay.n > HTML_MAX_BOXES)
		abort();
	html_layout_free(&lay);
	html_free(&doc);
	return 0;
}
