/*
 * export.h - frames out of the viewer, so the picture is testable and
 * recordable: --ppm-stream writes every frame as a binary PPM (as Gource's
 * --output-ppm-stream does, for ffmpeg), --screenshot the last one as PNG.
 *
 * Program code: a write that fails is fatal (status 1).
 */
#ifndef PACKTER_VIEWER_EXPORT_H
#define PACKTER_VIEWER_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct export {
	FILE		*ppm;		/* NULL: no stream */
	const char	*ppm_name;
	uint8_t		*pixels;	/* w * h * 3, grown as needed */
	size_t		 size;
};

/* ppm: a file, "-" for standard output, or NULL for none. */
void	export_open(struct export *, const char *ppm);
void	export_close(struct export *);

/* Whether the stream is standard output (messages go to stderr then). */
int	export_on_stdout(const struct export *);

/* The drawn frame, w x h: to the stream if there is one. */
void	export_frame(struct export *, int w, int h);

/* The drawn frame, w x h, as a PNG file. */
void	export_png(struct export *, int w, int h, const char *path);

#endif /* PACKTER_VIEWER_EXPORT_H */
