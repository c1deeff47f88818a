/*
 * media.c - confinement of network-named files to the media directory.
 *
 * See media.h.  Everything here runs on the frame thread and only for the
 * few files the control path decided to load; the name checks before any
 * system call are what a flood of hostile names costs.
 */
#include "config.h"
#include "media.h"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "cursor.h"
#include "errbuf.h"
#include "log.h"

#ifndef PACKTER_MEDIADIR
#define PACKTER_MEDIADIR	"/usr/local/share/packter/media"
#endif
#ifndef PACKTER_SRCDIR
#define PACKTER_SRCDIR		"."
#endif

static const char *const media_names[MEDIA_COUNTERS] = {
	[MEDIA_READ] = "files read",
	[MEDIA_REFUSED_ABSOLUTE] = "refused: absolute path",
	[MEDIA_REFUSED_DOTS] = "refused: dot components",
	[MEDIA_REFUSED_CHARS] = "refused: bad characters",
	[MEDIA_REFUSED_LONG] = "refused: too long",
	[MEDIA_REFUSED_LINK] = "refused: link leading out",
	[MEDIA_MISSING] = "missing",
	[MEDIA_NOT_FILE] = "not a regular file",
	[MEDIA_TOO_LARGE] = "too large",
	[MEDIA_ERRORS] = "read errors",
	[MEDIA_ALIASED] = "found under another name",
};

/*
 * Names other programs send by default, and the file of our media that
 * plays their part (packter-tc(1)'s CONFIGURATION defaults).
 */
static const struct {
	const char	*asked, *ours;
} aliases[] = {
	{ "traceback-started.png", "tc-started.png" },
	{ "traceback-accepted.png", "tc-accepted.png" },
	{ "traceback-found.png", "tc-found.png" },
	{ "traceback-notfound.png", "tc-notfound.png" },
	{ "traceback-error.png", "tc-error.png" },
	{ "traceback-started.wav", "beep.wav" },
	{ "traceback-accepted.wav", "beep.wav" },
	{ "traceback-found.wav", "success.wav" },
	{ "traceback-notfound.wav", "failure.wav" },
	{ "traceback-error.wav", "failure.wav" },
	{ "skydome-traceback.png", "sky.png" },
};

static struct ratelimit rl_refused, rl_missing;

static bool
has_readme(const char *dir)
{
	char path[1100];
	int n;

	n = snprintf(path, sizeof(path), "%s/README", dir);
	return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

const char *
media_default_dir(const char *given)
{
	static const char *const tree = PACKTER_SRCDIR "/media";
	const char *env;

	if (given != NULL)
		return given;
	if ((env = getenv("PACKTER_MEDIADIR")) != NULL && env[0] != '\0')
		return env;
	if (has_readme(PACKTER_MEDIADIR))
		return PACKTER_MEDIADIR;
	if (has_readme(tree))
		return tree;
	return PACKTER_MEDIADIR;
}

int
media_open(struct media *m, const char *dir, char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	m->dirfd = -1;
	m->max_file = MEDIA_FILE_MAX;
	if (strlen(dir) >= sizeof(m->dir)) {
		snprintf(err, errlen, "%s: media directory name too long", dir);
		return -1;
	}
	memcpy(m->dir, dir, strlen(dir) + 1);
	m->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (m->dirfd == -1) {
		(void)errbuf_fmt_errno(err, errlen, errno, "media directory %s",
		    dir);
		return -1;
	}
	return 0;
}

void
media_close(struct media *m)
{
	if (m->dirfd != -1)
		close(m->dirfd);
	m->dirfd = -1;
}

/* Quote a hostile name for a log line: printable ASCII only, cut. */
static void
quote(char *dst, size_t cap, const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 4 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (i < len && n + 4 <= cap) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
}

int
media_check_name(const char *name, size_t len, enum media_counter *counter,
    char *why, size_t whylen)
{
	size_t i, start, depth = 0;

	if (len == 0) {
		*counter = MEDIA_REFUSED_CHARS;
		snprintf(why, whylen, "empty name");
		return MEDIA_E_REFUSED;
	}
	if (name[0] == '/') {
		*counter = MEDIA_REFUSED_ABSOLUTE;
		snprintf(why, whylen, "absolute path");
		return MEDIA_E_REFUSED;
	}
	if (len > MEDIA_NAME_MAX) {
		*counter = MEDIA_REFUSED_LONG;
		snprintf(why, whylen, "name longer than %d bytes",
		    MEDIA_NAME_MAX);
		return MEDIA_E_REFUSED;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c == 0x7f || c == '\\') {
			*counter = MEDIA_REFUSED_CHARS;
			snprintf(why, whylen, "control character or "
			    "backslash");
			return MEDIA_E_REFUSED;
		}
	}
	for (start = 0; start <= len; start = i + 1) {
		size_t clen;

		for (i = start; i < len && name[i] != '/'; i++)
			;
		clen = i - start;
		if (clen == 0 || (clen == 1 && name[start] == '.') ||
		    (clen == 2 && name[start] == '.' &&
		    name[start + 1] == '.')) {
			*counter = MEDIA_REFUSED_DOTS;
			snprintf(why, whylen, clen == 0 ?
			    "empty path component" : "\".\" or \"..\" "
			    "component");
			return MEDIA_E_REFUSED;
		}
		if (++depth > MEDIA_DEPTH_MAX) {
			*counter = MEDIA_REFUSED_LONG;
			snprintf(why, whylen, "more than %d components",
			    MEDIA_DEPTH_MAX);
			return MEDIA_E_REFUSED;
		}
	}
	return MEDIA_OK;
}

