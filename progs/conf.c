/*
 * conf.c - configuration files through libinih (conf.h), and the flat
 * KEY=VALUE files of the PACKTER 2.x tools (conf_read_flat).
 *
 * inih reads through our reader so that a line longer than its buffer, a
 * NUL byte or too many lines are refused rather than split or cut.  inih
 * calls us once per line of a value; the lines of one value are joined
 * here and handed to the caller's function whole, with the number of the
 * line the key stood on.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "conf.h"
#include "errbuf.h"

struct conf_read {
	FILE		*f;
	const char	*path;
	conf_set_fn	 set;
	void		*arg;
	conf_warn_fn	 warn;		/* lenient: refusals go here */
	void		*warn_arg;
	unsigned	 lineno;	/* lines read so far */
	int		 continued;	/* the last line read began blank */
	const char	*why;		/* the first error, or NULL */
	unsigned	 why_line;
	char		 why_key[128];
	/* The value being gathered. */
	int		 pending;
	unsigned	 key_line;
	char		 section[128];
	char		 key[128];
	char		 value[CONF_MAX_LINE + 1];
	size_t		 vlen;
};

static void
fail(struct conf_read *cr, unsigned line, const char *key, const char *why)
{
	if (cr->why != NULL)
		return;
	cr->why = why;
	cr->why_line = line;
	(void)snprintf(cr->why_key, sizeof(cr->why_key), "%s",
	    key != NULL ? key : "");
}

/* A refused line: skipped and told of when lenient, else the error. */
static void
refuse(struct conf_read *cr, unsigned line, const char *key, const char *why)
{
	char msg[1024];

	if (cr->warn == NULL) {
		fail(cr, line, key, why);
		return;
	}
	if (key != NULL && key[0] != '\0')
		(void)snprintf(msg, sizeof(msg), "%s:%u: %s: %s", cr->path, line,
		    key, why);
	else
		(void)snprintf(msg, sizeof(msg), "%s:%u: %s", cr->path, line,
		    why);
	cr->warn(cr->warn_arg, msg);
}

static void
flush(struct conf_read *cr)
{
	const char *why;

	if (!cr->pending)
		return;
	cr->pending = 0;
	if ((why = cr->set(cr->arg, cr->section, cr->key, cr->value)) != NULL)
		refuse(cr, cr->key_line, cr->key, why);
}

/* '#' after a blank ends the value (inih knows only ';' there). */
static size_t
cut_comment(const char *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i] == '#' && (v[i - 1] == ' ' || v[i - 1] == '\t'))
			break;
	while (i > 0 && (v[i - 1] == ' ' || v[i - 1] == '\t'))
		i--;
	return i;
}

static int
on_pair(void *user, const char *section, const char *name, const char *value)
{
	struct conf_read *cr = user;
	size_t n = strlen(value), add;

	if (cr->why != NULL)
		return 0;
	n = cut_comment(value, n);
	if (cr->pending && cr->continued && strcmp(name, cr->key) == 0 &&
	    strcmp(section, cr->section) == 0) {
		add = n + 1;
		if (cr->vlen + add > CONF_MAX_LINE) {
			fail(cr, cr->lineno, name, "value too long");
			return 0;
		}
		cr->value[cr->vlen++] = '\n';
		memcpy(cr->value + cr->vlen, value, n);
		cr->vlen += n;
		cr->value[cr->vlen] = '\0';
		return 1;
	}
	flush(cr);
	if (cr->why != NULL)
		return 0;
	if (strlen(name) >= sizeof(cr->key) ||
	    strlen(section) >= sizeof(cr->section)) {
		fail(cr, cr->lineno, NULL, "name too long");
		return 0;
	}
	cr->pending = 1;
	cr->key_line = cr->lineno;
	memcpy(cr->section, section, strlen(section) + 1);
	memcpy(cr->key, name, strlen(name) + 1);
	memcpy(cr->value, value, n);
	cr->value[n] = '\0';
	cr->vlen = n;
	return 1;
}

