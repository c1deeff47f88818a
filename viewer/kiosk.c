/*
 * kiosk.c - the wall's options and kiosk mode (see kiosk.h).
 */
#include "config.h"
#include "kiosk.h"

#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "log.h"

void
wall_opts_init(struct wall_opts *o)
{
	memset(o, 0, sizeof(*o));
	wall_single(&o->tile);
	o->hud_col = o->hud_row = 0;
}

bool
wall_option(struct wall_opts *o, int opt, const char *arg)
{
	struct wall_tile t;
	char err[256];

	switch (opt) {
	case O_WALL:
		if (wall_parse_grid(&o->tile, arg, err, sizeof(err)) == -1)
			fatal(2, "%s", err);
		return true;
	case O_TILE:
		if (wall_parse_tile(&o->tile, arg, err, sizeof(err)) == -1)
			fatal(2, "%s", err);
		return true;
	case O_BEZEL:
		if (wall_parse_bezel(&o->tile, arg, err, sizeof(err)) == -1)
			fatal(2, "%s", err);
		return true;
	case O_HUD_TILE:
		if (strcmp(arg, "none") == 0) {
			o->hud_col = o->hud_row = -1;
			return true;
		}
		if (wall_parse_tile(&t, arg, err, sizeof(err)) == -1)
			fatal(2, "--hud-tile: \"%s\" should be C,R or none",
			    arg);
		o->hud_col = t.col;
		o->hud_row = t.row;
		return true;
	case O_LEAD:
		o->lead = arg;
		return true;
	case O_FOLLOW:
		o->follow = arg;
		return true;
	case O_SYNC_KEY:
		o->sync_key = arg;
		return true;
	case O_MCAST_IF:
		o->mcast_if = arg;
		return true;
	case O_KIOSK:
		o->kiosk = true;
		return true;
	case O_OFFSCREEN:
		o->offscreen = true;
		return true;
	case O_INJECT_RECORDS:
		o->inject_records = (uint64_t)cli_num("--inject-after-records",
		    arg, 1, INT64_MAX);
		return true;
	case O_EXIT_SYNCED:
		o->exit_synced = (int)cli_num("--exit-after-synced-frames",
		    arg, 1, 100000);
		return true;
	}
	return false;
}

void
wall_opts_check(const struct wall_opts *o)
{
	char err[256];

	if (wall_check(&o->tile, err, sizeof(err)) == -1)
		fatal(2, "%s", err);
	if (o->lead != NULL && o->follow != NULL)
		fatal(2, "--lead and --follow: one or the other");
	if (o->sync_key != NULL && o->lead == NULL && o->follow == NULL)
		fatal(2, "--sync-key goes with --lead or --follow");
	if (o->exit_synced > 0 && o->follow == NULL)
		fatal(2, "--exit-after-synced-frames goes with --follow");
}

bool
wall_hud_here(const struct wall_opts *o)
{
	return o->hud_col == o->tile.col && o->hud_row == o->tile.row;
}

void
kiosk_init(struct kiosk *k, bool on)
{
	memset(k, 0, sizeof(*k));
	k->on = on;
}

/* Keys that move the camera (input.c), locked in kiosk mode. */
static bool
camera_key(SDL_Keycode k)
{
	switch (k) {
	case SDLK_LEFT:
	case SDLK_RIGHT:
	case SDLK_UP:
	case SDLK_DOWN:
	case SDLK_0:
	case SDLK_1:
	case SDLK_2:
	case SDLK_3:
	case SDLK_PAGEUP:
	case SDLK_PAGEDOWN:
	case SDLK_r:
		return true;
	default:
		return false;
	}
}

static bool
unlocked(const struct kiosk *k, int64_t now)
{
	return now < k->unlocked_until;
}

bool
kiosk_event(struct kiosk *k, const SDL_Event *ev, int64_t now, bool follower,
    bool *take_lead)
{
	bool key = ev->type == SDL_KEYDOWN || ev->type == SDL_KEYUP;
	bool pointer = ev->type == SDL_MOUSEMOTION ||
	    ev->type == SDL_MOUSEBUTTONDOWN || ev->type == SDL_MOUSEBUTTONUP ||
	    ev->type == SDL_MOUSEWHEEL;
	SDL_Keycode sym = key ? ev->key.keysym.sym : SDLK_UNKNOWN;

	k->note = NULL;
	if (ev->type == SDL_KEYDOWN && sym == SDLK_l && !ev->key.repeat &&
	    follower) {
		*take_lead = true;
		return false;
	}
	if (k->on && ev->type == SDL_KEYDOWN &&
	    (sym == SDLK_ESCAPE || sym == SDLK_q)) {
		if (ev->key.repeat)
			return false;
		if (k->esc_at != 0 && now - k->esc_at <= KIOSK_CONFIRM_NS) {
			k->quit = true;
			return false;
		}
		k->esc_at = now;
		k->note = "kiosk: press Esc again within 2 s to quit";
		return false;
	}
	if (follower)
		return !key && !pointer;
	if (!k->on)
		return true;
	if (ev->type == SDL_KEYDOWN && sym == SDLK_u && !ev->key.repeat) {
		k->unlocked_until = unlocked(k, now) ? 0 : now +
		    KIOSK_UNLOCK_NS;
		k->note = unlocked(k, now) ? "kiosk: camera unlocked (U "
		    "locks it)" : "kiosk: camera locked";
		return false;
	}
	if ((key && camera_key(sym)) || (pointer &&
	    ev->type != SDL_MOUSEMOTION)) {
		if (!unlocked(k, now)) {
			if (ev->type == SDL_KEYDOWN)
				k->note = "kiosk: camera locked (U unlocks "
				    "it)";
			return false;
		}
		k->unlocked_until = now + KIOSK_UNLOCK_NS;
	}
	return true;
}

const char *
kiosk_status(const struct kiosk *k, int64_t now)
{
	if (!k->on)
		return NULL;
	if (k->esc_at != 0 && now - k->esc_at <= KIOSK_CONFIRM_NS)
		return "kiosk: press Esc again within 2 s to quit";
	return unlocked(k, now) ? "kiosk: camera unlocked" : NULL;
}
