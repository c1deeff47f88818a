/*
 * boardsui.h - what the boards add over the scene: the filter line, the
 * filter in force, a line of news, the top talkers' table.
 *
 * The tick labels and board titles are hud.c's (hud_board_labels); this
 * draws with the HUD's text and rectangles, and says where the talkers'
 * rows went, so that a click can pick one.
 */
#ifndef PACKTER_VIEWER_BOARDSUI_H
#define PACKTER_VIEWER_BOARDSUI_H

#include <stdbool.h>
#include <stddef.h>

#include "boards.h"
#include "camera.h"
#include "hud.h"
#include "topn.h"

struct boardsui {
	bool		 line_open;	/* the filter line, being typed */
	const char	*line;
	size_t		 line_len;
	const char	*filter;	/* in force, or NULL */
	bool		 highlight;
	const char	*note;		/* news, or NULL */
	const struct topn_result *talkers;	/* NULL: not shown */
	/* Out: each talker row's rectangle, x y w h; w 0 when not drawn. */
	float		 rows[TOPN_KINDS][TOPN_ROWS][4];
};

void	boardsui_draw(struct hud *, const struct camera *, struct boardsui *);

#endif /* PACKTER_VIEWER_BOARDSUI_H */
