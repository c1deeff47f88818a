/*
 * test-schedule.c - what of the control messages is due now
 * (viewer/core/schedule.c), without a window: the token buckets, the latest
 * message of a kind, the effects' queue, the frame's budget, the sound being
 * loaded and the last that failed, settling.
 */
#include "config.h"

#include <string.h>

#include "../unit/test.h"
#include "schedule.h"

#define MS	1000000LL
#define SEC	1000000000LL

static struct pt_control
msg(enum pt_kind kind, const char *file, const char *text)
{
	struct pt_control m;

	memset(&m, 0, sizeof(m));
	m.kind = kind;
	m.file.p = file;
	m.file.len = strlen(file);
	m.text.p = text;
	m.text.len = strlen(text);
	m.duration_ms = 1000;
	return m;
}

TEST(buckets)
{
	struct schedule s;
	int64_t t = 100 * SEC;
	int i, n;

	schedule_init(&s);
	CHECK_EQ_U(schedule_bucket(PT_MSG), SCHED_B_PICTURE);
	CHECK_EQ_U(schedule_bucket(PT_HTML), SCHED_B_PICTURE);
	CHECK_EQ_U(schedule_bucket(PT_SKYDOME), SCHED_B_PICTURE);
	CHECK_EQ_U(schedule_bucket(PT_SOUND), SCHED_B_SOUND);
	CHECK_EQ_U(schedule_bucket(PT_SE), SCHED_B_SOUND);
	CHECK_EQ_U(schedule_bucket(PT_VOICE), SCHED_B_VOICE);
	CHECK(schedule_bucket(PT_RECORD) == -1);
	CHECK(schedule_bucket(PT_EARTH) == -1);

	/* The burst at once, then nothing more at the same instant. */
	for (n = 0, i = 0; i < 100; i++)
		n += schedule_admit(&s, SCHED_B_PICTURE, t);
	CHECK_EQ_U(n, SCHED_PICTURE_BURST);
	for (n = 0, i = 0; i < 100; i++)
		n += schedule_admit(&s, SCHED_B_VOICE, t);
	CHECK_EQ_U(n, SCHED_VOICE_BURST);
	/* The buckets are apart: sounds still have theirs. */
	CHECK(schedule_admit(&s, SCHED_B_SOUND, t));

	/* A second later, a second's worth (the rate). */
	t += SEC;
	for (n = 0, i = 0; i < 100; i++)
		n += schedule_admit(&s, SCHED_B_VOICE, t);
	CHECK_EQ_U(n, SCHED_VOICE_RATE);
	for (n = 0, i = 0; i < 100; i++)
		n += schedule_admit(&s, SCHED_B_PICTURE, t);
	CHECK_EQ_U(n, SCHED_PICTURE_RATE);
	/* Half a second: half the rate. */
	t += SEC / 2;
	for (n = 0, i = 0; i < 100; i++)
		n += schedule_admit(&s, SCHED_B_PICTURE, t);
	CHECK_EQ_U(n, SCHED_PICTURE_RATE / 2);
	/* An hour idle fills to the burst only. */
	t += 3600 * SEC;
	for (n = 0, i = 0; i < 100; i++)
		n += schedule_admit(&s, SCHED_B_VOICE, t);
	CHECK_EQ_U(n, SCHED_VOICE_BURST);
	/* A clock that goes back gives nothing. */
	for (n = 0, i = 0; i < 100; i++)
		n += schedule_admit(&s, SCHED_B_VOICE, t - 10 * SEC);
	CHECK_EQ_U(n, 0);
	schedule_free(&s);
}

