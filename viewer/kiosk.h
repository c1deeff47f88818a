/*
 * kiosk.h - the wall's options (tiles, lead/follow, kiosk, offscreen) and
 * kiosk mode: a viewer safe to leave running on a screen in a NOC.
 *
 * With --kiosk, quitting takes Esc (or Q) twice within KIOSK_CONFIRM_NS, the
 * keys and the pointer that move the camera do nothing until U unlocks them
 * (for KIOSK_UNLOCK_NS after the last use), and the HUD says so.  Options
 * are parsed as control.h's are: WALL_LONG_OPTIONS in the table,
 * wall_option() for each of them.
 */
#ifndef PACKTER_VIEWER_KIOSK_H
#define PACKTER_VIEWER_KIOSK_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wall.h"

#define KIOSK_CONFIRM_NS	(2000LL * 1000000LL)
#define KIOSK_UNLOCK_NS		(300LL * 1000000000LL)

struct wall_opts {
	struct wall_tile tile;		/* --wall, --tile, --bezel */
	int		 hud_col, hud_row; /* --hud-tile; -1: none */
	const char	*lead, *follow;	/* GROUP:PORT */
	const char	*sync_key;	/* --sync-key KEYFILE */
	const char	*mcast_if;	/* --multicast-if IFACE */
	bool		 kiosk;
	bool		 offscreen;
	uint64_t	 inject_records; /* --inject-after-records N */
	int		 exit_synced;	/* --exit-after-synced-frames N */
};

enum {
	O_WALL_FIRST = 1000,
	O_WALL = O_WALL_FIRST, O_TILE, O_BEZEL, O_HUD_TILE, O_LEAD, O_FOLLOW,
	O_SYNC_KEY, O_MCAST_IF, O_KIOSK, O_OFFSCREEN, O_INJECT_RECORDS,
	O_EXIT_SYNCED
};

#define WALL_LONG_OPTIONS						\
	{ "wall", required_argument, NULL, O_WALL },			\
	{ "tile", required_argument, NULL, O_TILE },			\
	{ "bezel", required_argument, NULL, O_BEZEL },			\
	{ "hud-tile", required_argument, NULL, O_HUD_TILE },		\
	{ "lead", required_argument, NULL, O_LEAD },			\
	{ "follow", required_argument, NULL, O_FOLLOW },		\
	{ "sync-key", required_argument, NULL, O_SYNC_KEY },		\
	{ "multicast-if", required_argument, NULL, O_MCAST_IF },	\
	{ "kiosk", no_argument, NULL, O_KIOSK },			\
	{ "offscreen", no_argument, NULL, O_OFFSCREEN },		\
	{ "inject-after-records", required_argument, NULL, O_INJECT_RECORDS }, \
	{ "exit-after-synced-frames", required_argument, NULL, O_EXIT_SYNCED }

#define WALL_USAGE							\
"           [--wall COLSxROWS --tile C,R [--bezel PX[,PX]] [--hud-tile C,R|none]]\n" \
"           [--lead GROUP:PORT | --follow GROUP:PORT [--sync-key KEYFILE]]\n" \
"           [--multicast-if IFACE] [--kiosk] [--offscreen]\n"		\
"           [--inject-after-records N] [--exit-after-synced-frames N]\n"

void	wall_opts_init(struct wall_opts *);
/* One of WALL_LONG_OPTIONS (exits 2 on a bad value); false: not ours. */
bool	wall_option(struct wall_opts *, int opt, const char *arg);
/* After the command line: the tile in the wall, one of lead/follow. */
void	wall_opts_check(const struct wall_opts *);
/* Are the HUD and the panels drawn on this tile? */
bool	wall_hud_here(const struct wall_opts *);

struct kiosk {
	bool		 on;
	int64_t		 esc_at;	/* the first Esc, 0: none */
	int64_t		 unlocked_until;
	bool		 quit;
	const char	*note;		/* what to tell, or NULL */
};

void	kiosk_init(struct kiosk *, bool on);
/*
 * Let the event through to input.c?  Esc/Q ask twice; camera keys and the
 * pointer wait for U.  follower: only the take-lead key (L) and window
 * events pass, whatever the kiosk (*take_lead set).
 */
bool	kiosk_event(struct kiosk *, const SDL_Event *, int64_t now,
	    bool follower, bool *take_lead);
/* A line for the HUD ("kiosk: camera locked" ...), or NULL. */
const char *kiosk_status(const struct kiosk *, int64_t now);

#endif /* PACKTER_VIEWER_KIOSK_H */