/*
 * Without openat2: each directory component, then the file, opened with
 * O_NOFOLLOW relative to the last.  A symbolic link anywhere fails (ELOOP,
 * or ENOTDIR for an intermediate one opened with O_DIRECTORY); the last one
 * opened with O_PATH gives the link itself, which read_checked() refuses.
 */
static int
open_walk(int dirfd, const char *name, int flags)
{
	char comp[MEDIA_NAME_MAX + 1];
	const char *p = name, *slash;
	int fd = dirfd, next, saved;

	while ((slash = strchr(p, '/')) != NULL) {
		memcpy(comp, p, (size_t)(slash - p));
		comp[slash - p] = '\0';
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		saved = errno;
		if (fd != dirfd)
			close(fd);
		if (next == -1) {
			errno = saved == ENOTDIR ? ELOOP : saved;
			return -1;
		}
		fd = next;
		p = slash + 1;
	}
	next = openat(fd, p, flags | O_NOFOLLOW | O_CLOEXEC);
	saved = errno;
	if (fd != dirfd)
		close(fd);
	errno = saved;
	return next;
}

static int
open_beneath(struct media *m, const char *name, int flags)
{
#ifdef SYS_openat2
	struct open_how how;
	long fd;

	if (!m->no_openat2) {
		memset(&how, 0, sizeof(how));
		how.flags = (uint64_t)(flags | O_CLOEXEC);
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
		fd = syscall(SYS_openat2, m->dirfd, name, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != ENOSYS && errno != EPERM)
			return -1;
		log_info("media: no openat2 (%s): every symbolic link in the "
		    "media directory is refused", strerror(errno));
		m->no_openat2 = true;
	}
#endif
	return open_walk(m->dirfd, name, flags);
}

/* open_beneath(), its failure counted and told; -1 then. */
static int
open_counted(struct media *m, const char *name, int flags, int *res,
    char *err, size_t errlen)
{
	int fd, saved;

	if ((fd = open_beneath(m, name, flags)) != -1)
		return fd;
	saved = errno;
	if (saved == EXDEV || saved == ELOOP) {
		m->c[MEDIA_REFUSED_LINK]++;
		*res = MEDIA_E_REFUSED;
		snprintf(err, errlen, "symbolic link leading out of the media "
		    "directory");
		log_limited(&rl_refused, LOG_LVL_WARN, "media: refused \"%s\": "
		    "%s", name, err);
		return -1;
	}
	if (saved == ENOENT || saved == ENOTDIR)
		*res = MEDIA_E_MISSING;
	else {
		m->c[MEDIA_ERRORS]++;
		*res = MEDIA_E_OTHER;
	}
	errbuf_fmt_errno(err, errlen, saved, "open");
	return -1;
}

/*
 * Read a checked name; MEDIA_E_MISSING lets the caller try an alias.
 *
 * The name is first opened with O_PATH, which opens nothing: a FIFO, a
 * device node or a socket is judged by its fstat() and refused without its
 * driver ever being asked (a FIFO's open would wait for a writer, a tape
 * would rewind).  Only a regular file within the size bound is opened for
 * reading, by the same confined lookup, and must still be the same file.
 */