/* "[name]": the caller hears of it (inih does not say). */
static void
section_line(struct conf_read *cr, const char *line)
{
	char name[128];
	const char *close, *why, *p = line + 1;
	size_t n;

	flush(cr);
	if ((close = strchr(p, ']')) == NULL || cr->why != NULL)
		return;			/* inih reports it */
	while (p < close && (*p == ' ' || *p == '\t'))
		p++;
	n = (size_t)(close - p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n >= sizeof(name)) {
		fail(cr, cr->lineno, NULL, "section name too long");
		return;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	if ((why = cr->set(cr->arg, name, NULL, NULL)) != NULL)
		refuse(cr, cr->lineno, NULL, why);
}

/*
 * fgets for inih: whole lines only, counted, text only.  inih's buffer
 * (num bytes) is the longest line it takes; a longer one is refused here
 * rather than split into two lines.
 */
static char *
reader(char *str, int num, void *stream)
{
	struct conf_read *cr = stream;
	size_t len = 0;
	int ch = EOF;

	if (num < 4)
		return NULL;
	while (len < (size_t)num - 1 && (ch = getc(cr->f)) != EOF) {
		if (ch == '\0')
			fail(cr, cr->lineno + 1, NULL, "not a text file");
		str[len++] = (char)ch;
		if (ch == '\n')
			break;
	}
	if (len == 0)
		return NULL;
	str[len] = '\0';
	cr->lineno++;
	if (cr->lineno > CONF_MAX_LINES)
		fail(cr, cr->lineno, NULL, "too many lines");
	if (ch != '\n' && ch != EOF && (ch = getc(cr->f)) != EOF) {
		if (ch != '\n')
			fail(cr, cr->lineno, NULL, "line too long (a long "
			    "value goes on over lines that start with a blank)");
	}
	if (cr->why != NULL) {
		/* A line inih rejects, so that it stops counting us good. */
		memcpy(str, "[\n", 3);
		return str;
	}
	cr->continued = str[0] == ' ' || str[0] == '\t';
	if (str[0] == '[')
		section_line(cr, str);
	return str;
}

static int
read_conf(const char *path, conf_set_fn set, void *arg, conf_warn_fn warn,
    void *warn_arg, char *err, size_t errlen)
{
	static struct conf_read zero;
	struct conf_read *cr;
	int rc, saved;

	if ((cr = malloc(sizeof(*cr))) == NULL)
		return errbuf_fmt_errno(err, errlen, errno, "%s", path);
	*cr = zero;
	cr->path = path;
	cr->set = set;
	cr->arg = arg;
	cr->warn = warn;
	cr->warn_arg = warn_arg;
	if ((cr->f = fopen(path, "r")) == NULL) {
		saved = errno;
		free(cr);
		return errbuf_fmt_errno(err, errlen, saved, "%s", path);
	}
	rc = ini_parse_stream(reader, cr, on_pair, cr);
	if (cr->why == NULL)
		flush(cr);
	if (cr->why == NULL && ferror(cr->f))
		(void)errbuf_fmt_errno(err, errlen, errno, "%s", path);
	else if (cr->why == NULL && rc > 0)
		refuse(cr, (unsigned)rc, NULL, "expected 'key = value' or "
		    "'[section]'");
	fclose(cr->f);
	rc = 0;
	if (cr->why != NULL) {
		if (cr->why_key[0] != '\0')
			(void)errbuf_fmt(err, errlen, "%s:%u: %s: %s", path,
			    cr->why_line, cr->why_key, cr->why);
		else
			(void)errbuf_fmt(err, errlen, "%s:%u: %s", path,
			    cr->why_line, cr->why);
		rc = -1;
	}
	free(cr);
	return rc;
}

/* --- the PACKTER 2.x KEY=VALUE files ------------------------------------- */

/*
 * One line into buf (NUL-terminated, its line end kept out): 1, 0 at the
 * end of the file, -1 with *why set for a NUL byte, -2 for a line too long
 * (buf holds its start).
 */
static int
flat_line(FILE *f, char *buf, size_t cap, const char **why)
{
	size_t len = 0;
	int ch = EOF;

	while ((ch = getc(f)) != EOF && ch != '\n') {
		if (ch == '\0') {
			*why = "not a text file";
			return -1;
		}
		if (len + 1 >= cap) {
			buf[len] = '\0';	/* what was read, for a look */
			*why = "line too long";
			return -2;
		}
		buf[len++] = (char)ch;
	}
	buf[len] = '\0';
	if (ch == EOF && len == 0)
		return 0;
	return 1;
}

/*
 * The reference's trim: CR and LF out, blanks at the start out, each run of
 * blanks one space.  Returns the length left.
 */
static size_t
flat_trim(char *s)
{
	size_t i, j = 0;
	int blank = 0, started = 0;

	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (c == '\r' || c == '\n')
			continue;
		if (c == ' ' || c == '\t') {
			if (started && !blank)
				s[j++] = ' ';
			blank = 1;
			continue;
		}
		started = 1;
		blank = 0;
		s[j++] = c;
	}
	s[j] = '\0';
	return j;
}

