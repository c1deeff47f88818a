/*
 * conf.h - the programs' configuration files, read with libinih (Debian's
 * libinih-dev): "[section]" lines, "key = value" lines, comments.
 *
 * What inih takes: a line starting with ';' or '#' is a comment; ';' after a
 * blank starts a comment too, and so (for our older files) does '#' after
 * a blank; a line that starts with a blank continues the value above it
 * (joined with a newline).  What conf_read() adds: a bound on lines and on
 * their length, binary files refused, and every error as "FILE:LINE: why".
 */
#ifndef PACKTER_CONF_H
#define PACKTER_CONF_H

#include <stddef.h>

#define CONF_MAX_LINES	10000
#define CONF_MAX_LINE	4096	/* bytes of a value, continued lines joined */

/*
 * Called for each key with its whole value; section is "" before any
 * [section].  Called with key and value NULL at each "[section]" line, so a
 * reader can refuse an unknown section.  Returns NULL, or why the line is
 * refused (a constant, or text that lives until the next call).
 */
typedef const char *(*conf_set_fn)(void *arg, const char *section,
    const char *key, const char *value);

/*
 * Read path; stop at the first bad line.  0, or -1 with err filled
 * ("path:line: key: why").
 */
int	conf_read(const char *path, conf_set_fn set, void *arg, char *err,
	    size_t errlen);

/*
 * The KEY=VALUE files of the PACKTER 2.x tools (packter.conf, read by the
 * reference's pt_thmon and packter_tc), read as they read them: a line
 * whose first byte is '#' is a comment; CR and LF are dropped, blanks at the
 * start of a line too, and every run of blanks becomes one space; the key is
 * what comes before the first '=' and the value all after it (leading space
 * kept); a line without '=', or with an empty key or value, says nothing.
 * set() is called with section "" for each key, in file order (the reference
 * keeps the first of a key given twice: the caller decides).  The bounds are
 * conf_read()'s: CONF_MAX_LINES lines of at most CONF_MAX_LINE bytes (the
 * reference split a line at 1023 bytes; a longer one is refused here), no
 * NUL bytes, errors as "path:line: key: why".
 */
int	conf_read_flat(const char *path, conf_set_fn set, void *arg, char *err,
	    size_t errlen);

/*
 * Whether path is such a file: 1 when its first line that is neither blank
 * nor a comment ('#' or ';') is "KEY=..." with KEY in upper case letters,
 * digits and '_', and no blank before the '='; 0 when it is not (our own
 * "key = value" files); -1 with err filled when it cannot be read.
 */
int	conf_is_flat(const char *path, char *err, size_t errlen);

/* Told of each line skipped: "path:line: key: why". */
typedef void	(*conf_warn_fn)(void *arg, const char *msg);

/*
 * The same, but a line whose key or value is refused (or that is not
 * "key = value") is reported to warn and skipped, and the rest is read:
 * for a reload that must not fail on a slip.  -1 with err only when the
 * file cannot be read or is no text file.
 */
int	conf_read_lenient(const char *path, conf_set_fn set, void *arg,
	    conf_warn_fn warn, void *warn_arg, char *err, size_t errlen);

#endif /* PACKTER_CONF_H */
