/*
 * wallsync.h - the video wall's lead/follow over a multicast group: the socket,
 * signing, and the glue between the frame loop and core/sync.h.
 *
 * Every viewer of a wall joins GROUP:PORT (--lead or --follow).  The leader
 * sends one message a frame (sync_send()); everyone reads what came
 * (sync_poll()) and core/sync.c decides whom to follow.  With --sync-key,
 * messages are signed (HMAC-SHA256, common/auth.c's MAC with the id "wall",
 * the leader's id as boot and its seq) and unsigned or badly signed ones
 * are refused and counted.
 */
#ifndef PACKTER_VIEWER_WALLSYNC_H
#define PACKTER_VIEWER_WALLSYNC_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "auth.h"
#include "camera.h"
#include "history.h"
#include "sync.h"
#include "timebase.h"
#include "timeline.h"

enum wall_sync_counter {
	WS_SENT,
	WS_SENT_BYTES,
	WS_SEND_ERRORS,
	WS_RECEIVED,
	WS_FOLLOWED,
	WS_NEW_LEADER,
	WS_OLD,
	WS_OUTRANKED,
	WS_OWN,
	WS_BAD,			/* did not parse */
	WS_REFUSED_AUTH,	/* unsigned, bad MAC, out of time */
	WS_LOST,		/* a second without the leader */
	WS_TAKEN,		/* took the lead */
	WS_LAG_FRAMES,		/* frames drawn with a message */
	WS_LAG_US_SUM,
	WS_LAG_US_MAX,
	WS_COUNTERS
};

struct wall_sync {
	int			 fd;
	struct sockaddr_storage	 group;
	socklen_t		 glen;
	char			 name[80];
	bool			 keyed;
	struct auth_key		 key;
	struct sync_state	 st;
	bool			 fresh;		/* a message since last frame */
	uint64_t		 c[WS_COUNTERS];
};

/*
 * Join spec ("GROUP:PORT", "[V6]:PORT") on ifname (NULL: the route's), as
 * leader or follower; keyfile NULL: unsigned.  0, or -1 with err.
 */
int	sync_open(struct wall_sync *, const char *spec, bool lead,
	    const char *ifname, const char *keyfile, char *err,
	    size_t errlen);
void	sync_close(struct wall_sync *);
int	sync_fd(const struct wall_sync *);

/* Read every message waiting and hear it (now: monotonic ns). */
void	sync_poll(struct wall_sync *, int64_t now, int64_t rt_now);

/* What the leader shows this frame. */
struct sync_view {
	int64_t			 t;		/* display time */
	enum tl_mode		 mode;
	double			 speed;
	struct camera		*cam;
	uint64_t		 hover, pinned;	/* SCENE_NONE: none */
	uint16_t		 panels;
};

/* Leading: send v (t mapped to wall time through tb). */
void	sync_send(struct wall_sync *, const struct sync_view *,
	    const struct history *, const struct timebase *, int64_t now,
	    int64_t rt_now, int64_t rt_offset);
/*
 * Following: fill v from the leader's last message (the camera's angles,
 * distance and target, the time mapped through tb); false when not
 * following (leading, or the leader lost).
 */
bool	sync_apply(struct wall_sync *, struct sync_view *,
	    const struct history *, const struct timebase *, int64_t now,
	    int64_t rt_now, int64_t rt_offset);
/*
 * A word for the tile's HUD ("no leader ...", "N records missing on this
 * tile"), or NULL when all is as it should be.
 */
const char *sync_note(const struct wall_sync *, int64_t now, char *buf,
	    size_t len);
void	sync_print(const struct wall_sync *, FILE *);

/* A random 64-bit id (getrandom). */
uint64_t sync_random_id(void);

#endif /* PACKTER_VIEWER_WALLSYNC_H */
