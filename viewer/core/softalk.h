/*
 * softalk.h - PACKTERVOICE texts written as SofTalk command lines.
 *
 * The reference viewer runs SofTalk (a Windows speech program) with the
 * payload of PACKTERVOICE as its command line, and the reference agent and
 * bridge send such lines: "/T:1 /W:Traceback trial succeeded".  A text is
 * read as one when it starts (after blanks) with an option: a slash, one or
 * more ASCII letters, then a colon and a value or nothing, each option
 * separated by blanks; /W: (any case) is the last and the rest of the text
 * after it, to its end, is what is said.  Anything else is plain text,
 * spoken whole, so "/usr/bin is full" stays a sentence.
 *
 * Of the options, those that mean something to espeak-ng are kept:
 *   /S:n  speed, 1 to 300 (100 is SofTalk's normal): espeak-ng's words a
 *         minute, 175 x n / 100, within 80 and 450
 *   /V:n  volume, 0 to 100 (SofTalk's full volume): espeak-ng's volume n
 *         (100 is its normal)
 *   /T:n  voice: 0 to 7 are AquesTalk's voices (female 1 and 2, male 1 and
 *         2, neutral, robot, machine 1 and 2), as a pitch and a pitch
 *         range of espeak-ng (softalk.c's table: the machines monotone);
 *         other voices (SAPI ...) keep espeak-ng's
 * A value that is not a number in its range is ignored like every other
 * option (/X:, /R:, /NM: ...), and counted.
 *
 * Pure: tests/viewer/test-softalk.c.
 */
#ifndef PACKTER_VIEWER_SOFTALK_H
#define PACKTER_VIEWER_SOFTALK_H

#include <stdbool.h>
#include <stddef.h>

#define SOFTALK_DEFAULT	(-1)	/* an espeak-ng setting left alone */
#define SOFTALK_VOICES	8	/* /T: values with a pitch of their own */

struct softalk {
	bool		 options;	/* it was a SofTalk line */
	const char	*text;		/* what to say: a slice of the input */
	size_t		 len;
	int		 speed, volume, type;	/* /S: /V: /T: or -1 */
	unsigned	 ignored;	/* options left out */
	/* For espeak-ng (SOFTALK_DEFAULT: leave it). */
	int		 rate_wpm;	/* espeakRATE, 80..450 */
	int		 volume_pct;	/* espeakVOLUME, 0..100 */
	int		 pitch;		/* espeakPITCH, 0..100 */
	int		 range;		/* espeakRANGE, 0..100 */
};

/*
 * Read a PACKTERVOICE text.  Never fails: a text that is no SofTalk line
 * is said whole (trimmed of blanks and line ends at its ends).
 */
void	softalk_parse(const char *text, size_t len, struct softalk *);

#endif /* PACKTER_VIEWER_SOFTALK_H */