TEST(latest_wins)
{
	struct schedule s;
	struct pt_control m;
	struct sched_msg *w;
	enum pt_kind old = PT_NONE;

	schedule_init(&s);
	CHECK(!schedule_waiting(&s));
	CHECK(schedule_slot(&s, SCHED_PANEL) == NULL);
	m = msg(PT_MSG, "a.png", "first");
	CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_WAITING);
	CHECK(schedule_waiting(&s));
	/* HTML shares the panel: the MSG is replaced, and said so. */
	m = msg(PT_HTML, "", "<b>second</b>");
	CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_REPLACED);
	CHECK_EQ_U(old, PT_MSG);
	/* Other slots are apart. */
	m = msg(PT_SKYDOME, "sky.png", "");
	CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_WAITING);
	m = msg(PT_SOUND, "s.ogg", "");
	m.duration_ms = -2000;
	CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_WAITING);
	m = msg(PT_VOICE, "", "hello");
	CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_NOT_MINE);

	w = schedule_slot(&s, SCHED_PANEL);
	CHECK(w != NULL && w->kind == PT_HTML);
	CHECK(w != NULL && w->text_len == 13);
	CHECK_STR(w != NULL ? w->text : NULL, "<b>second</b>");
	CHECK_STR(w != NULL ? w->file : NULL, "");
	w = schedule_slot(&s, SCHED_SOUND);
	CHECK(w != NULL && w->duration_ms == -2000);
	CHECK_STR(w != NULL ? w->file : NULL, "s.ogg");
	schedule_slot_done(&s, SCHED_PANEL);
	CHECK(schedule_slot(&s, SCHED_PANEL) == NULL);
	CHECK(schedule_waiting(&s));
	schedule_slot_done(&s, SCHED_SOUND);
	schedule_slot_done(&s, SCHED_SKY);
	CHECK(!schedule_waiting(&s));
	/* The copies are ours: the datagram may go. */
	{
		char file[] = "x.png", text[] = "words";

		m = msg(PT_MSG, file, text);
		CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_WAITING);
		memset(file, '?', 5);
		memset(text, '?', 5);
		CHECK_STR(schedule_slot(&s, SCHED_PANEL)->file, "x.png");
		CHECK_STR(schedule_slot(&s, SCHED_PANEL)->text, "words");
	}
	schedule_free(&s);		/* frees what waits (under ASan) */
}

TEST(effects_queue)
{
	struct schedule s;
	struct pt_control m;
	struct sched_msg *w;
	enum pt_kind old;
	char name[16];
	int i;

	schedule_init(&s);
	for (i = 0; i < SCHED_EFFECTS; i++) {
		(void)snprintf(name, sizeof(name), "fx%d.wav", i);
		m = msg(PT_SE, name, "");
		CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_WAITING);
	}
	m = msg(PT_SE, "late.wav", "");
	CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_QUEUE_FULL);
	/* In order; each done makes room for one more. */
	for (i = 0; i < 4; i++) {
		(void)snprintf(name, sizeof(name), "fx%d.wav", i);
		w = schedule_effect(&s);
		CHECK_STR(w != NULL ? w->file : NULL, name);
		schedule_effect_done(&s);
	}
	for (i = 0; i < 4; i++) {
		(void)snprintf(name, sizeof(name), "more%d.wav", i);
		m = msg(PT_SE, name, "");
		CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_WAITING);
	}
	CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_QUEUE_FULL);
	for (i = 4; i < SCHED_EFFECTS; i++) {
		(void)snprintf(name, sizeof(name), "fx%d.wav", i);
		CHECK_STR(schedule_effect(&s)->file, name);
		schedule_effect_done(&s);
	}
	for (i = 0; i < 4; i++) {
		(void)snprintf(name, sizeof(name), "more%d.wav", i);
		CHECK_STR(schedule_effect(&s)->file, name);
		schedule_effect_done(&s);
	}
	CHECK(schedule_effect(&s) == NULL);
	schedule_effect_done(&s);	/* harmless when empty */
	CHECK(!schedule_waiting(&s));
	schedule_free(&s);
}

TEST(budget)
{
	struct schedule s;

	schedule_init(&s);
	/* Before the first frame nothing may be decoded. */
	CHECK(!schedule_spend(&s, SCHED_DECODE_PICTURE));
	schedule_frame(&s);
	CHECK(schedule_can_spend(&s, SCHED_DECODE_PICTURE));
	CHECK(schedule_spend(&s, SCHED_DECODE_PICTURE));
	CHECK(!schedule_can_spend(&s, SCHED_DECODE_PICTURE));
	CHECK(!schedule_spend(&s, SCHED_DECODE_PICTURE));
	/* The sound's budget is its own. */
	CHECK(schedule_spend(&s, SCHED_DECODE_SOUND));
	CHECK(!schedule_spend(&s, SCHED_DECODE_SOUND));
	schedule_frame(&s);
	CHECK(schedule_spend(&s, SCHED_DECODE_PICTURE));
	CHECK(schedule_spend(&s, SCHED_DECODE_SOUND));
	schedule_free(&s);
}

