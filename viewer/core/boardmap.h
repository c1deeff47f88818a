/*
 * boardmap.h - from a record's addresses and ports to points on the boards,
 * and the boards' tick labels.
 *
 * Each side (the sender boards, the receiver board) has an address range
 * across (u) and a port range up (v):
 *
 *   address  "all" (PROTOCOL.md's x = address / 2^32 or / 2^128, both
 *            families on one axis), a prefix ("10.0.0.0/8",
 *            "2001:db8::/32") or a span of one family ("10.0.0.0-10.0.255.255",
 *            the reference Config.txt's XAxisStart and XAxisEnd).  With
 *            families split, "all" puts IPv4 on the front half of the board
 *            (u in [0, 1/2)) and IPv6 on the back half.
 *   port     lo-hi (default 0-65535) on one of three scales: linear (the
 *            paper's: v = (port - lo) / (hi + 1 - lo)), logarithmic
 *            (log(1 + port - lo) / log(2 + hi - lo)) and services (ports
 *            below 1024 take the lower half, the rest the upper half).
 *
 * A pre-scaled fraction (an old sender's "0.25") stands for the address or
 * port of that fraction of the whole space.  A point outside the ranges is
 * put on the nearest edge and reported, so the caller can dim or hide it.
 * Pure: no state but the struct, the same inputs always give the same point.
 */
#ifndef PACKTER_VIEWER_BOARDMAP_H
#define PACKTER_VIEWER_BOARDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol.h"

typedef unsigned __int128 bm_u128;

enum bm_side { BM_SRC = 0, BM_DST = 1 };
enum bm_scale { BM_LINEAR = 0, BM_LOG, BM_SERVICES };
enum bm_outside { BM_EDGE = 0, BM_DIM, BM_HIDE };
enum bm_families { BM_FAM_ONE = 0, BM_FAM_SPLIT };

/* What bm_map() says of a point. */
#define BM_OUT_ADDR	0x1	/* the address is outside the range */
#define BM_OUT_PORT	0x2	/* the port is */

struct bm_range {
	uint8_t		 family;	/* 0: all, 4 or 6 */
	uint8_t		 plen;		/* a prefix's length; 255: a span */
	bm_u128		 lo, hi;	/* inclusive; IPv4 in the low 32 bits */
};

struct bm_ports {
	uint32_t	 lo, hi;	/* inclusive, hi <= 65535 */
	enum bm_scale	 scale;
};

struct bm_axes {
	struct bm_range	 addr;
	struct bm_ports	 port;
};

struct boardmap {
	struct bm_axes	 side[2];	/* BM_SRC, BM_DST */
	enum bm_families families;
	enum bm_outside	 outside;
};

#define BM_TEXT_MAX	48
#define BM_TICKS_MAX	12

struct bm_tick {
	float		 pos;		/* u or v, [0,1] */
	char		 text[BM_TEXT_MAX];
};

/* Everything on, as today: all addresses, 0-65535 linear, one family. */
void	 bm_init(struct boardmap *);

/*
 * Map one endpoint of a record to (u, v) of its side; returns 0 or the
 * BM_OUT_ bits (the point then lies on the nearest edge).
 */
int	 bm_map(const struct boardmap *, enum bm_side,
	    const struct pt_endpoint *, float *u, float *v);

/* The port at height v of a side's board (the inverse of the scale). */
double	 bm_port_at(const struct bm_ports *, double v);
/* v of a port value (fractions of a port allowed). */
double	 bm_port_pos(const struct bm_ports *, double port);

/*
 * The ticks of a side's address (axis 0) or port (axis 1) axis; returns how
 * many (at most max).
 */
int	 bm_ticks(const struct boardmap *, enum bm_side, int axis,
	    struct bm_tick *, int max);

/* "10.0.0.0/8", "all", "0-1023 services" ... */
void	 bm_range_text(const struct bm_range *, char *buf, size_t len);
void	 bm_ports_text(const struct bm_ports *, char *buf, size_t len);
/* Whether a side has ranges other than the defaults. */
bool	 bm_is_default(const struct boardmap *, enum bm_side);

/*
 * Parsers of the option and configuration values; 0, or -1 with err.
 *   range:    "all", "ADDR", "ADDR/LEN", "ADDR-ADDR"
 *   ports:    "LO-HI", "N"
 *   scale:    "linear", "log", "services"
 *   outside:  "edge", "dim", "hide"
 *   families: "one", "split"
 */
int	 bm_parse_range(const char *, struct bm_range *, char *err,
	    size_t errlen);
int	 bm_parse_ports(const char *, struct bm_ports *, char *err,
	    size_t errlen);
int	 bm_parse_scale(const char *, enum bm_scale *, char *err,
	    size_t errlen);
int	 bm_parse_outside(const char *, enum bm_outside *, char *err,
	    size_t errlen);
int	 bm_parse_families(const char *, enum bm_families *, char *err,
	    size_t errlen);

/*
 * Zoom: the half of a range around u (an address range becomes the prefix
 * one bit longer that holds the address at u; "all" becomes the half of the
 * IPv4 or IPv6 space there); of the port range, the half around v in the
 * scale's terms.  Returns 0, or -1 when there is nothing left to halve.
 */
int	 bm_zoom_range(struct bm_range *, enum bm_families, double u);
int	 bm_zoom_ports(struct bm_ports *, double v);

/* The well-known name of a port ("http"), or NULL. */
const char *bm_port_name(unsigned port);

#endif /* PACKTER_VIEWER_BOARDMAP_H */
