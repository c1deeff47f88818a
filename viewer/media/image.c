/*
 * image.c - decode checked pictures (gl/glutil.c makes them textures).
 */
#include "config.h"
#include "image.h"

#include <SDL_image.h>
#include <stdio.h>

#include "media.h"

SDL_Surface *
image_decode(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	SDL_Surface *s, *c;
	SDL_RWops *rw;
	const char *type;
	int w, h;

	if (len > INT32_MAX ||
	    (type = media_image_info(buf, len, &w, &h)) == NULL) {
		snprintf(err, errlen, "not a PNG, JPEG or BMP picture");
		return NULL;
	}
	if (w > MEDIA_IMAGE_SIDE_MAX || h > MEDIA_IMAGE_SIDE_MAX ||
	    (int64_t)w * h > IMAGE_PIXELS_MAX) {
		snprintf(err, errlen, "%dx%d: larger than %d pixels a side or "
		    "%d in all", w, h, MEDIA_IMAGE_SIDE_MAX, IMAGE_PIXELS_MAX);
		return NULL;
	}
	if ((rw = SDL_RWFromConstMem(buf, (int)len)) == NULL) {
		snprintf(err, errlen, "%s", SDL_GetError());
		return NULL;
	}
	if ((s = IMG_LoadTyped_RW(rw, 1, type)) == NULL) {
		snprintf(err, errlen, "%s", IMG_GetError());
		return NULL;
	}
	if (s->w != w || s->h != h) {
		snprintf(err, errlen, "decoded size differs from the header's");
		SDL_FreeSurface(s);
		return NULL;
	}
	if (s->format->format == SDL_PIXELFORMAT_RGBA32)
		return s;
	c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0);
	SDL_FreeSurface(s);
	if (c == NULL)
		snprintf(err, errlen, "%s", SDL_GetError());
	return c;
}