TEST(loading)
{
	struct schedule s;
	const struct sched_load *l;
	char err[64];
	uint64_t t1, t2;

	schedule_init(&s);
	CHECK(schedule_load(&s) == NULL);
	CHECK(!schedule_waiting(&s));
	/* A load in progress is named, tagged, and counts as waiting. */
	t1 = schedule_load_start(&s, SCHED_LOAD_EFFECT, "fx/bang.wavX", 11);
	CHECK((l = schedule_load(&s)) != NULL);
	CHECK_EQ_U(l->kind, SCHED_LOAD_EFFECT);
	CHECK_EQ_U(l->tag, t1);
	CHECK_STR(l->name, "fx/bang.wav");
	CHECK_EQ_U(l->name_len, 11);
	CHECK(schedule_waiting(&s));
	/* Loaded: gone, and nothing to tell. */
	schedule_load_done(&s, NULL);
	CHECK(schedule_load(&s) == NULL);
	CHECK(!schedule_waiting(&s));
	CHECK(!schedule_load_failed(&s, SCHED_LOAD_EFFECT, "fx/bang.wav", 11,
	    err, sizeof(err)));

	/* Failed: its reason for that kind and name, told once. */
	t2 = schedule_load_start(&s, SCHED_LOAD_MUSIC, "hum.ogg", 7);
	CHECK(t2 != t1);
	schedule_load_done(&s, "refused: 1 Hz");
	CHECK(schedule_load(&s) == NULL);
	CHECK(!schedule_load_failed(&s, SCHED_LOAD_EFFECT, "hum.ogg", 7, err,
	    sizeof(err)));
	CHECK(!schedule_load_failed(&s, SCHED_LOAD_MUSIC, "hum.og", 6, err,
	    sizeof(err)));
	CHECK(schedule_load_failed(&s, SCHED_LOAD_MUSIC, "hum.ogg", 7, err,
	    sizeof(err)));
	CHECK_STR(err, "refused: 1 Hz");
	CHECK(!schedule_load_failed(&s, SCHED_LOAD_MUSIC, "hum.ogg", 7, err,
	    sizeof(err)));

	/* Only the last failure is kept; the voice's (no name) is not. */
	(void)schedule_load_start(&s, SCHED_LOAD_EFFECT, "a.wav", 5);
	schedule_load_done(&s, "too large");
	(void)schedule_load_start(&s, SCHED_LOAD_EFFECT, "b.wav", 5);
	schedule_load_done(&s, "not a WAV file");
	(void)schedule_load_start(&s, SCHED_LOAD_VOICE, NULL, 0);
	CHECK(schedule_load(&s)->name == NULL);
	schedule_load_done(&s, "decoding failed");
	CHECK(!schedule_load_failed(&s, SCHED_LOAD_EFFECT, "a.wav", 5, err,
	    sizeof(err)));
	CHECK(schedule_load_failed(&s, SCHED_LOAD_EFFECT, "b.wav", 5, err,
	    sizeof(err)));
	CHECK_STR(err, "not a WAV file");

	/* Freed with the schedule, in progress or failed. */
	(void)schedule_load_start(&s, SCHED_LOAD_EFFECT, "c.wav", 5);
	schedule_load_done(&s, "gone");
	(void)schedule_load_start(&s, SCHED_LOAD_MUSIC, "d.ogg", 5);
	schedule_free(&s);
	CHECK(schedule_load(&s) == NULL);
}

TEST(settled)
{
	struct schedule s;
	struct pt_control m;
	enum pt_kind old;
	int64_t t = 50 * SEC, idle = 200 * MS;

	schedule_init(&s);
	/* Idle from the first call on; settled once idle long enough. */
	CHECK(!schedule_settled(&s, false, t, idle));
	CHECK(!schedule_settled(&s, false, t + 199 * MS, idle));
	CHECK(schedule_settled(&s, false, t + 200 * MS, idle));
	/* Something playing starts it over. */
	CHECK(!schedule_settled(&s, true, t + 300 * MS, idle));
	CHECK(!schedule_settled(&s, false, t + 400 * MS, idle));
	CHECK(schedule_settled(&s, false, t + 600 * MS, idle));
	/* So does something waiting, until it is done. */
	m = msg(PT_SKYDOME, "", "");
	CHECK_EQ_U(schedule_wait(&s, &m, &old), SCHED_WAITING);
	CHECK(!schedule_settled(&s, false, t + 700 * MS, idle));
	schedule_slot_done(&s, SCHED_SKY);
	CHECK(!schedule_settled(&s, false, t + 800 * MS, idle));
	CHECK(schedule_settled(&s, false, t + SEC, idle));
	/* And a sound being loaded. */
	(void)schedule_load_start(&s, SCHED_LOAD_EFFECT, "fx.wav", 6);
	CHECK(!schedule_settled(&s, false, t + 2 * SEC, idle));
	schedule_load_done(&s, NULL);
	CHECK(!schedule_settled(&s, false, t + 2 * SEC + 100 * MS, idle));
	CHECK(schedule_settled(&s, false, t + 2 * SEC + 300 * MS, idle));
	schedule_free(&s);
}

int
main(void)
{
	RUN(buckets);
	RUN(latest_wins);
	RUN(effects_queue);
	RUN(budget);
	RUN(loading);
	RUN(settled);
	return test_report();
}
