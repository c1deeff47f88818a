/*
 * export.c - the drawn frame to a PPM stream or a PNG file (see export.h).
 */
#include "config.h"
#include "export.h"

#include <SDL.h>
#include <SDL_image.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "render.h"

void
export_open(struct export *ex, const char *ppm)
{
	memset(ex, 0, sizeof(*ex));
	if (ppm == NULL)
		return;
	ex->ppm_name = ppm;
	if (strcmp(ppm, "-") == 0)
		ex->ppm = stdout;
	else if ((ex->ppm = fopen(ppm, "wb")) == NULL)
		fatal_errno(1, errno, "%s", ppm);
}

void
export_close(struct export *ex)
{
	if (ex->ppm != NULL && ex->ppm != stdout && fclose(ex->ppm) != 0)
		fatal_errno(1, errno, "%s: write failed", ex->ppm_name);
	ex->ppm = NULL;
	free(ex->pixels);
	ex->pixels = NULL;
	ex->size = 0;
}

int
export_on_stdout(const struct export *ex)
{
	return ex->ppm == stdout;
}

/* Read the frame into ex->pixels; returns its size in bytes. */
static size_t
grab(struct export *ex, int w, int h)
{
	size_t need = (size_t)w * (size_t)h * 3;

	if (need > ex->size) {
		free(ex->pixels);
		ex->pixels = xmalloc(need);
		ex->size = need;
	}
	render_read_rgb(w, h, ex->pixels);
	return need;
}

void
export_frame(struct export *ex, int w, int h)
{
	size_t n;

	if (ex->ppm == NULL)
		return;
	n = grab(ex, w, h);
	if (fprintf(ex->ppm, "P6\n%d %d\n255\n", w, h) < 0 ||
	    fwrite(ex->pixels, 1, n, ex->ppm) != n || fflush(ex->ppm) != 0)
		fatal_errno(1, errno, "--ppm-stream: write failed");
}

void
export_png(struct export *ex, int w, int h, const char *path)
{
	SDL_Surface *s;

	(void)grab(ex, w, h);
	s = SDL_CreateRGBSurfaceWithFormatFrom(ex->pixels, w, h, 24, w * 3,
	    SDL_PIXELFORMAT_RGB24);
	if (s == NULL)
		fatal(1, "screenshot: %s", SDL_GetError());
	if (IMG_SavePNG(s, path) != 0)
		fatal(1, "%s: %s", path, IMG_GetError());
	SDL_FreeSurface(s);
}
