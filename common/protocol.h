/*
 * protocol.h - the PACKTER wire protocol, in one place.
 *
 * Encoding and parsing of records (keyword PACKTER) and of every control
 * message (PACKTERMSG/PACKTERMESG, PACKTERHTML, PACKTERSOUND, PACKTERSE,
 * PACKTERVOICE, PACKTERSKYDOMETEXTURE, PACKTERBALLISTIC, PACKTERWITHGATEWAY,
 * PACKTEARTH, and the PACKTERAGENT authentication line), as
 * docs/protocol.md specifies.  Used by the agent, the viewer and the bridge.
 *
 * Parsing never copies: every string is a slice (pointer + length) into the
 * caller's datagram, which must outlive the parsed values.  A bad line is
 * rejected with a reason in the caller's error buffer; the rest of the
 * datagram is still parsed.
 */
#ifndef PACKTER_PROTOCOL_H
#define PACKTER_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PACKTER_PORT		11300	/* viewer, UDP */
#define PACKTER_TC_PORT		11301	/* traceback bridge, UDP */
#define PT_ERRBUF_SIZE		128
#define PT_MAX_DATAGRAM		65507	/* largest UDP payload over IPv4 */
#define PT_MAX_DESC		1024	/* descriptions are cut to this */

enum pt_kind {
	PT_NONE = 0,		/* empty datagram */
	PT_RECORD,		/* PACKTER: one or more record lines */
	PT_MSG,			/* PACKTERMSG / PACKTERMESG: picture,html */
	PT_HTML,		/* PACKTERHTML: html */
	PT_SOUND,		/* PACKTERSOUND: duration,file */
	PT_SE,			/* PACKTERSE: file */
	PT_VOICE,		/* PACKTERVOICE: text */
	PT_SKYDOME,		/* PACKTERSKYDOMETEXTURE: file */
	PT_BALLISTIC,		/* PACKTERBALLISTIC: record lines drawn as arcs */
	PT_GATEWAY,		/* PACKTERWITHGATEWAY: src,dst,sport,dport,gw,gwport,image,desc */
	PT_EARTH,		/* PACKTEARTH: srclat,srclon,dstlat,dstlon,flag,desc */
	PT_UNKNOWN,		/* a keyword we do not know */
	PT_KIND_MAX
};

/* A slice of the caller's buffer. Not NUL-terminated. */
struct pt_str {
	const char	*p;
	size_t		 len;
};

/* --- records ------------------------------------------------------------- */

/* An endpoint as it was written: an address or an already scaled fraction. */
struct pt_endpoint {
	struct pt_str	 addr_text;	/* SRC or DST as sent */
	struct pt_str	 port_text;	/* SPORT or DPORT as sent */
	uint8_t		 family;	/* 4, 6, or 0 when the sender sent a fraction */
	uint8_t		 addr[16];	/* binary address when family != 0 */
	double		 x;		/* [0,1): position across the board */
	double		 y;		/* [0,1]: port / 65536, or the fraction */
	/*
	 * The integer port, -1 for a fraction.  65536 is the reference's top
	 * edge (y = 1.0) and is taken as a port too.
	 */
	int32_t		 port;
};

/* --- places on the Earth: the PACKTERGEO trailer (common/geo.c) --------- */

/* A place in 1e-4 degrees (about 11 m), or not known. */
struct pt_place {
	int32_t		 lat_e4;	/* -900000 .. 900000, north positive */
	int32_t		 lon_e4;	/* -1800000 .. 1800000, east positive */
	bool		 known;
};

enum pt_geo_state {
	PT_GEO_NONE = 0,	/* the datagram gave this record no word */
	PT_GEO_OK,		/* src and dst as the word says (either unknown) */
	PT_GEO_BAD		/* its word did not parse: both unknown */
};

struct pt_geo {
	enum pt_geo_state state;
	struct pt_place	 src, dst;
};

