/*
 * image.h - pictures from the media: checked and decoded.
 *
 * Only PNG, JPEG and BMP (the reference viewer's textures), recognised by
 * their header (media_image_info), no larger than MEDIA_IMAGE_SIDE_MAX a side
 * and IMAGE_PIXELS_MAX in all, decoded by SDL2_image from memory into RGBA
 * bytes.  gl_texture() (gl/glutil.h)
 * uploads them.
 */
#ifndef PACKTER_VIEWER_IMAGE_H
#define PACKTER_VIEWER_IMAGE_H

#include <SDL.h>
#include <stddef.h>
#include <stdint.h>

#define IMAGE_PIXELS_MAX	(16 * 1024 * 1024)

/* An RGBA32 surface, or NULL with err set. */
SDL_Surface	*image_decode(const uint8_t *buf, size_t len, char *err,
		    size_t errlen);

#endif /* PACKTER_VIEWER_IMAGE_H */
