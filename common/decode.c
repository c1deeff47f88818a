/*
 * decode.c - dispatch a captured frame to its link-layer decoder.
 *
 * The link types accepted are listed in decode.h; anything else is
 * PK_UNKNOWN_LINK and the caller names the type in its error.
 */
#include "config.h"

#include <string.h>

#include "decode-int.h"

static const char *const result_names[PK_RESULT_MAX] = {
	[PK_OK]			= "ok",
	[PK_SKIP_NONIP]		= "non-ip",
	[PK_SKIP_PROTO]		= "ip-proto-other",
	[PK_SKIP_ESP]		= "ip-esp-ah",
	[PK_SKIP_NONEXT]	= "ipv6-no-next",
	[PK_TRUNC_LINK]		= "truncated-link",
	[PK_TRUNC_IP]		= "truncated-ip",
	[PK_INVALID_LINK]	= "invalid-link",
	[PK_INVALID_IP]		= "invalid-ip",
	[PK_UNKNOWN_LINK]	= "unknown-link",
};

const char *
decode_result_name(enum pk_result r)
{
	if ((unsigned)r >= PK_RESULT_MAX)
		return "?";
	return result_names[r];
}

int
decode_link_supported(int linktype)
{
	switch (linktype) {
	case PK_DLT_NULL:
	case PK_DLT_EN10MB:
	case PK_DLT_RAW_12:
	case PK_DLT_RAW_14:
	case PK_DLT_RAW:
	case PK_DLT_LOOP:
	case PK_DLT_LINUX_SLL:
	case PK_DLT_IPV4:
	case PK_DLT_IPV6:
	case PK_DLT_LINUX_SLL2:
	case PK_DLT_PPP:
	case PK_DLT_PPP_SERIAL:
	case PK_DLT_C_HDLC:
	case PK_DLT_IEEE802_11:
	case PK_DLT_IEEE802_11_RADIO:
	case PK_LINK_IP:
		return 1;
	default:
		return 0;
	}
}

enum pk_result
decode_frame(int linktype, const uint8_t *buf, size_t caplen,
    struct pk_packet *pkt)
{
	struct cursor c;

	memset(pkt, 0, sizeof(*pkt));
	cur_init(&c, buf, caplen);

	switch (linktype) {
	case PK_DLT_EN10MB:
		return decode_ether(&c, pkt);
	case PK_DLT_RAW_12:
	case PK_DLT_RAW_14:
	case PK_DLT_RAW:
	case PK_LINK_IP:
		return decode_ip(&c, pkt);
	case PK_DLT_IPV4:
		return decode_ipv4(&c, pkt);
	case PK_DLT_IPV6:
		return decode_ipv6(&c, pkt);
	case PK_DLT_NULL:
	case PK_DLT_LOOP:
		return decode_null(&c, pkt, linktype);
	case PK_DLT_LINUX_SLL:
		return decode_sll(&c, pkt);
	case PK_DLT_LINUX_SLL2:
		return decode_sll2(&c, pkt);
	case PK_DLT_PPP:
		return decode_ppp(&c, pkt);
	case PK_DLT_PPP_SERIAL:
		/* Cisco HDLC shows up under this link type too (0x0f / 0x8f). */
		{
			uint8_t a;

			if (cur_peek_u8(&c, 0, &a) && (a == 0x0f || a == 0x8f))
				return decode_chdlc(&c, pkt);
		}
		return decode_ppp(&c, pkt);
	case PK_DLT_C_HDLC:
		return decode_chdlc(&c, pkt);
	case PK_DLT_IEEE802_11:
		return decode_80211(&c, pkt);
	case PK_DLT_IEEE802_11_RADIO:
		return decode_radiotap(&c, pkt);
	default:
		return PK_UNKNOWN_LINK;
	}
}
