/*
 * itm.h - InterTrack messages for the traceback bridge: the
 * ClientTraceRequest it sends to the Decision Point, the framing of the
 * DP's byte stream into documents, and the safe parsing of the replies
 * (ClientMessageIDReply, ClientTraceReply).
 *
 * Schema: ../shared/intertrack/InterTrackMessage.xsd (no target namespace).
 * Documents are built with the libxml2 tree API, never by pasting strings.
 * Replies come from the network: they are parsed without network access,
 * without entity substitution, without DTD loading, with a size cap, and a
 * document that declares a DOCTYPE (and so any entity) is refused before
 * the parser sees it.
 *
 * Like common/, this file never prints and never exits: errors go to the
 * caller's buffer.
 */
#ifndef PACKTER_TC_ITM_H
#define PACKTER_TC_ITM_H

#include <stddef.h>
#include <stdint.h>

#define ITM_ERRBUF_SIZE		256
#define ITM_MAX_DOC		(1024 * 1024)	/* one reply document, bytes */
#define ITM_MAX_HOPS		128		/* AS entries kept per reply */
#define ITM_NODE_LEN		64		/* a hop's node id as text */
#define ITM_NAME_LEN		32		/* enumeration values */
#define ITM_REASON_LEN		200
#define ITM_DEFAULT_TTL		16
#define ITM_MAX_TTL		64		/* ASHopDepth_atype */

/* A TimeVal_type: TemporarySequenceNumber, SequenceNumber. */
struct itm_seq {
	uint32_t	 sec;
	uint32_t	 usec;		/* 0..999999 */
};

/* An IP node (DestinationNode = the DP, SourceNode = the bridge). */
struct itm_addr {
	int		 family;	/* AF_INET or AF_INET6 */
	uint8_t		 addr[16];
};

struct itm_request {
	struct itm_addr	 dp;
	struct itm_addr	 self;
	struct itm_seq	 seq;
	unsigned	 ttl;		/* 0..ITM_MAX_TTL */
	char		 md5[33];	/* 32 lowercase hex + NUL */
};

/*
 * Build the ClientTraceRequest document of PROTOCOL.md ("Traceback").
 * On success *out is an xmalloc'ed UTF-8 document of *outlen bytes (with the
 * XML declaration, ending in a newline) and 0 is returned; -1 and err set if
 * a field is out of range.
 */
int	 itm_build_request(const struct itm_request *, char **out,
	    size_t *outlen, char *err, size_t errlen);

/* The schema's block_atype for an address: "loopback", "private" ... */
const char *itm_block(const struct itm_addr *);

/*
 * Framing.  The DP writes whole XML documents on the TCP stream, one after
 * the other, optionally separated by white space or NUL bytes, each with or
 * without an XML declaration.  itm_frame() finds the first complete
 * <InterTrackMessage ...>...</InterTrackMessage> (or an empty
 * <InterTrackMessage .../>) in buf:
 *   1  a document lies at buf[*start, *start + *doclen); *used bytes can be
 *      dropped from the buffer afterwards;
 *   0  more bytes are needed (*used: leading white space that can go);
 *  -1  the stream is unusable: err says why (a document over max bytes, a
 *      stream that ends in the middle of one when eof is set, bytes that
 *      cannot start a document).
 */
int	 itm_frame(const char *buf, size_t len, int eof, size_t max,
	    size_t *start, size_t *doclen, size_t *used, char *err,
	    size_t errlen);

enum itm_msg {
	ITM_MSG_OTHER = 0,		/* a well-formed InterTrack message we do not use */
	ITM_MSG_ID_REPLY,		/* ClientMessageIDReply */
	ITM_MSG_TRACE_REPLY		/* ClientTraceReply */
};

enum itm_state {
	ITM_ST_NONE = 0,
	ITM_ST_FOUND,
	ITM_ST_NOTFOUND,
	ITM_ST_ERROR,
	ITM_ST_REACHED
};

enum itm_verdict {
	ITM_V_NONE = 0,
	ITM_V_FOUND,
	ITM_V_NOTFOUND,
	ITM_V_ERROR
};

/* One AS of InterASTraceResult. */
struct itm_hop {
	unsigned	 depth;		/* 0..64 */
	enum itm_state	 state;
	uint32_t	 asn;		/* NodeID/ITMID/ASNumber; 0 if not given */
	char		 node[ITM_NODE_LEN];	/* other NodeID forms, sanitised */
	char		 status[ITM_NAME_LEN];	/* ASStatus type ("Source" ...) */
	char		 error[ITM_NAME_LEN];	/* ErrorCode errortype, if any */
};

struct itm_reply {
	enum itm_msg	 kind;
	char		 type[ITM_NAME_LEN];	/* the type attribute */
	int		 has_tmpseq;
	struct itm_seq	 tmpseq;		/* ClientMessageIDReply */
	int		 has_msgid;
	struct itm_seq	 msgid;			/* MessageID/SequenceNumber */
	/* ClientTraceReply only: */
	enum itm_verdict verdict;
	char		 reason[ITM_REASON_LEN];	/* why error / not found */
	struct itm_hop	*hops;			/* ITM_MAX_HOPS entries */
	unsigned	 nhops;			/* kept, sorted by depth */
	unsigned	 hops_dropped;		/* beyond ITM_MAX_HOPS */
};

/* A reply with room for ITM_MAX_HOPS hops; itm_reply_free() releases it. */
struct itm_reply *itm_reply_new(void);
void	 itm_reply_free(struct itm_reply *);

/*
 * Parse one framed document.  0 with r filled (r->kind says which message;
 * ITM_MSG_OTHER for the other InterTrack types); -1 with err set for a
 * document that is not acceptable: too large, a DOCTYPE, not well formed,
 * not an InterTrackMessage, or a ClientMessageIDReply / ClientTraceReply
 * without the parts the schema makes mandatory.
 */
int	 itm_parse_reply(const char *doc, size_t len, struct itm_reply *r,
	    char *err, size_t errlen);

/*
 * Optional strict check of a document against the XSD (--schema).
 * itm_schema_load() returns NULL and sets err if the file does not load.
 */
struct itm_schema;
struct itm_schema *itm_schema_load(const char *path, char *err, size_t errlen);
int	 itm_schema_check(struct itm_schema *, const char *doc, size_t len,
	    char *err, size_t errlen);
void	 itm_schema_free(struct itm_schema *);

/* Once per program, before any other call: quiet libxml2's own printing. */
void	 itm_init(void);

const char *itm_state_name(enum itm_state);
const char *itm_verdict_name(enum itm_verdict);

#endif /* PACKTER_TC_ITM_H */