#define PT_GEO_KEYWORD		"PACKTERGEO"
/* "-90.0000,-180.0000/-90.0000,-180.0000" */
#define PT_GEO_WORD_MAX		37
/*
 * One word of the trailer, "LAT,LON/LAT,LON" with "-" for a place not
 * known, in its shortest form (no trailing zeros); at most
 * PT_GEO_WORD_MAX bytes, no NUL.  Returns its length.
 */
size_t		 pt_fmt_geo_word(char *dst, const struct pt_place *src,
		    const struct pt_place *dstp);
/* Parse one word; false (both unknown) when it is not one. */
bool		 pt_parse_geo_word(const char *p, size_t len,
		    struct pt_place *src, struct pt_place *dst);

/* --- records (continued) -------------------------------------------------- */

struct pt_record {
	struct pt_endpoint src;
	struct pt_endpoint dst;
	unsigned	 flag;		/* 0..65535, or PT_FLAG_NAMED */
	/*
	 * A flag sent as a model name ("misairu", as the reference viewer's
	 * own test sends): flag is PT_FLAG_NAMED and this is the name; empty
	 * otherwise.
	 */
	struct pt_str	 flag_name;
	struct pt_str	 desc;		/* to the end of the line, commas and all */
	/* Where its endpoints are, from the datagram's PACKTERGEO line. */
	struct pt_geo	 geo;
	/*
	 * When the packet was captured (µs since the epoch, from the
	 * datagram's PACKTERTIME trailer), or PT_TIME_NONE.
	 */
	int64_t		 ts_us;
};

/*
 * The flag of a record whose flag field is a name.  Above every numeric flag
 * (65535) and 0 modulo 10, so that a viewer that wraps unknown flags modulo
 * 10 draws it in the colour of flag 0, as the reference viewer does (its
 * byte.TryParse fails and it takes 0).
 */
#define PT_FLAG_NAMED	65540u
#define PT_FLAG_NAME_MAX 64	/* bytes of a flag name */

#define PT_TIME_NONE	INT64_MIN
/* 2106-02-07, the end of pcap's and Snort's 32-bit seconds: later is a lie. */
#define PT_TIME_MAX_SEC	4294967295ULL

/*
 * What an encoder needs to write a record: binary addresses (both of one
 * family), ports already mapped (ICMP: type*256 / code*256), the flag with
 * any base offset applied, and a description.
 */
struct pt_rec_out {
	uint8_t		 family;	/* 4 or 6 */
	uint8_t		 src[16];
	uint8_t		 dst[16];
	uint16_t	 sport;
	uint16_t	 dport;
	unsigned	 flag;
	const char	*desc;
	size_t		 desc_len;
	/* Optional: the addresses already formatted (NULL: format them). */
	const char	*src_text;
	const char	*dst_text;
	uint8_t		 src_text_len;
	uint8_t		 dst_text_len;
};

/*
 * Append "SRC,DST,SPORT,DPORT,FLAG,DESC\n" at dst.  Returns the bytes written,
 * or 0 if they do not fit in cap (nothing is written then).  Hand-written
 * formatting: no printf, no inet_ntop on this path.
 */
size_t		 pt_encode_record(char *dst, size_t cap, const struct pt_rec_out *);
/*
 * The fixed part alone, "SRC,DST,SPORT,DPORT,FLAG,", for callers that write
 * the description in place after it; dst must hold PT_RECORD_HEAD_MAX bytes.
 */
#define PT_RECORD_HEAD_MAX	(2 * 45 + 3 * 10 + 5)
size_t		 pt_encode_record_head(char *dst, const struct pt_rec_out *);

/* Fast text formatting used by encoders and descriptions; return length, no NUL. */
size_t		 pt_fmt_ip4(char *dst, const uint8_t a[4]);		/* <= 15 */
size_t		 pt_fmt_ip6(char *dst, const uint8_t a[16]);		/* <= 45, RFC 5952 */
size_t		 pt_fmt_addr(char *dst, int family, const uint8_t *a);
size_t		 pt_fmt_u32(char *dst, uint32_t v);			/* <= 10 */
#define PT_ADDRSTRLEN	46

