/*
 * hud.h - text and flat shapes over the scene: the HUD, the legend, the help
 * overlay, the boards' axis labels.
 *
 * Text comes from SDL2_ttf: at start every glyph of Latin-1 is rendered once
 * into an atlas texture; a frame's text is a list of quads in a fixed-size
 * buffer, drawn with one call (nothing allocated per frame).  Characters
 * outside the atlas show as '?'.
 */
#ifndef PACKTER_VIEWER_HUD_H
#define PACKTER_VIEWER_HUD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "camera.h"
#include "status.h"
#include "timeline.h"

struct hud;
struct boards;

/* Well-known names beside the busiest ports of the hovered board. */
#define HUD_PORT_MARKS	4
struct hud_port_marks {
	int		 board;		/* layout board, -1: none */
	int		 n;
	unsigned	 port[HUD_PORT_MARKS];
};

/* What the overlay shows; the frame loop fills it. */
struct hud_info {
	const struct status_text *st;	/* the status panel, top left */
	float		 bottom;	/* pixels kept free at the bottom */
	const char	*status;	/* a line of news (traceback ...), or NULL */
	const char	*message;	/* the last control message's text */
	bool		 help;
};

struct hud	*hud_new(const char *font_path, int px, const char *shader_dir,
		    char *err, size_t errlen);
void		 hud_free(struct hud *);

/* Start a frame of text for a w x h window. */
void		 hud_begin(struct hud *, int w, int h);
/* Text with its top-left corner at (x, y); returns its width. */
float		 hud_text(struct hud *, float x, float y, uint32_t rgba,
		    const char *s, size_t len);
float		 hud_text_width(const struct hud *, const char *s, size_t len);
void		 hud_rect(struct hud *, float x, float y, float w, float h,
		    uint32_t rgba);
int		 hud_line_height(const struct hud *);
/* Draw what was queued since hud_begin. */
void		 hud_end(struct hud *);

/*
 * The axis labels and titles of every board, projected with the camera:
 * ticks of the boards' ranges and scales (boardmap.h) outside the board
 * edges, where no ball lands; NULL boards: the classic pair's.
 */
void		 hud_board_labels(struct hud *, const struct camera *,
		    const struct boards *, const struct hud_port_marks *);
/*
 * The legend's colours (flags 0-9) and the flags drawn as models (NULL, 0:
 * none), listed after the colours.
 */
void		 hud_set_legend(struct hud *, const uint32_t rgb[10],
		    const uint32_t *model_flags, int nmodels);
/*
 * The status lines, the legend, the news, the help overlay.  The hovered
 * and pinned balls' boxes are infobox.c's.
 */
void		 hud_overlay(struct hud *, const struct hud_info *);

#endif /* PACKTER_VIEWER_HUD_H */
