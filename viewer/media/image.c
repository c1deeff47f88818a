/*
 * image.c - decode checked pictures, upload them as textures.
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
		snprintf(err, errlen, "not a PNG or JPEG picture");
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

GLuint
image_texture(SDL_Surface *s, bool mipmap, bool repeat_s)
{
	SDL_Surface *scaled = NULL;
	GLint max = 0;
	GLuint tex;
	int w = s->w, h = s->h;

	glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max);
	if (max > 0 && (w > max || h > max)) {
		if (w >= h) {
			h = (int)((int64_t)h * max / w);
			w = max;
		} else {
			w = (int)((int64_t)w * max / h);
			h = max;
		}
		scaled = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1,
		    h > 0 ? h : 1, 32, SDL_PIXELFORMAT_RGBA32);
		if (scaled != NULL) {
			SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
			SDL_BlitScaled(s, NULL, scaled, NULL);
			s = scaled;
		}
	}
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, s->pitch / 4);
	SDL_LockSurface(s);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, s->w, s->h, 0, GL_RGBA,
	    GL_UNSIGNED_BYTE, s->pixels);
	SDL_UnlockSurface(s);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	if (mipmap)
		glGenerateMipmap(GL_TEXTURE_2D);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER,
	    mipmap ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S,
	    repeat_s ? GL_REPEAT : GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	glBindTexture(GL_TEXTURE_2D, 0);
	SDL_FreeSurface(scaled);
	return tex;
}