static void *
read_checked(struct media *m, const char *name, size_t *size, int *res,
    char *err, size_t errlen)
{
	struct stat st, st2;
	uint8_t *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd;

	if ((fd = open_counted(m, name, O_PATH, res, err, errlen)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1) {
		m->c[MEDIA_ERRORS]++;
		*res = MEDIA_E_OTHER;
		errbuf_fmt_errno(err, errlen, errno, "fstat");
		goto out;
	}
	if (S_ISLNK(st.st_mode)) {	/* O_NOFOLLOW walk: the link itself */
		close(fd);
		errno = ELOOP;
		m->c[MEDIA_REFUSED_LINK]++;
		*res = MEDIA_E_REFUSED;
		snprintf(err, errlen, "symbolic link leading out of the media "
		    "directory");
		log_limited(&rl_refused, LOG_LVL_WARN, "media: refused \"%s\": "
		    "%s", name, err);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		m->c[MEDIA_NOT_FILE]++;
		*res = MEDIA_E_OTHER;
		snprintf(err, errlen, "not a regular file");
		goto out;
	}
	if ((uint64_t)st.st_size > m->max_file) {
		m->c[MEDIA_TOO_LARGE]++;
		*res = MEDIA_E_OTHER;
		snprintf(err, errlen, "larger than %zu bytes", m->max_file);
		goto out;
	}
	close(fd);
	if ((fd = open_counted(m, name, O_RDONLY | O_NONBLOCK | O_NOCTTY, res,
	    err, errlen)) == -1)
		return NULL;
	if (fstat(fd, &st2) == -1 || !S_ISREG(st2.st_mode) ||
	    st2.st_dev != st.st_dev || st2.st_ino != st.st_ino ||
	    (uint64_t)st2.st_size > m->max_file) {
		m->c[MEDIA_NOT_FILE]++;
		*res = MEDIA_E_OTHER;
		snprintf(err, errlen, "replaced while it was opened");
		goto out;
	}
	buf = xmalloc((size_t)st2.st_size + 1);
	while (got < (size_t)st2.st_size) {
		n = read(fd, buf + got, (size_t)st2.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != (size_t)st2.st_size) {
		m->c[MEDIA_ERRORS]++;
		*res = MEDIA_E_OTHER;
		snprintf(err, errlen, "short read");
		free(buf);
		buf = NULL;
		goto out;
	}
	m->c[MEDIA_READ]++;
	*size = got;
	*res = MEDIA_OK;
out:
	close(fd);
	return buf;
}

void *
media_read(struct media *m, const char *name, size_t len, size_t *size,
    int *res, char *err, size_t errlen)
{
	char path[MEDIA_NAME_MAX + 1], q[80];
	enum media_counter counter;
	void *buf;
	size_t k;

	*size = 0;
	quote(q, sizeof(q), name, len);
	if (media_check_name(name, len, &counter, err, errlen) != MEDIA_OK) {
		m->c[counter]++;
		*res = MEDIA_E_REFUSED;
		log_limited(&rl_refused, LOG_LVL_WARN, "media: refused \"%s\": "
		    "%s", q, err);
		return NULL;
	}
	if (m->dirfd == -1) {
		m->c[MEDIA_MISSING]++;
		*res = MEDIA_E_MISSING;
		snprintf(err, errlen, "no media directory");
		return NULL;
	}
	memcpy(path, name, len);
	path[len] = '\0';
	buf = read_checked(m, path, size, res, err, errlen);
	if (*res != MEDIA_E_MISSING)
		return buf;
	for (k = 0; k < sizeof(aliases) / sizeof(aliases[0]); k++)
		if (strcmp(path, aliases[k].asked) == 0) {
			buf = read_checked(m, aliases[k].ours, size, res, err,
			    errlen);
			if (*res == MEDIA_OK) {
				m->c[MEDIA_ALIASED]++;
				log_debug("media: \"%s\" read as \"%s\"", path,
				    aliases[k].ours);
			}
			if (*res != MEDIA_E_MISSING)
				return buf;
			break;
		}
	m->c[MEDIA_MISSING]++;
	log_limited(&rl_missing, LOG_LVL_INFO, "media: %s/%s: not found",
	    m->dir, q);
	return NULL;
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * A Windows bitmap's size from its headers (the reference viewer's sky,
 * skydometexture.bmp, is one): "BM", the file header (14 bytes), then the
 * DIB header, whose first field is its own size: 12 (OS/2's
 * BITMAPCOREHEADER, 16-bit sides) or 40 and more (BITMAPINFOHEADER and its
 * successors, 32-bit sides, a negative height for rows top down).
 */
static int
bmp_size(const uint8_t *p, size_t len, int *w, int *h)
{
	struct cursor c;
	uint32_t dib, uw, uh;
	uint16_t w16, h16;
	int64_t sh;

	cur_init(&c, p, len);
	if (!cur_skip(&c, 14) || !cur_le32(&c, &dib))
		return -1;
	if (dib == 12) {
		if (!cur_le16(&c, &w16) || !cur_le16(&c, &h16))
			return -1;
		uw = w16;
		sh = h16;
	} else if (dib >= 40 && dib <= 124) {
		if (!cur_le32(&c, &uw) || !cur_le32(&c, &uh))
			return -1;
		sh = (int32_t)uh;
		if (sh < 0)
			sh = -sh;
	} else
		return -1;
	if (uw == 0 || uw > INT_MAX || sh == 0 || sh > INT_MAX)
		return -1;
	*w = (int)uw;
	*h = (int)sh;
	return 0;
}

/* The frame header (SOFn) of a JPEG: its height and width. */
static int
jpeg_size(const uint8_t *p, size_t len, int *w, int *h)
{
	size_t i = 2, seg;
	uint8_t mk;

	while (i + 4 <= len) {
		if (p[i] != 0xff)
			return -1;
		mk = p[i + 1];
		if (mk == 0xff) {		/* fill byte */
			i++;
			continue;
		}
		if (mk == 0x01 || (mk >= 0xd0 && mk <= 0xd7)) {
			i += 2;
			continue;
		}
		seg = (size_t)p[i + 2] << 8 | p[i + 3];
		if (seg < 2 || i + 2 + seg > len)
			return -1;
		if (mk >= 0xc0 && mk <= 0xcf && mk != 0xc4 && mk != 0xc8 &&
		    mk != 0xcc) {
			if (seg < 7)
				return -1;
			*h = p[i + 5] << 8 | p[i + 6];
			*w = p[i + 7] << 8 | p[i + 8];
			return 0;
		}
		if (mk == 0xd9 || mk == 0xda)	/* end, or scan before SOF */
			return -1;
		i += 2 + seg;
	}
	return -1;
}

const char *
media_image_info(const uint8_t *buf, size_t len, int *w, int *h)
{
	static const uint8_t png_sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};
	uint32_t pw, ph;

	*w = *h = 0;
	if (len >= 24 && memcmp(buf, png_sig, 8) == 0 &&
	    memcmp(buf + 12, "IHDR", 4) == 0) {
		pw = be32(buf + 16);
		ph = be32(buf + 20);
		if (pw == 0 || ph == 0 || pw > INT_MAX || ph > INT_MAX)
			return NULL;
		*w = (int)pw;
		*h = (int)ph;
		return "PNG";
	}
	if (len >= 4 && buf[0] == 0xff && buf[1] == 0xd8) {
		if (jpeg_size(buf, len, w, h) == -1 || *w == 0 || *h == 0)
			return NULL;
		return "JPG";
	}
	if (len >= 2 && buf[0] == 'B' && buf[1] == 'M') {
		if (bmp_size(buf, len, w, h) == -1)
			return NULL;
		return "BMP";
	}
	return NULL;
}

/*
 * "<prefix><N>.<ext>" with N from lo to hi written without leading zeros:
 * N, or 0.
 */
static unsigned
model_number(const char *name, const char *prefix, const char *ext,
    unsigned lo, unsigned hi)
{
	size_t plen = strlen(prefix);
	const char *p = name + plen;
	unsigned v = 0;

	if (strncmp(name, prefix, plen) != 0 || *p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (unsigned)(*p - '0')) > hi)
			return 0;
	if (*p != '.' || strcmp(p + 1, ext) != 0 || v < lo)
		return 0;
	return v;
}

