/*
 * boardkeys.h - what the keys of the boards ask for (input.c fills it,
 * boardctl.c acts on it): the filter line, hiding boards, zooming, the top
 * talkers, reloading the configuration.
 */
#ifndef PACKTER_VIEWER_BOARDKEYS_H
#define PACKTER_VIEWER_BOARDKEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "filter.h"

struct board_keys {
	/* "/": the filter line takes the keys until Enter or Esc. */
	bool		 line_open;
	char		 line[FILTER_TEXT_MAX + 1];
	size_t		 line_len;
	bool		 line_apply;	/* Enter: compile and apply it */
	int		 toggle;	/* Ctrl+1..9: hide/show that board */
	int		 zoom;		/* Z: +1 into the hovered board, -1 out */
	bool		 zoom_reset;	/* X: every range as configured */
	bool		 highlight;	/* G: highlight matches / hide the rest */
	bool		 talkers;	/* K: the top talkers */
	bool		 reload;	/* L: read the configuration again */
};

#endif /* PACKTER_VIEWER_BOARDKEYS_H */
