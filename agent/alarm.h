/*
 * alarm.h - the agent's DoS alarms (--alarm CONFIG).
 *
 * A threshold monitor in the manner of the reference agent's: packets are
 * counted in windows (a window closes after window_packets packets or
 * window_seconds of packet time, whichever comes first); when a window
 * closes, the shares of SYN (without ACK), FIN, RST, ICMP and UDP packets
 * in it and its packet rate are held against the thresholds of a config
 * file.  Packet timestamps drive everything, so a replayed capture raises
 * the same alarms as the live traffic did.  IPv4 and IPv6 alike.
 *
 * When a threshold is crossed, the alarm names the kind and the top target
 * (destination) addresses, queues a PACKTERMSG (and, as configured,
 * PACKTERSE, PACKTERSOUND, PACKTERVOICE and PACKTERSKYDOMETEXTURE), and
 * then stays quiet for quiet seconds of packet time.  While an attack on a
 * target is on (until a window where it no longer crosses the threshold),
 * packets of that kind to that target get the DoS flag so that the viewer
 * draws them as missiles.  The config keys are in docs/packter-agent-alarm.inc.
 *
 * Wiring, in the agent's core: after pk_classify(),
 *	out.flag = alarm_packet(al, &pkt, &ts, out.flag);
 *	while ((n = alarm_take_message(al, buf, sizeof(buf))) > 0)
 *		sender_datagram(sender, buf, n, &ts, now_us);
 * alarm_reload() on SIGHUP, alarm_stats() with the other counters.
 */
#ifndef PACKTER_ALARM_H
#define PACKTER_ALARM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "decode.h"
#include "protocol.h"

#define ALARM_DEFAULT_FLAG	10	/* the DoS flag: a missile in our media */
#define ALARM_MAX_MESSAGE	1400	/* bytes of one queued datagram, at most */

/* What an alarm is about; also the bits of alarm_last_kinds(). */
enum alarm_kind {
	ALARM_SYN,		/* TCP SYN without ACK */
	ALARM_FIN,		/* TCP FIN */
	ALARM_RST,		/* TCP RST */
	ALARM_ICMP,		/* ICMP and ICMPv6 */
	ALARM_UDP,		/* UDP */
	ALARM_RATE,		/* packets per second, any kind */
	ALARM_KINDS
};

enum alarm_counter {
	ALC_PACKETS,		/* packets seen */
	ALC_WINDOWS,		/* windows closed */
	ALC_SMALL_WINDOWS,	/* windows under min_packets: not judged */
	ALC_ALARMS,		/* alarms raised (one message set each) */
	ALC_QUIET,		/* windows over a threshold inside the quiet time */
	ALC_DOS_PACKETS,	/* packets given the DoS flag */
	ALC_MESSAGES,		/* control datagrams queued */
	ALC_MESSAGES_DROPPED,	/* queue full, or a datagram did not fit */
	ALC_TARGETS_FULL,	/* packets to a destination the table had no room for */
	ALC_PROBE_CAP,		/* ... of them, at ALARM_MAX_PROBE probes */
	ALC_RELOADS,		/* configs read again */
	ALC_RELOAD_ERRORS,	/* reloads refused (the old config stays) */
	ALC_MAX
};

struct alarm;

/*
 * Read the config file, ours or a PACKTER 2.x packter.conf (its MON_* keys,
 * told apart by conf_is_flat()); NULL with err filled ("FILE:LINE: what").
 */
struct alarm	*alarm_open(const char *config, char *err, size_t errlen);
/*
 * Read the same file again (SIGHUP).  0, or -1 with err filled, and the old
 * config still in force.  The counting of the open window goes on.
 */
int		 alarm_reload(struct alarm *, char *err, size_t errlen);

/*
 * How voice texts are written (--voice-format): PT_VOICE_TEXT (the default)
 * or PT_VOICE_SOFTALK, SofTalk's command line "/T:1 /W:text" that the
 * reference viewer runs SofTalk with (a text that is one already stays).
 */
void		 alarm_set_voice_form(struct alarm *, enum pt_voice_form);

/*
 * Count one decoded packet (ts: its capture time) and return the flag its
 * record gets: flag as it came, or the DoS flag while an attack of this
 * packet's kind on its destination is on.  Closing a window may raise an
 * alarm, whose datagrams then wait for alarm_take_message().
 */
unsigned	 alarm_packet(struct alarm *, const struct pk_packet *,
		    const struct timeval *ts, unsigned flag);

/*
 * The next queued control datagram ("PACKTERMSG\n...\n"), copied into buf:
 * its length, or 0 when none waits.  A datagram longer than cap is dropped
 * (counted) and the next one is taken.
 */
size_t		 alarm_take_message(struct alarm *, char *buf, size_t cap);

/* Bitmask (1 << enum alarm_kind) of the kinds of the last alarm raised. */
unsigned	 alarm_last_kinds(const struct alarm *);
uint64_t	 alarm_counter(const struct alarm *, enum alarm_counter);
const char	*alarm_kind_name(enum alarm_kind);	/* "syn", "udp" ... */
void		 alarm_stats(struct alarm *, FILE *);
void		 alarm_free(struct alarm *);

#endif /* PACKTER_ALARM_H */