/*
 * The capture-time trailer, the last line of a record datagram (docs/
 * protocol.md, "Capture time"): "PACKTERTIME SEC.USEC" for the first record
 * line, then " DELTA" (signed µs from the record before) for each further
 * one, then "\n".  pt_fmt_time_first() writes the keyword and the first
 * time (at most PT_TIME_FIRST_MAX bytes), pt_fmt_time_delta() one delta
 * (at most PT_TIME_DELTA_MAX bytes).
 */
#define PT_TIME_KEYWORD		"PACKTERTIME"
#define PT_TIME_FIRST_MAX	(11 + 1 + 20 + 1 + 6)
#define PT_TIME_DELTA_MAX	(1 + 1 + 20)
size_t		 pt_fmt_time_first(char *dst, int64_t us);
size_t		 pt_fmt_time_delta(char *dst, int64_t delta_us);

/* --- control messages ---------------------------------------------------- */

/* How a PACKTERVOICE text is written (pt_encode_control). */
enum pt_voice_form {
	PT_VOICE_TEXT = 0,	/* the text as it is */
	/*
	 * A SofTalk command line, as the reference viewer hands it to
	 * SofTalk and its senders write it: "/T:1 /W:text" (no CR or LF).
	 */
	PT_VOICE_SOFTALK,
};
#define PT_SOFTALK_PREFIX	"/T:1 /W:"

struct pt_control {
	enum pt_kind	 kind;
	struct pt_str	 file;		/* MSG picture, SOUND/SE file, SKYDOME image */
	struct pt_str	 text;		/* MSG/HTML html, VOICE text */
	int64_t		 duration_ms;	/* SOUND: <0 loop for |d|, 0 stop */
	/* Encoding only (the parser leaves it PT_VOICE_TEXT): VOICE's form. */
	enum pt_voice_form voice_form;
};

/* PACKTERWITHGATEWAY and PACKTEARTH, parsed for completeness. */
struct pt_gateway {
	struct pt_record rec;		/* src, dst, ports, desc; flag 0 */
	struct pt_endpoint gw;
	struct pt_str	 image;
};

struct pt_earth {
	double		 src_lat, src_lon, dst_lat, dst_lon;
	unsigned	 flag;
	struct pt_str	 desc;
};

/* --- authentication line (PACKTERAGENT id,time,hmac[,boot,seq]) --------- */
struct pt_auth {
	struct pt_str	 id;
	int64_t		 time;
	uint8_t		 mac[32];	/* HMAC-SHA256 */
	/*
	 * The sequenced form (docs/protocol.md section 7) adds the agent's
	 * boot id (16 lowercase hex digits) and the datagram's sequence number
	 * under it (canonical decimal, up to 2^64-1).
	 */
	bool		 has_seq;
	uint64_t	 boot;
	uint64_t	 seq;
	/*
	 * Everything after the PACKTERAGENT line (keyword line included).  The
	 * MAC is HMAC-SHA256(key, "<id>,<time>\n" + signed_part), or with
	 * "<id>,<time>,<boot>,<seq>\n" in front for the sequenced form: rebuild
	 * it from the values (the parser accepts only their canonical text).
	 */
	struct pt_str	 signed_part;
};

/* --- parsing ------------------------------------------------------------- */

/*
 * A datagram parser.  pt_parse_begin() reads the keyword line (and a leading
 * PACKTERAGENT line, reported through has_auth/auth) and tells the kind;
 * records are then taken one line at a time with pt_next_record().
 */
