/*
 * schedule.c - what of the control messages is due now (see schedule.h).
 */
#include "config.h"
#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const struct {
	double		 rate, burst;
} limits[SCHED_BUCKETS] = {
	[SCHED_B_PICTURE] = { SCHED_PICTURE_RATE, SCHED_PICTURE_BURST },
	[SCHED_B_SOUND] = { SCHED_SOUND_RATE, SCHED_SOUND_BURST },
	[SCHED_B_VOICE] = { SCHED_VOICE_RATE, SCHED_VOICE_BURST },
};

void
schedule_init(struct schedule *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < SCHED_BUCKETS; i++) {
		s->b[i].rate = limits[i].rate;
		s->b[i].burst = s->b[i].tokens = limits[i].burst;
	}
	s->idle_since = -1;
}

static void
clear(struct sched_msg *m)
{
	free(m->file);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

void
schedule_free(struct schedule *s)
{
	int i;

	for (i = 0; i < SCHED_SLOTS; i++)
		clear(&s->slot[i]);
	while (s->fx_n > 0)
		schedule_effect_done(s);
	free(s->load.name);
	free(s->failed.name);
	memset(&s->load, 0, sizeof(s->load));
	memset(&s->failed, 0, sizeof(s->failed));
}

int
schedule_bucket(enum pt_kind kind)
{
	switch (kind) {
	case PT_MSG:
	case PT_HTML:
	case PT_SKYDOME:
		return SCHED_B_PICTURE;
	case PT_SOUND:
	case PT_SE:
		return SCHED_B_SOUND;
	case PT_VOICE:
		return SCHED_B_VOICE;
	default:
		return -1;
	}
}

bool
schedule_admit(struct schedule *s, enum sched_bucket which, int64_t now)
{
	struct sched_tokens *b = &s->b[which];

	if (b->last != 0 && now > b->last) {
		b->tokens += b->rate * (double)(now - b->last) / 1e9;
		if (b->tokens > b->burst)
			b->tokens = b->burst;
	}
	b->last = now;
	if (b->tokens < 1.0)
		return false;
	b->tokens -= 1.0;
	return true;
}

static char *
copy_n(const char *p, size_t len)
{
	char *c = xmalloc(len + 1);

	memcpy(c, p, len);
	c[len] = '\0';
	return c;
}

static char *
copy(const struct pt_str *p)
{
	return copy_n(p->p, p->len);
}

static void
keep(struct sched_msg *w, const struct pt_control *m)
{
	clear(w);
	w->set = true;
	w->kind = m->kind;
	w->file = copy(&m->file);
	w->file_len = m->file.len;
	w->text = copy(&m->text);
	w->text_len = m->text.len;
	w->duration_ms = m->duration_ms;
}

enum sched_verdict
schedule_wait(struct schedule *s, const struct pt_control *m,
    enum pt_kind *replaced)
{
	struct sched_msg *w;

	switch (m->kind) {
	case PT_MSG:
	case PT_HTML:
		w = &s->slot[SCHED_PANEL];
		break;
	case PT_SKYDOME:
		w = &s->slot[SCHED_SKY];
		break;
	case PT_SOUND:
		w = &s->slot[SCHED_SOUND];
		break;
	case PT_SE:
		if (s->fx_n == SCHED_EFFECTS)
			return SCHED_QUEUE_FULL;
		keep(&s->fx[(s->fx_head + s->fx_n++) % SCHED_EFFECTS], m);
		return SCHED_WAITING;
	default:
		return SCHED_NOT_MINE;
	}
	if (w->set) {
		*replaced = w->kind;
		keep(w, m);
		return SCHED_REPLACED;
	}
	keep(w, m);
	return SCHED_WAITING;
}

struct sched_msg *
schedule_slot(struct schedule *s, enum sched_slot which)
{
	return s->slot[which].set ? &s->slot[which] : NULL;
}

void
schedule_slot_done(struct schedule *s, enum sched_slot which)
{
	clear(&s->slot[which]);
}

struct sched_msg *
schedule_effect(struct schedule *s)
{
	return s->fx_n > 0 ? &s->fx[s->fx_head] : NULL;
}

void
schedule_effect_done(struct schedule *s)
{
	if (s->fx_n == 0)
		return;
	clear(&s->fx[s->fx_head]);
	s->fx_head = (s->fx_head + 1) % SCHED_EFFECTS;
	s->fx_n--;
}

bool
schedule_waiting(const struct schedule *s)
{
	int i;

	for (i = 0; i < SCHED_SLOTS; i++)
		if (s->slot[i].set)
			return true;
	return s->fx_n > 0 || s->load.set;
}

void
schedule_frame(struct schedule *s)
{
	s->budget[SCHED_DECODE_PICTURE] = 1;
	s->budget[SCHED_DECODE_SOUND] = 1;
}

bool
schedule_can_spend(const struct schedule *s, enum sched_budget which)
{
	return s->budget[which] > 0;
}

bool
schedule_spend(struct schedule *s, enum sched_budget which)
{
	if (s->budget[which] <= 0)
		return false;
	s->budget[which]--;
	return true;
}

const struct sched_load *
schedule_load(const struct schedule *s)
{
	return s->load.set ? &s->load : NULL;
}

uint64_t
schedule_load_start(struct schedule *s, enum sched_load_kind kind,
    const char *name, size_t len)
{
	free(s->load.name);
	memset(&s->load, 0, sizeof(s->load));
	s->load.set = true;
	s->load.kind = kind;
	s->load.tag = ++s->load_tags;
	if (name != NULL) {
		s->load.name = copy_n(name, len);
		s->load.name_len = len;
	}
	return s->load.tag;
}

void
schedule_load_done(struct schedule *s, const char *err)
{
	struct sched_load *l = &s->load;
	struct sched_load_failure *f = &s->failed;

	if (!l->set)
		return;
	if (err != NULL && l->name != NULL) {
		free(f->name);
		f->kind = l->kind;
		f->name = l->name;
		f->name_len = l->name_len;
		(void)snprintf(f->err, sizeof(f->err), "%s", err);
		l->name = NULL;
	}
	free(l->name);
	memset(l, 0, sizeof(*l));
}

bool
schedule_load_failed(struct schedule *s, enum sched_load_kind kind,
    const char *name, size_t len, char *err, size_t errlen)
{
	struct sched_load_failure *f = &s->failed;

	if (f->name == NULL || f->kind != kind || f->name_len != len ||
	    memcmp(f->name, name, len) != 0)
		return false;
	(void)snprintf(err, errlen, "%s", f->err);
	free(f->name);
	memset(f, 0, sizeof(*f));
	return true;
}

bool
schedule_settled(struct schedule *s, bool busy, int64_t now, int64_t idle_ns)
{
	if (busy || schedule_waiting(s)) {
		s->idle_since = -1;
		return false;
	}
	if (s->idle_since < 0)
		s->idle_since = now;
	return now - s->idle_since >= idle_ns;
}
