/*
 * softalk.c - SofTalk command lines in PACKTERVOICE (see softalk.h).
 */
#include "config.h"
#include "softalk.h"

#include <string.h>

#define RATE_NORMAL	175	/* espeak-ng's words a minute */
#define RATE_MIN	80
#define RATE_MAX	450

/* AquesTalk's voices as espeak-ng's pitch and range (50, 50: its own). */
static const struct {
	int		 pitch, range;
} voices[SOFTALK_VOICES] = {
	{ 70, 60 },	/* 0: female 1 */
	{ 80, 50 },	/* 1: female 2 */
	{ 35, 50 },	/* 2: male 1 */
	{ 25, 40 },	/* 3: male 2 */
	{ 55, 50 },	/* 4: neutral */
	{ 50, 0 },	/* 5: robot */
	{ 40, 0 },	/* 6: machine 1 */
	{ 65, 0 },	/* 7: machine 2 */
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void
trim(const char **p, size_t *len)
{
	while (*len > 0 && is_blank(**p)) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && is_blank((*p)[*len - 1]))
		(*len)--;
}

/* A decimal number of at most 4 digits within [lo, hi], or -1. */
static int
number(const char *p, size_t len, int lo, int hi)
{
	int v = 0;
	size_t i;

	if (len == 0 || len > 4)
		return -1;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v >= lo && v <= hi ? v : -1;
}

/* One option's name: (name, nlen) equals want, ignoring case. */
static bool
named(const char *name, size_t nlen, const char *want)
{
	size_t i;

	if (nlen != strlen(want))
		return false;
	for (i = 0; i < nlen; i++)
		if ((name[i] | 0x20) != (want[i] | 0x20))
			return false;
	return true;
}

static void
to_espeak(struct softalk *s)
{
	int r;

	if (s->speed != SOFTALK_DEFAULT) {
		r = RATE_NORMAL * s->speed / 100;
		s->rate_wpm = r < RATE_MIN ? RATE_MIN : r > RATE_MAX ?
		    RATE_MAX : r;
	}
	if (s->volume != SOFTALK_DEFAULT)
		s->volume_pct = s->volume;
	if (s->type != SOFTALK_DEFAULT && s->type < SOFTALK_VOICES) {
		s->pitch = voices[s->type].pitch;
		s->range = voices[s->type].range;
	}
}

void
softalk_parse(const char *text, size_t len, struct softalk *s)
{
	struct softalk opt;
	const char *p = text, *end, *name, *val;
	size_t nlen, vlen;
	int v;

	memset(s, 0, sizeof(*s));
	s->speed = s->volume = s->type = SOFTALK_DEFAULT;
	s->rate_wpm = s->volume_pct = s->pitch = s->range = SOFTALK_DEFAULT;
	trim(&p, &len);
	s->text = p;
	s->len = len;
	end = p + len;
	if (len == 0 || *p != '/')
		return;

	opt = *s;
	opt.options = true;
	opt.text = end;
	opt.len = 0;
	while (p < end) {
		if (*p != '/')
			return;			/* a word that is no option */
		name = ++p;
		while (p < end && is_letter(*p))
			p++;
		nlen = (size_t)(p - name);
		if (nlen == 0)
			return;
		val = p;
		if (p < end && *p == ':') {
			val = ++p;
			if (named(name, nlen, "W")) {
				opt.text = val;
				opt.len = (size_t)(end - val);
				trim(&opt.text, &opt.len);
				break;
			}
			while (p < end && !is_blank(*p))
				p++;
		} else if (p < end && !is_blank(*p))
			return;			/* "/usr/bin": a path, not one */
		vlen = (size_t)(p - val);
		if (named(name, nlen, "S") &&
		    (v = number(val, vlen, 1, 300)) != -1)
			opt.speed = v;
		else if (named(name, nlen, "V") &&
		    (v = number(val, vlen, 0, 100)) != -1)
			opt.volume = v;
		else if (named(name, nlen, "T") &&
		    (v = number(val, vlen, 0, 9999)) != -1)
			opt.type = v;
		else
			opt.ignored++;
		while (p < end && is_blank(*p))
			p++;
	}
	to_espeak(&opt);
	*s = opt;
}
