/*
 * media.h - the only way the viewer opens a file named by the network.
 *
 * Control messages (PACKTERMSG, PACKTERSOUND, PACKTERSE,
 * PACKTERSKYDOMETEXTURE) name files of the viewer's media directory.  A name
 * is judged before anything touches the file system: empty, absolute, with a
 * "." or ".." component, an empty component, a backslash or a control
 * character, too long or too deep, it is refused, counted and never opened.
 * A name that passes is opened relative to the directory's descriptor with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), so that the kernel
 * refuses symbolic links leading out of the directory (EXDEV); where
 * openat2 is missing (old kernels, seccomp filters), every component is
 * opened with O_NOFOLLOW instead, which refuses every symbolic link.  Only
 * regular files up to a size bound are read, whole, into memory, and the
 * decoders (SDL2_image, SDL2_mixer) read them from there.
 *
 * A few names other PACKTER programs send by default and our media lack
 * (packter-tc's traceback-*.png ...) are looked up again under the name of
 * the file that plays their part (tc-*.png ...), and counted.
 *
 * No GL, no SDL: unit-tested (tests/viewer/test-media.c).
 */
#ifndef PACKTER_VIEWER_MEDIA_H
#define PACKTER_VIEWER_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counters.h"

#define MEDIA_NAME_MAX		255	/* bytes in a name */
#define MEDIA_DEPTH_MAX		8	/* components in a name */
#define MEDIA_FILE_MAX		(32 * 1024 * 1024)
#define MEDIA_IMAGE_SIDE_MAX	8192	/* pixels, either side */

enum media_counter {
	MEDIA_READ,		/* files read */
	MEDIA_REFUSED_ABSOLUTE,
	MEDIA_REFUSED_DOTS,	/* "." or ".." components, empty ones */
	MEDIA_REFUSED_CHARS,	/* control characters, backslash, empty */
	MEDIA_REFUSED_LONG,	/* too long or too deep */
	MEDIA_REFUSED_LINK,	/* a symbolic link leading out, or any link */
	MEDIA_MISSING,
	MEDIA_NOT_FILE,		/* directories, devices, FIFOs */
	MEDIA_TOO_LARGE,
	MEDIA_ERRORS,		/* other open or read errors */
	MEDIA_ALIASED,		/* found under another program's name */
	MEDIA_COUNTERS
};

enum media_result {
	MEDIA_OK = 0,
	MEDIA_E_REFUSED = -1,	/* the name or the link: never opened */
	MEDIA_E_MISSING = -2,
	MEDIA_E_OTHER = -3
};

struct media {
	int		 dirfd;
	char		 dir[1024];
	bool		 no_openat2;	/* fell back to the O_NOFOLLOW walk */
	size_t		 max_file;
	uint64_t	 c[MEDIA_COUNTERS];
};

/*
 * The media directory: given, else $PACKTER_MEDIADIR, else the installed
 * one (PACKTER_MEDIADIR at build time) if it holds a README, else the source
 * tree's media/ (running from the build tree).
 */
const char	*media_default_dir(const char *given);

/* Open the directory; -1 with err set. */
int		 media_open(struct media *, const char *dir, char *err,
		    size_t errlen);
void		 media_close(struct media *);

/*
 * Judge a name from the network: MEDIA_OK, or MEDIA_E_REFUSED with the
 * reason in why and the counter to bump in *counter.
 */
int		 media_check_name(const char *name, size_t len,
		    enum media_counter *counter, char *why, size_t whylen);

/*
 * Read the file a name from the network names: a buffer of *size bytes (the
 * caller frees it), or NULL with the result in *res and the reason in err.
 * Counts and rate-limit-logs every refusal.
 */
void		*media_read(struct media *, const char *name, size_t len,
		    size_t *size, int *res, char *err, size_t errlen);

/*
 * The size of a PNG, JPEG or BMP picture from its header, without decoding
 * it: "PNG", "JPG" or "BMP" for the decoder, or NULL for anything else.
 */
const char	*media_image_info(const uint8_t *buf, size_t len, int *w,
		    int *h);

/*
 * The flags that have a model: "models/flag-<N>.obj" with N from 10 to 65535
 * written without leading zeros, and its texture "models/flag-<N>.png".  Up
 * to max of them, in ascending order; the count.
 */
int		 media_model_flags(struct media *, unsigned *flags, int max);
/*
 * The flags that have a model of the reference viewer's, numbered as it
 * numbers them: "models/packter<NN>.x" is the model of flag NN - 1 (NN from
 * 11 to 65536, no leading zeros: packter11.x draws flag 10).  Its texture is
 * the model's own, "models/packter<NN>.png" or none (model.c); up to max
 * flags in ascending order; the count.
 */
int		 media_xmodel_flags(struct media *, unsigned *flags, int max);

void		 media_counters(const struct media *, struct counters *);

#endif /* PACKTER_VIEWER_MEDIA_H */
