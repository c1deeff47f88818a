/*
 * input.h - keyboard and mouse to camera, timeline and selection changes.
 *
 * The keys are listed in hud.c's help and in packter-viewer(1).  What needs
 * the scene (picking under the pointer, pinning on a click) or the window
 * (full screen) is left as a request in struct input for the frame loop.
 */
#ifndef PACKTER_VIEWER_INPUT_H
#define PACKTER_VIEWER_INPUT_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "boardkeys.h"
#include "camera.h"
#include "timeline.h"

struct input {
	int		 mx, my;	/* pointer, pixels */
	bool		 mouse_in;	/* the pointer is over the window */
	bool		 ldown, rdown;
	int		 down_x, down_y;
	bool		 dragged;	/* moved since the button went down */
	int		 hold_dir;	/* B held: -1, F held: +1 */
	bool		 hold_fast;
	int64_t		 hold_since;
	bool		 autorotate;
	bool		 help;
	bool		 quit;
	/* Requests for the frame loop. */
	bool		 click;		/* pin what is at (click_x, click_y) */
	int		 click_x, click_y;
	bool		 toggle_fullscreen;
	bool		 traceback;
	bool		 mute;		/* M */
	bool		 panel;		/* Space: hide/show the message panel */
	int		 volume;	/* steps up (+) or down (-) */
	/* The scrubber and the counters (the timeline's keys). */
	int		 scrub_top;	/* window y where the scrubber starts */
	bool		 scrubbing;	/* the left button went down on it */
	bool		 scrub_req;	/* jump to where scrub_x is */
	int		 scrub_x;
	bool		 reset_counters; /* Shift+Z */
	bool		 speed_note;	/* + while live: say what it does */
	/* The ball's box and the traces (ballinfo). */
	int		 cycle;		/* Tab: +1 a press, Shift+Tab: -1 */
	bool		 tracelog;	/* L: the trace log panel shown */
	struct board_keys boards;	/* /, Ctrl+1..9, Z, X, G, K, L */
	bool		 globe_toggle;	/* E: boards <-> globe (the globe's) */
};

/* --inject-move, --inject-click, --inject-key: events the tests send. */
enum inject_kind { INJ_MOVE, INJ_CLICK, INJ_KEY };

struct inject {
	enum inject_kind kind;
	int		 x, y;
	SDL_Keycode	 key;
};

void	input_init(struct input *);
void	input_event(struct input *, const SDL_Event *, struct camera *,
	    struct timeline *, int64_t now);
/* Continuous actions (held keys, auto-rotation) for a frame of dt seconds. */
void	input_frame(struct input *, struct camera *, struct timeline *,
	    int64_t now, double dt);

/* Push the injected events to the window's queue, as if they happened. */
void	input_inject(SDL_Window *, const struct inject *, int n);

#endif /* PACKTER_VIEWER_INPUT_H */
