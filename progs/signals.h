/*
 * signals.h - the signals every program answers, as flags for its loop.
 *
 * SIGINT and SIGTERM ask the program to stop, SIGHUP to read its
 * configuration again, SIGUSR1 to print its counters, SIGUSR2 to reset them;
 * SIGPIPE is ignored.  sig_setup() installs the handlers; with a non-NULL
 * waitmask the signals are also blocked and *waitmask is the mask to give
 * ppoll(2) or pselect(2), so a signal that comes between the check of the
 * flags and the wait still ends the wait.
 */
#ifndef PACKTER_SIGNALS_H
#define PACKTER_SIGNALS_H

#include <signal.h>

enum sig_event { PSIG_STOP, PSIG_HUP, PSIG_USR1, PSIG_USR2, PSIG_MAX };

void	sig_setup(sigset_t *waitmask);
/* Whether the event came (and, for sig_take, clear it). */
int	sig_pending(enum sig_event);
int	sig_take(enum sig_event);
/* Let signals that came while blocked in now (a busy loop with no wait). */
void	sig_poll(const sigset_t *waitmask);

#endif /* PACKTER_SIGNALS_H */
