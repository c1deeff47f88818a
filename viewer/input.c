/*
 * input.c - SDL events to camera, timeline and selection.
 */
#include "config.h"
#include "input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MS		1000000LL
#define STEP		(100 * MS)	/* B/F tap */
#define STEP_FAST	(1000 * MS)	/* Shift+B/F tap */
#define HOLD_DELAY	(300 * MS)	/* then continuous */
#define HOLD_RATE	2.0		/* seconds of display a second held */
#define HOLD_RATE_FAST	20.0
#define DRAG_SLOP	3		/* pixels before a press is a drag */
#define ORBIT_PER_PX	0.006f
#define ORBIT_KEY_RATE	1.2f		/* radians a second */
#define ROTATE_RATE	0.25f

void
input_init(struct input *in)
{
	in->mx = in->my = 0;
	in->mouse_in = false;
	in->ldown = in->rdown = in->dragged = false;
	in->down_x = in->down_y = 0;
	in->hold_dir = 0;
	in->hold_fast = false;
	in->hold_since = 0;
	in->autorotate = false;
	in->help = false;
	in->quit = false;
	in->click = false;
	in->toggle_fullscreen = false;
	in->traceback = false;
	in->mute = false;
	in->panel = false;
	in->volume = 0;
	in->scrub_top = 0;
	in->scrubbing = in->scrub_req = false;
	in->scrub_x = 0;
	in->reset_counters = false;
	in->speed_note = false;
	in->cycle = 0;
	in->tracelog = false;
	memset(&in->boards, 0, sizeof(in->boards));
	in->globe_toggle = false;
}

/* --- the boards' keys (boardkeys.h) ----------------------------------------- */

static bool skip_slash;	/* the "/" that opened the line comes as text too */

static void
line_close(struct board_keys *bk)
{
	bk->line_open = false;
	SDL_StopTextInput();
}

/* Typed text into the filter line. */
static void
board_text(struct input *in, const char *text)
{
	struct board_keys *bk = &in->boards;
	size_t n = strlen(text);

	if (!bk->line_open)
		return;
	if (skip_slash && strcmp(text, "/") == 0) {
		skip_slash = false;
		return;
	}
	skip_slash = false;
	if (bk->line_len + n > FILTER_TEXT_MAX)
		return;
	memcpy(bk->line + bk->line_len, text, n);
	bk->line_len += n;
	bk->line[bk->line_len] = '\0';
}

/* A key for the boards: true when taken. */
static bool
board_key(struct input *in, const SDL_KeyboardEvent *k)
{
	struct board_keys *bk = &in->boards;
	SDL_Keycode sym = k->keysym.sym;
	bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0;

	if (bk->line_open) {
		switch (sym) {
		case SDLK_RETURN:
		case SDLK_KP_ENTER:
			line_close(bk);
			bk->line_apply = true;
			break;
		case SDLK_ESCAPE:
			line_close(bk);
			break;
		case SDLK_BACKSPACE:
			while (bk->line_len > 0 &&
			    ((unsigned char)bk->line[--bk->line_len] & 0xc0) ==
			    0x80)
				;
			bk->line[bk->line_len] = '\0';
			break;
		default:
			break;
		}
		return true;	/* the line has every key */
	}
	if (ctrl && sym >= SDLK_1 && sym <= SDLK_9) {
		bk->toggle = (int)(sym - SDLK_0);
		return true;
	}
	switch (sym) {
	case SDLK_SLASH:
	case SDLK_KP_DIVIDE:
		bk->line_open = true;
		skip_slash = true;
		SDL_StartTextInput();
		return true;
	case SDLK_z:
		bk->zoom = (k->keysym.mod & KMOD_SHIFT) != 0 ? -1 : 1;
		return true;
	case SDLK_x:
		bk->zoom_reset = true;
		return true;
	case SDLK_g:
		bk->highlight = !k->repeat;
		return true;
	case SDLK_k:
		bk->talkers = !k->repeat;
		return true;
	case SDLK_l:
		/* Shift+L; L alone is the trace log's. */
		if ((k->keysym.mod & KMOD_SHIFT) == 0)
			return false;
		bk->reload = !k->repeat;
		return true;
	default:
		return false;
	}
}

/* --- the rest ---------------------------------------------------------------- */

static void
key_down(struct input *in, const SDL_KeyboardEvent *k, struct camera *cam,
    struct timeline *tl, int64_t now)
{
	bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
	bool alt = (k->keysym.mod & KMOD_ALT) != 0;

