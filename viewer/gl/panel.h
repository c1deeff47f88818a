/*
 * panel.h - the message panel: a picture and HTML text over the scene
 * (PACKTERMSG, PACKTERHTML).
 *
 * A message replaces the one shown and stays for the panel's time (10 s by
 * default); Space hides the panel, or shows the last message again.  The
 * panel is composed once per message (and per window size) into one texture
 * on the CPU: the picture scaled to fit, the text laid out by html.c and
 * drawn with SDL2_ttf in the styles it asks for; each frame then costs one
 * textured quad, top right.
 */
#ifndef PACKTER_VIEWER_PANEL_H
#define PACKTER_VIEWER_PANEL_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct panel;

struct panel	*panel_new(const char *font_path, int base_px,
		    const char *shader_dir, int64_t show_ns, char *err,
		    size_t errlen);
void		 panel_free(struct panel *);

/*
 * Show a message from now on: an RGBA32 picture or NULL (the panel keeps a
 * reference), and HTML.
 */
void		 panel_show(struct panel *, SDL_Surface *, const char *html,
		    size_t len, int64_t now);

/* Space: hide the panel, or show the last message again. */
void		 panel_toggle(struct panel *, int64_t now);
bool		 panel_visible(const struct panel *, int64_t now);

/* Draw it in a w x h window, if it is to be seen. */
void		 panel_draw(struct panel *, int w, int h, int64_t now);

/* The last message's text without its markup ("" if none). */
const char	*panel_text(const struct panel *);

/* Where the last frame drew it; false if it did not. */
bool		 panel_rect(const struct panel *, int *x, int *y, int *w,
		    int *h);

#endif /* PACKTER_VIEWER_PANEL_H */
