/*
 * gateway.h - PACKTERWITHGATEWAY records: balls that pass a third board.
 *
 * The reference viewer draws "src,dst,sport,dport,gwIP,gwPort,image,desc"
 * as a ball that flies from its sender point to a point of a gateway board
 * half way between the two boards (the plane x = 0, the gateway's address
 * and port scaled as SRC and SPORT are) in the first half of its flight,
 * then on to its receiver point; that board is drawn when its configuration
 * (Config.txt's GatewayBoardEnable) says so.  Here the records wait in a
 * ring of their own, stamped as the history's records are (stamps never
 * decrease), so where a ball is at display time t is a pure function of
 * (ring, t, flight): rewind and replay hold.  The colour is the reference's:
 * a DESC that is a whole number 0 to 255 is the ball's flag, any other is
 * flag 0; IMAGE (a model name of the reference's content) is not used.
 *
 * The board: GATEWAY_BOARD_ON always, OFF never, AUTO from the first
 * gateway record on (--gateway-board).  The balls fly through the middle
 * point whatever the board.
 *
 * Pure: tests/viewer/test-gateway.c.
 */
#ifndef PACKTER_VIEWER_GATEWAY_H
#define PACKTER_VIEWER_GATEWAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol.h"

#define GATEWAY_DEFAULT_CAP	65536	/* records kept */

enum gateway_board { GATEWAY_BOARD_AUTO, GATEWAY_BOARD_ON, GATEWAY_BOARD_OFF };

struct gw_record {
	float		 su, sv;	/* sender board point */
	float		 gu, gv;	/* gateway board point */
	float		 du, dv;	/* receiver board point */
	uint32_t	 flag;
	int64_t		 stamp;		/* ns, as the history's */
};

struct gateways {
	struct gw_record *r;
	size_t		 cap;
	uint64_t	 head, tail;	/* sequence numbers, as history.h's */
	int64_t		 last_stamp;
	enum gateway_board board;
	uint64_t	 received, dropped;
};

void		 gateways_init(struct gateways *, size_t cap,
		    enum gateway_board);
void		 gateways_free(struct gateways *);

/* "on", "off" or "auto": 0, or -1 for anything else. */
int		 gateway_board_parse(const char *, enum gateway_board *);

/* The reference's flag of a gateway record: DESC as a byte, else 0. */
unsigned	 gateway_flag(const struct pt_gateway *);

/* Keep a record that arrived at stamp (never before the last). */
void		 gateways_push(struct gateways *, int64_t stamp,
		    const struct pt_gateway *);

/* The records in flight at t: [*first, *end). */
void		 gateways_in_flight(const struct gateways *, int64_t t,
		    int64_t flight, uint64_t *first, uint64_t *end);

/*
 * Where record seq is at t (world coordinates, scene.h's): 1, or 0 when it
 * is not kept or not in flight then.
 */
int		 gateway_ball_pos(const struct gateways *, uint64_t seq,
		    int64_t t, int64_t flight, float out[3]);

/* A point (u, v) of the gateway board (x = 0) in world coordinates. */
void		 gateway_board_point(float u, float v, float out[3]);

/* Is the gateway board drawn now? */
bool		 gateway_board_shown(const struct gateways *);

static inline const struct gw_record *
gateway_record(const struct gateways *g, uint64_t seq)
{
	return &g->r[seq % g->cap];
}

#endif /* PACKTER_VIEWER_GATEWAY_H */