int
conf_read_flat(const char *path, conf_set_fn set, void *arg, char *err,
    size_t errlen)
{
	FILE *f;
	char *buf, *eq;
	const char *why = NULL;
	unsigned lineno = 0;
	int rc, saved;

	if ((f = fopen(path, "r")) == NULL)
		return errbuf_fmt_errno(err, errlen, errno, "%s", path);
	if ((buf = malloc(CONF_MAX_LINE + 1)) == NULL) {
		saved = errno;
		fclose(f);
		return errbuf_fmt_errno(err, errlen, saved, "%s", path);
	}
	rc = 0;
	while ((rc = flat_line(f, buf, CONF_MAX_LINE + 1, &why)) > 0) {
		if (++lineno > CONF_MAX_LINES) {
			why = "too many lines";
			rc = -1;
			break;
		}
		if (buf[0] == '#' || flat_trim(buf) == 0)
			continue;
		if ((eq = strchr(buf, '=')) == NULL || eq == buf ||
		    eq[1] == '\0')
			continue;
		*eq = '\0';
		if ((why = set(arg, "", buf, eq + 1)) != NULL) {
			(void)errbuf_fmt(err, errlen, "%s:%u: %s: %s", path,
			    lineno, buf, why);
			free(buf);
			fclose(f);
			return -1;
		}
	}
	if (rc < 0)
		(void)errbuf_fmt(err, errlen, "%s:%u: %s", path, lineno + 1,
		    why);
	else if (ferror(f)) {
		(void)errbuf_fmt_errno(err, errlen, errno, "%s", path);
		rc = -1;
	}
	free(buf);
	fclose(f);
	return rc < 0 ? -1 : 0;
}

int
conf_is_flat(const char *path, char *err, size_t errlen)
{
	FILE *f;
	char *buf, *p;
	const char *why = NULL;
	unsigned lineno = 0;
	int rc, flat = 0;

	if ((f = fopen(path, "r")) == NULL)
		return errbuf_fmt_errno(err, errlen, errno, "%s", path);
	if ((buf = malloc(CONF_MAX_LINE + 1)) == NULL) {
		rc = errno;
		fclose(f);
		return errbuf_fmt_errno(err, errlen, rc, "%s", path);
	}
	while (lineno++ < CONF_MAX_LINES &&
	    ((rc = flat_line(f, buf, CONF_MAX_LINE + 1, &why)) > 0 ||
	    rc == -2)) {		/* too long: its start tells */
		p = buf + strspn(buf, " \t\r");
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		/* The first line that says something decides. */
		if (p == buf && *p >= 'A' && *p <= 'Z') {
			p += strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			flat = *p == '=';
		}
		break;
	}
	free(buf);
	fclose(f);
	return flat;
}

int
conf_read(const char *path, conf_set_fn set, void *arg, char *err,
    size_t errlen)
{
	return read_conf(path, set, arg, NULL, NULL, err, errlen);
}

int
conf_read_lenient(const char *path, conf_set_fn set, void *arg,
    conf_warn_fn warn, void *warn_arg, char *err, size_t errlen)
{
	return read_conf(path, set, arg, warn, warn_arg, err, errlen);
}