	if (board_key(in, k))
		return;
	switch (k->keysym.sym) {
	case SDLK_s:
		if (!k->repeat)
			timeline_toggle_pause(tl, now);
		break;
	case SDLK_b:
	case SDLK_f:
		if (k->repeat)
			break;
		in->hold_dir = k->keysym.sym == SDLK_b ? -1 : 1;
		in->hold_fast = shift;
		in->hold_since = now;
		timeline_step(tl, now, in->hold_dir * (shift ? STEP_FAST : STEP));
		break;
	case SDLK_BACKSPACE:
		timeline_step(tl, now, shift ? TL_JUMP_NS : -TL_JUMP_NS);
		break;
	case SDLK_c:
		timeline_live(tl, now);
		break;
	case SDLK_PLUS:
	case SDLK_EQUALS:
	case SDLK_KP_PLUS:
		timeline_speed(tl, now, 2.0);
		if (tl->mode == TL_LIVE)
			in->speed_note = true;
		break;
	case SDLK_MINUS:
	case SDLK_KP_MINUS:
		timeline_speed(tl, now, 0.5);
		break;
	/* Shift+R: the timeline's counters reset; R: rotate. */
	case SDLK_r:
		if (k->repeat)
			break;
		if (shift)
			in->reset_counters = true;
		else
			in->autorotate = !in->autorotate;
		break;
	case SDLK_0:
		camera_view(cam, CAMERA_HOME);
		break;
	case SDLK_1:
		camera_view(cam, CAMERA_FRONT);
		break;
	case SDLK_2:
		camera_view(cam, CAMERA_SIDE);
		break;
	case SDLK_3:
		camera_view(cam, CAMERA_TOP);
		break;
	case SDLK_PAGEUP:
		camera_zoom(cam, 0.9f);
		break;
	case SDLK_PAGEDOWN:
		camera_zoom(cam, 1.0f / 0.9f);
		break;
	case SDLK_F11:
		in->toggle_fullscreen = true;
		break;
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		if (alt)
			in->toggle_fullscreen = true;
		break;
	case SDLK_h:
	case SDLK_F1:
		if (!k->repeat)
			in->help = !in->help;
		break;
	case SDLK_t:
		if (!k->repeat)
			in->traceback = true;
		break;
	case SDLK_m:
	case SDLK_AUDIOMUTE:
	case SDLK_MUTE:
		if (!k->repeat)
			in->mute = true;
		break;
	case SDLK_SPACE:
		if (!k->repeat)
			in->panel = true;
		break;
	case SDLK_F9:
	case SDLK_LEFTBRACKET:
	case SDLK_VOLUMEDOWN:
		in->volume--;
		break;
	case SDLK_F10:
	case SDLK_RIGHTBRACKET:
	case SDLK_VOLUMEUP:
		in->volume++;
		break;
	/* The ball's box and the traces: Tab, Shift+Tab, L (T is above). */
	case SDLK_TAB:
		in->cycle += shift ? -1 : 1;
		break;
	case SDLK_l:
		if (!k->repeat)
			in->tracelog = !in->tracelog;
		break;
	/* End of the ball's box and the traces. */
	case SDLK_e:		/* the globe (the Earth); G is the filter's */
		if (!k->repeat)
			in->globe_toggle = true;
		break;
	case SDLK_ESCAPE:
		if (in->help)
			in->help = false;
		else
			in->quit = true;
		break;
	case SDLK_q:
		in->quit = true;
		break;
	default:
		break;
	}
}

