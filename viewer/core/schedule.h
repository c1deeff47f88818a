/*
 * schedule.h - what of the control messages is due now: the pure half of
 * control.c, tested without a window (tests/viewer/test-schedule.c).
 *
 * Receiving: each kind of work draws from its token bucket (pictures: MSG,
 * HTML, sky dome; sounds: SOUND, SE; voice), and what exceeds it is refused.
 * Waiting: the panel, the sky dome and the sound keep only the latest message
 * (the one it replaces is reported); effects wait in a short queue, in order.
 * Each frame may decode at most one picture and read one sound (the budget).
 * Loading: sounds are decoded off the frame thread, one at a time; what is
 * being loaded waits here, and so does the last load that failed, until the
 * message that asked for that name takes its reason.
 * Settling: --exit-after-messages waits until nothing waits or plays for a
 * while.  Time is the caller's (ns); nothing here reads a clock.
 */
#ifndef PACKTER_VIEWER_SCHEDULE_H
#define PACKTER_VIEWER_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol.h"

#define SCHED_EFFECTS		16	/* effects waiting at most */

enum sched_bucket { SCHED_B_PICTURE, SCHED_B_SOUND, SCHED_B_VOICE,
	SCHED_BUCKETS };
enum sched_slot { SCHED_PANEL, SCHED_SKY, SCHED_SOUND, SCHED_SLOTS };
enum sched_budget { SCHED_DECODE_PICTURE, SCHED_DECODE_SOUND, SCHED_BUDGETS };

/* Per bucket: tokens a second, and the burst. */
#define SCHED_PICTURE_RATE	20
#define SCHED_PICTURE_BURST	20
#define SCHED_SOUND_RATE	50
#define SCHED_SOUND_BURST	50
#define SCHED_VOICE_RATE	5
#define SCHED_VOICE_BURST	8

struct sched_tokens {
	double		 tokens, rate, burst;
	int64_t		 last;
};

/* A message waiting: its kind, file name and text (NUL-ended heap copies). */
struct sched_msg {
	bool		 set;
	enum pt_kind	 kind;
	char		*file;
	size_t		 file_len;
	char		*text;
	size_t		 text_len;
	int64_t		 duration_ms;
};

/* What a sound file is loaded for. */
enum sched_load_kind { SCHED_LOAD_EFFECT, SCHED_LOAD_MUSIC, SCHED_LOAD_VOICE };

/* The load in progress (one at a time). */
struct sched_load {
	bool		 set;
	enum sched_load_kind kind;
	uint64_t	 tag;		/* each load its own */
	char		*name;		/* NUL-ended copy; NULL for the voice */
	size_t		 name_len;
};

/* The last load that failed, until told. */
struct sched_load_failure {
	enum sched_load_kind kind;
	char		*name;		/* NULL: none */
	size_t		 name_len;
	char		 err[256];
};

struct schedule {
	struct sched_tokens b[SCHED_BUCKETS];
	struct sched_msg slot[SCHED_SLOTS];
	struct sched_msg fx[SCHED_EFFECTS];
	int		 fx_head, fx_n;
	int		 budget[SCHED_BUDGETS];
	struct sched_load load;
	struct sched_load_failure failed;
	uint64_t	 load_tags;
	int64_t		 idle_since;	/* -1: busy */
};

void		 schedule_init(struct schedule *);
void		 schedule_free(struct schedule *);

/* The bucket of a kind, or -1 for a kind the viewer does not act on. */
int		 schedule_bucket(enum pt_kind);

/* A token of that bucket at now: false when it is spent (rate limited). */
bool		 schedule_admit(struct schedule *, enum sched_bucket,
		    int64_t now);

enum sched_verdict {
	SCHED_WAITING,		/* waits for the frame */
	SCHED_REPLACED,		/* waits; an older one of *replaced is gone */
	SCHED_QUEUE_FULL,	/* an effect over SCHED_EFFECTS: dropped */
	SCHED_NOT_MINE		/* VOICE and the rest: not kept here */
};

/* Keep a parsed message waiting (copied). */
enum sched_verdict schedule_wait(struct schedule *, const struct pt_control *,
		    enum pt_kind *replaced);

/* What waits in a slot, or NULL; done with it (applied or given up). */
struct sched_msg *schedule_slot(struct schedule *, enum sched_slot);
void		 schedule_slot_done(struct schedule *, enum sched_slot);

/* The oldest effect waiting, or NULL; done with it. */
struct sched_msg *schedule_effect(struct schedule *);
void		 schedule_effect_done(struct schedule *);

/* Anything waiting at all (a load in progress too). */
bool		 schedule_waiting(const struct schedule *);

/* A new frame: one picture may be decoded, one sound file read. */
void		 schedule_frame(struct schedule *);
/* Take one of a budget: false when spent this frame. */
bool		 schedule_spend(struct schedule *, enum sched_budget);
/* Whether some is left, without taking it. */
bool		 schedule_can_spend(const struct schedule *, enum sched_budget);

/* The load in progress, or NULL. */
const struct sched_load *schedule_load(const struct schedule *);
/*
 * A load starts (none may be in progress): its tag.  name is the file's
 * (NULL, 0 for the voice's utterance).
 */
uint64_t	 schedule_load_start(struct schedule *, enum sched_load_kind,
		    const char *name, size_t len);
/*
 * The load in progress is over: err NULL when it loaded, else why not,
 * kept for its name (in place of the last failure) unless it was the voice.
 */
void		 schedule_load_done(struct schedule *, const char *err);
/*
 * Whether the last load that failed was of this kind and name: true with
 * its reason in err, which is then forgotten.
 */
bool		 schedule_load_failed(struct schedule *, enum sched_load_kind,
		    const char *name, size_t len, char *err, size_t errlen);

/*
 * Settled: nothing waits and nothing is busy (the caller's: sounds or voice
 * playing) since at least idle_ns before now.
 */
bool		 schedule_settled(struct schedule *, bool busy, int64_t now,
		    int64_t idle_ns);

#endif /* PACKTER_VIEWER_SCHEDULE_H */