/*
 * The flags of the models/ files "<prefix><N>.<ext>" (flag N - offset),
 * with "<prefix><N>.png" beside them if need_png, in ascending order.
 */
static int
list_models(struct media *m, const char *prefix, const char *ext,
    unsigned offset, bool need_png, unsigned *flags, int max)
{
	struct dirent *de;
	struct stat st;
	char png[64];
	unsigned f, num;
	DIR *d;
	int fd, n = 0, i, j;

	if (m->dirfd == -1)
		return 0;
	fd = openat(m->dirfd, "models", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return 0;
	}
	while ((de = readdir(d)) != NULL && n < max) {
		if ((num = model_number(de->d_name, prefix, ext, 10 + offset,
		    65535 + offset)) == 0)
			continue;
		f = num - offset;
		(void)snprintf(png, sizeof(png), "%s%u.png", prefix, num);
		if (need_png && (fstatat(dirfd(d), png, &st,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(st.st_mode)))
			continue;
		/* In order, for a stable choice and output. */
		for (i = 0; i < n && flags[i] < f; i++)
			;
		for (j = n; j > i; j--)
			flags[j] = flags[j - 1];
		flags[i] = f;
		n++;
	}
	closedir(d);
	return n;
}

int
media_model_flags(struct media *m, unsigned *flags, int max)
{
	return list_models(m, "flag-", "obj", 0, true, flags, max);
}

int
media_xmodel_flags(struct media *m, unsigned *flags, int max)
{
	return list_models(m, "packter", "x", 1, false, flags, max);
}

void
media_counters(const struct media *m, struct counters *c)
{
	c->title = "media";
	c->names = media_names;
	c->v = (uint64_t *)(uintptr_t)m->c;
	c->n = MEDIA_COUNTERS;
}