void
input_event(struct input *in, const SDL_Event *ev, struct camera *cam,
    struct timeline *tl, int64_t now)
{
	switch (ev->type) {
	case SDL_QUIT:
		in->quit = true;
		break;
	case SDL_KEYDOWN:
		key_down(in, &ev->key, cam, tl, now);
		break;
	case SDL_TEXTINPUT:
		board_text(in, ev->text.text);
		break;
	case SDL_KEYUP:
		if ((ev->key.keysym.sym == SDLK_b && in->hold_dir < 0) ||
		    (ev->key.keysym.sym == SDLK_f && in->hold_dir > 0))
			in->hold_dir = 0;
		break;
	case SDL_MOUSEMOTION:
		if (in->scrubbing) {
			in->scrub_req = true;
			in->scrub_x = ev->motion.x;
		} else if (in->ldown || in->rdown) {
			if (abs(ev->motion.x - in->down_x) > DRAG_SLOP ||
			    abs(ev->motion.y - in->down_y) > DRAG_SLOP)
				in->dragged = true;
			if (in->dragged && in->ldown)
				camera_orbit(cam,
				    -(float)ev->motion.xrel * ORBIT_PER_PX,
				    (float)ev->motion.yrel * ORBIT_PER_PX);
			else if (in->dragged)
				camera_pan(cam, (float)ev->motion.xrel,
				    (float)ev->motion.yrel);
		}
		in->mx = ev->motion.x;
		in->my = ev->motion.y;
		in->mouse_in = true;
		break;
	case SDL_MOUSEBUTTONDOWN:
		/* On the scrubber: jump there, and follow a drag. */
		if (ev->button.button == SDL_BUTTON_LEFT && in->scrub_top > 0 &&
		    ev->button.y >= in->scrub_top) {
			in->scrubbing = in->scrub_req = true;
			in->scrub_x = ev->button.x;
			break;
		}
		in->mx = in->down_x = ev->button.x;
		in->my = in->down_y = ev->button.y;
		in->mouse_in = true;
		in->dragged = false;
		if (ev->button.button == SDL_BUTTON_LEFT)
			in->ldown = true;
		else if (ev->button.button == SDL_BUTTON_RIGHT ||
		    ev->button.button == SDL_BUTTON_MIDDLE)
			in->rdown = true;
		break;
	case SDL_MOUSEBUTTONUP:
		if (ev->button.button == SDL_BUTTON_LEFT && in->scrubbing) {
			in->scrubbing = false;
			break;
		}
		if (ev->button.button == SDL_BUTTON_LEFT) {
			if (in->ldown && !in->dragged) {
				in->click = true;
				in->click_x = ev->button.x;
				in->click_y = ev->button.y;
			}
			in->ldown = false;
		} else
			in->rdown = false;
		break;
	case SDL_MOUSEWHEEL:
		/* Ctrl: zoom into the board under the pointer, or out. */
		if ((SDL_GetModState() & KMOD_CTRL) != 0 && ev->wheel.y != 0)
			in->boards.zoom = ev->wheel.y > 0 ? 1 : -1;
		else
			camera_zoom(cam, powf(0.9f, (float)ev->wheel.y));
		break;
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_LEAVE)
			in->mouse_in = false;
		else if (ev->window.event == SDL_WINDOWEVENT_ENTER)
			in->mouse_in = true;
		break;
	default:
		break;
	}
}

void
input_frame(struct input *in, struct camera *cam, struct timeline *tl,
    int64_t now, double dt)
{
	const Uint8 *keys = SDL_GetKeyboardState(NULL);
	float yaw = 0.0f, pitch = 0.0f;

	if (in->hold_dir != 0 && now - in->hold_since > HOLD_DELAY) {
		double rate = in->hold_fast ? HOLD_RATE_FAST : HOLD_RATE;

		timeline_step(tl, now,
		    (int64_t)((double)in->hold_dir * rate * dt * 1e9));
	}
	if (keys != NULL) {
		if (keys[SDL_SCANCODE_LEFT])
			yaw -= ORBIT_KEY_RATE * (float)dt;
		if (keys[SDL_SCANCODE_RIGHT])
			yaw += ORBIT_KEY_RATE * (float)dt;
		if (keys[SDL_SCANCODE_UP])
			pitch += ORBIT_KEY_RATE * (float)dt;
		if (keys[SDL_SCANCODE_DOWN])
			pitch -= ORBIT_KEY_RATE * (float)dt;
	}
	if (in->autorotate)
		yaw += ROTATE_RATE * (float)dt;
	if (yaw != 0.0f || pitch != 0.0f)
		camera_orbit(cam, yaw, pitch);
}

void
input_inject(SDL_Window *win, const struct inject *inject, int n)
{
	SDL_Event ev;
	Uint32 id = SDL_GetWindowID(win);
	int i;

	for (i = 0; i < n; i++) {
		const struct inject *in = &inject[i];

		memset(&ev, 0, sizeof(ev));
		switch (in->kind) {
		case INJ_MOVE:
			ev.type = SDL_MOUSEMOTION;
			ev.motion.windowID = id;
			ev.motion.x = in->x;
			ev.motion.y = in->y;
			SDL_PushEvent(&ev);
			break;
		case INJ_CLICK:
			ev.type = SDL_MOUSEBUTTONDOWN;
			ev.button.windowID = id;
			ev.button.button = SDL_BUTTON_LEFT;
			ev.button.state = SDL_PRESSED;
			ev.button.clicks = 1;
			ev.button.x = in->x;
			ev.button.y = in->y;
			SDL_PushEvent(&ev);
			ev.type = SDL_MOUSEBUTTONUP;
			ev.button.state = SDL_RELEASED;
			SDL_PushEvent(&ev);
			break;
		case INJ_KEY:
			ev.type = SDL_KEYDOWN;
			ev.key.windowID = id;
			ev.key.state = SDL_PRESSED;
			ev.key.keysym.sym = in->key;
			ev.key.keysym.scancode =
			    SDL_GetScancodeFromKey(in->key);
			SDL_PushEvent(&ev);
			ev.type = SDL_KEYUP;
			ev.key.state = SDL_RELEASED;
			SDL_PushEvent(&ev);
			break;
		}
	}
}
