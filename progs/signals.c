/*
 * signals.c - signal handlers that only set flags (signals.h).
 */
#include "config.h"

#include <string.h>

#include "signals.h"

static volatile sig_atomic_t sig_flag[PSIG_MAX];
static sigset_t sig_blocked;

static void
on_signal(int sig)
{
	switch (sig) {
	case SIGHUP:
		sig_flag[PSIG_HUP] = 1;
		break;
	case SIGUSR1:
		sig_flag[PSIG_USR1] = 1;
		break;
	case SIGUSR2:
		sig_flag[PSIG_USR2] = 1;
		break;
	default:
		sig_flag[PSIG_STOP] = 1;
		break;
	}
}

void
sig_setup(sigset_t *waitmask)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2 };
	struct sigaction sa;
	size_t i;

	sigemptyset(&sig_blocked);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sig_blocked, sigs[i]);
	if (waitmask != NULL)
		sigprocmask(SIG_BLOCK, &sig_blocked, waitmask);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int
sig_pending(enum sig_event e)
{
	return sig_flag[e] != 0;
}

int
sig_take(enum sig_event e)
{
	if (sig_flag[e] == 0)
		return 0;
	sig_flag[e] = 0;
	return 1;
}

void
sig_poll(const sigset_t *waitmask)
{
	sigprocmask(SIG_SETMASK, waitmask, NULL);
	sigprocmask(SIG_BLOCK, &sig_blocked, NULL);
}
