/*
 * boardsui.c - the filter line, the filter in force, news and the top
 * talkers over the scene (see boardsui.h).
 */
#include "config.h"
#include "boardsui.h"

#include <stdio.h>
#include <string.h>

#define C_TEXT		0xe8ecf4ffu
#define C_DIM		0xa0a8bcffu
#define C_WARN		0xffc060ffu
#define C_PANEL		0x000000c0u
#define C_ROW		0x30405080u

static const char *const kind_titles[TOPN_KINDS] = {
	"sources", "destinations", "source ports", "destination ports",
	"pairs"
};

static void
talkers(struct hud *hud, const struct camera *cam, struct boardsui *ui)
{
	const struct topn_result *t = ui->talkers;
	float lh = (float)hud_line_height(hud), x, y, w = 0, kw, cw, h;
	char head[160], num[64];
	int k, i, rows = 0;

	for (k = 0; k < TOPN_KINDS; k++) {
		rows += 1 + (t->n[k] > 0 ? t->n[k] : 1);
		for (i = 0; i < t->n[k]; i++) {
			kw = hud_text_width(hud, t->rows[k][i].key,
			    strlen(t->rows[k][i].key));
			w = kw > w ? kw : w;
		}
	}
	cw = hud_text_width(hud, "000000  00000.0/s", 17);
	w += cw + 24;
	if (w < 360)
		w = 360;
	h = lh * (float)(rows + 2) + 16;
	x = (float)cam->w - w - 16;
	y = 110;
	if (x < 8)
		x = 8;
	hud_rect(hud, x - 8, y - 8, w + 16, h, C_PANEL);
	(void)snprintf(head, sizeof(head), "Top talkers, last %.0f s: %llu "
	    "records%s (K: close, click: filter)", t->seconds,
	    (unsigned long long)t->records, t->read < t->records ?
	    ", sampled" : "");
	hud_text(hud, x, y, C_WARN, head, strlen(head));
	y += lh * 1.5f;
	for (k = 0; k < TOPN_KINDS; k++) {
		hud_text(hud, x, y, C_DIM, kind_titles[k],
		    strlen(kind_titles[k]));
		y += lh;
		for (i = 0; i < TOPN_ROWS; i++)
			ui->rows[k][i][2] = 0;
		if (t->n[k] == 0) {
			hud_text(hud, x + 12, y, C_DIM, "-", 1);
			y += lh;
			continue;
		}
		for (i = 0; i < t->n[k]; i++) {
			const struct topn_row *r = &t->rows[k][i];
			int n;

			ui->rows[k][i][0] = x;
			ui->rows[k][i][1] = y;
			ui->rows[k][i][2] = w;
			ui->rows[k][i][3] = lh;
			if (i % 2 == 0)
				hud_rect(hud, x, y, w, lh, C_ROW);
			hud_text(hud, x + 12, y, C_TEXT, r->key, strlen(r->key));
			n = snprintf(num, sizeof(num), "%llu  %.1f/s",
			    (unsigned long long)r->count, t->seconds > 0 ?
			    (double)r->count / t->seconds : 0.0);
			if (n > 0 && (size_t)n < sizeof(num))
				hud_text(hud, x + w - hud_text_width(hud, num,
				    (size_t)n), y, C_TEXT, num, (size_t)n);
			y += lh;
		}
	}
}

void
boardsui_draw(struct hud *hud, const struct camera *cam, struct boardsui *ui)
{
	float lh = (float)hud_line_height(hud), y, w;
	char buf[FILTER_TEXT_MAX + 64];
	int n;

	memset(ui->rows, 0, sizeof(ui->rows));
	/* The filter in force and the news, top middle. */
	y = 8;
	if (ui->filter != NULL && ui->filter[0] != '\0') {
		n = snprintf(buf, sizeof(buf), "filter (%s): %s",
		    ui->highlight ? "highlight" : "hide the rest", ui->filter);
		if (n > 0) {
			if ((size_t)n >= sizeof(buf))
				n = sizeof(buf) - 1;
			w = hud_text_width(hud, buf, (size_t)n);
			hud_rect(hud, ((float)cam->w - w) / 2 - 8, y - 4,
			    w + 16, lh + 8, C_PANEL);
			hud_text(hud, ((float)cam->w - w) / 2, y, C_WARN,
			    buf, (size_t)n);
			y += lh + 8;
		}
	}
	if (ui->note != NULL && ui->note[0] != '\0') {
		w = hud_text_width(hud, ui->note, strlen(ui->note));
		hud_rect(hud, ((float)cam->w - w) / 2 - 8, y - 4, w + 16,
		    lh + 8, C_PANEL);
		hud_text(hud, ((float)cam->w - w) / 2, y, C_TEXT, ui->note,
		    strlen(ui->note));
	}
	if (ui->talkers != NULL)
		talkers(hud, cam, ui);
	/* The filter line, bottom middle, over everything. */
	if (ui->line_open) {
		n = snprintf(buf, sizeof(buf), "filter: %.*s_",
		    (int)ui->line_len, ui->line);
		if (n < 0)
			return;
		if ((size_t)n >= sizeof(buf))
			n = sizeof(buf) - 1;
		w = hud_text_width(hud, buf, (size_t)n);
		if (w < 400)
			w = 400;
		y = (float)cam->h - 3 * lh - 24;
		hud_rect(hud, ((float)cam->w - w) / 2 - 10, y - 6, w + 20,
		    lh * 2 + 12, 0x101828f0u);
		hud_text(hud, ((float)cam->w - w) / 2, y, C_TEXT, buf,
		    (size_t)n);
		hud_text(hud, ((float)cam->w - w) / 2, y + lh, C_DIM,
		    "Enter: apply (empty: none)   Esc: cancel", 40);
	}
}