struct pt_parser {
	const char	*p;		/* next unread byte */
	const char	*end;
	enum pt_kind	 kind;
	struct pt_str	 keyword;	/* as sent, for PT_UNKNOWN */
	bool		 has_auth;
	struct pt_auth	 auth;
	unsigned	 line;		/* line number of the last line read, from 1 */
	/* The PACKTERTIME trailer of a record datagram, if it has one. */
	bool		 has_times;
	bool		 times_bad;	/* it did not parse: times from there on NONE */
	struct pt_str	 times;		/* what is left of it */
	int64_t		 time_prev;	/* the last time given out */
	/* The PACKTERGEO line before it (the globe), if it has one. */
	bool		 has_geo;
	struct pt_str	 geo;		/* what is left of it */
};

/* Returns the kind (PT_NONE for an empty datagram). */
enum pt_kind	 pt_parse_begin(struct pt_parser *, const char *buf, size_t len);

/*
 * For PT_RECORD and PT_BALLISTIC: the next record line.  Returns 1 with *r
 * filled, 0 at the end of the datagram, -1 for a bad line (skipped; the
 * reason is in err; call again for the next line).  Empty lines are skipped.
 */
int		 pt_next_record(struct pt_parser *, struct pt_record *r,
		    char *err, size_t errlen);

/* For the other kinds: the payload as one message. 0 ok, -1 bad (err set). */
int		 pt_parse_control(struct pt_parser *, struct pt_control *,
		    char *err, size_t errlen);
int		 pt_parse_gateway(struct pt_parser *, struct pt_gateway *,
		    char *err, size_t errlen);
int		 pt_parse_earth(struct pt_parser *, struct pt_earth *,
		    char *err, size_t errlen);

/* Parse one record line on its own (no keyword, no newline needed). */
int		 pt_parse_record_line(const char *line, size_t len,
		    struct pt_record *r, char *err, size_t errlen);

/* --- encoding of control messages (bridge, agent alarms, tests) ---------- */

/*
 * Write a whole datagram "KEYWORD\npayload" for kind into dst, with no line
 * end after the payload, as the reference senders write it (the reference
 * viewer keeps such a byte in file names); a text that itself ends in a line
 * end gets one more "\n", since parsers take one off.  Returns its length, or
 * 0 if it does not fit or the fields are unfit (a newline inside a file name,
 * a comma in a file name where the payload is comma separated, a SofTalk
 * voice with a line end).  MSG: file + text; HTML: text; SOUND: duration_ms +
 * file; SE: file; VOICE: text (voice_form); SKYDOME: file.
 */
size_t		 pt_encode_control(char *dst, size_t cap, const struct pt_control *);

/*
 * The words a SofTalk command line speaks: for a text of SofTalk options
 * ("/T:1 /S:50 /W:hello"), the text after "/W:"; false when the text is
 * not one (plain text to speak as it is).
 */
bool		 pt_voice_softalk_words(struct pt_str text, struct pt_str *words);

/* Names: "PACKTER", "PACKTERMSG" ... for logs and counters. */
const char	*pt_kind_name(enum pt_kind);

/* Flag classes of docs/protocol.md. */
enum pt_flag {
	PT_FLAG_TCP4 = 0, PT_FLAG_SYN4 = 1, PT_FLAG_FINRST4 = 2, PT_FLAG_UDP4 = 3,
	PT_FLAG_ICMP4 = 4, PT_FLAG_TCP6 = 5, PT_FLAG_SYN6 = 6, PT_FLAG_FINRST6 = 7,
	PT_FLAG_UDP6 = 8, PT_FLAG_ICMP6 = 9, PT_FLAG_CLASSES = 10
};

/* The reference colours of flags 0-9 as 0xRRGGBB. */
uint32_t	 pt_flag_rgb(unsigned flag);
/* "IPv4 TCP", "IPv4 TCP SYN" ... for legends ("named" for PT_FLAG_NAMED). */
const char	*pt_flag_label(unsigned flag);

#endif /* PACKTER_PROTOCOL_H */
