/*
 * filter.c - display filters: a tokenizer, a recursive-descent parser into
 * an array of nodes, an evaluator (see filter.h for the grammar).
 *
 * Bounds: the text is at most FILTER_TEXT_MAX bytes, the tree at most
 * FILTER_NODES nodes, so parsing and evaluation recurse at most that deep.
 */
#include "config.h"
#include "filter.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "errbuf.h"
#include "log.h"

enum node_kind {
	N_TRUE, N_AND, N_OR, N_NOT, N_NET, N_PORT, N_CLASS, N_FLAG, N_DESC
};

enum dir { D_EITHER, D_SRC, D_DST };

struct node {
	enum node_kind	 kind;
	enum dir	 dir;
	int		 a, b;		/* children */
	struct acl_entry net;		/* N_NET (a host is a /32, /128) */
	uint32_t	 lo, hi;	/* N_PORT range, N_FLAG (lo) */
	uint32_t	 classes;	/* N_CLASS: bit f for flag f, bit 10 */
	size_t		 doff, dlen;	/* N_DESC: the text in f->text */
};

struct filter {
	char		 text[FILTER_TEXT_MAX + 1];
	char		 desc[FILTER_TEXT_MAX + 1];	/* unquoted texts */
	size_t		 desc_len;
	struct node	 n[FILTER_NODES];
	int		 nn;
	int		 root;
};

/* --- tokens ---------------------------------------------------------------- */

enum tok { T_END, T_WORD, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT, T_STRING };

struct parser {
	struct filter	*f;
	const char	*s;
	size_t		 pos;		/* next byte to read */
	enum tok	 tok;		/* the current token */
	size_t		 toff, tlen;	/* where it is in s */
	char		 word[FILTER_TEXT_MAX + 1];	/* unquoted */
	char		*err;
	size_t		 errlen;
	size_t		 errpos;
	bool		 failed;
	int		 depth;
};

static void __attribute__((format(printf, 3, 4)))
fail_at(struct parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	p->errpos = at;
	va_start(ap, fmt);
	(void)vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_special(char c)
{
	return c == '(' || c == ')' || c == '!' || c == '"' || c == '\0' ||
	    is_blank(c);
}

static void
next(struct parser *p)
{
	const char *s = p->s;
	size_t i, n;

	while (is_blank(s[p->pos]))
		p->pos++;
	p->toff = p->pos;
	p->word[0] = '\0';
	switch (s[p->pos]) {
	case '\0':
		p->tok = T_END;
		p->tlen = 0;
		return;
	case '(':
		p->tok = T_LPAREN;
		p->tlen = 1;
		p->pos++;
		return;
	case ')':
		p->tok = T_RPAREN;
		p->tlen = 1;
		p->pos++;
		return;
	case '!':
		p->tok = T_NOT;
		p->tlen = 1;
		p->pos++;
		return;
	case '"':
		/* "text", with \" and \\ inside. */
		for (i = p->pos + 1, n = 0; s[i] != '\0' && s[i] != '"'; i++) {
			if (s[i] == '\\' && (s[i + 1] == '"' || s[i + 1] == '\\'))
				i++;
			p->word[n++] = s[i];
		}
		p->word[n] = '\0';
		if (s[i] != '"') {
			fail_at(p, p->toff, "a quote without its end");
			p->tok = T_END;
			p->tlen = 0;
			return;
		}
		p->tok = T_STRING;
		p->pos = i + 1;
		p->tlen = p->pos - p->toff;
		return;
	default:
		break;
	}
	if (s[p->pos] == '&' && s[p->pos + 1] == '&') {
		p->tok = T_AND;
		p->tlen = 2;
		p->pos += 2;
		return;
	}
	if (s[p->pos] == '|' && s[p->pos + 1] == '|') {
		p->tok = T_OR;
		p->tlen = 2;
		p->pos += 2;
		return;
	}
	for (n = 0; !is_special(s[p->pos]); n++)
		p->word[n] = s[p->pos++];
	p->word[n] = '\0';
	p->tlen = n;
	if (strcmp(p->word, "and") == 0)
		p->tok = T_AND;
	else if (strcmp(p->word, "or") == 0)
		p->tok = T_OR;
	else if (strcmp(p->word, "not") == 0)
		p->tok = T_NOT;
	else
		p->tok = T_WORD;
}

static int
new_node(struct parser *p, enum node_kind k)
{
	struct node *n;

	if (p->f->nn == FILTER_NODES) {
		fail_at(p, p->toff, "too long: at most %d words",
		    FILTER_NODES);
		return -1;
	}
	n = &p->f->n[p->f->nn];
	memset(n, 0, sizeof(*n));
	n->kind = k;
	n->a = n->b = -1;
	return p->f->nn++;
}

/* --- primitives -------------------------------------------------------------- */

static int
parse_uint(const char *s, size_t len, uint32_t max, uint32_t *v)
{
	uint64_t n = 0;
	size_t i;

	if (len == 0 || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	if (n > max)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

static const struct {
	const char	*name;
	uint32_t	 classes;
} class_names[] = {
	{ "tcp", 0x0e7 },	/* 0 1 2 5 6 7 */
	{ "syn", 0x042 },	/* 1 6 */
	{ "fin", 0x084 },	/* 2 7: FIN or RST */
	{ "rst", 0x084 },
	{ "ack", 0x021 },	/* 0 5: TCP, other */
	{ "udp", 0x108 },	/* 3 8 */
	{ "icmp", 0x210 },	/* 4 9 */
	{ "icmp6", 0x200 },
	{ "ip", 0x01f },	/* 0-4 */
	{ "ip4", 0x01f },
	{ "ip6", 0x3e0 },	/* 5-9 */
	{ "alert", 0x400 },	/* 10 and more */
};

static void
class_list(char *buf, size_t len)
{
	size_t i, n = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++) {
		w = snprintf(buf + n, len - n, "%s%s", i > 0 ? ", " : "",
		    class_names[i].name);
		if (w < 0 || (size_t)w >= len - n)
			return;
		n += (size_t)w;
	}
}

/* The word after a keyword: the argument, or an error at the keyword. */
static bool
argument(struct parser *p, const char *kw, size_t kwoff, const char *what)
{
	next(p);
	if (p->tok != T_WORD && p->tok != T_STRING) {
		fail_at(p, p->tok == T_END ? kwoff : p->toff,
		    "\"%s\" needs %s", kw, what);
		return false;
	}
	return true;
}

static int
primitive(struct parser *p)
{
	char kw[32], aerr[ACL_ERRBUF_SIZE], list[160];
	enum dir dir = D_EITHER;
	struct acl acl;
	size_t kwoff, i;
	const char *dash;
	int id;
	struct node *n;

	if (p->tok != T_WORD) {
		fail_at(p, p->toff, p->tok == T_END ? "an expression is "
		    "missing at the end" : "expected a primitive (host, net, "
		    "port, portrange, class, flag, desc)");
		return -1;
	}
	if (strcmp(p->word, "src") == 0 || strcmp(p->word, "dst") == 0) {
		dir = p->word[0] == 's' ? D_SRC : D_DST;
		next(p);
		if (p->tok != T_WORD || (strcmp(p->word, "net") != 0 &&
		    strcmp(p->word, "host") != 0 && strcmp(p->word, "port") != 0 &&
		    strcmp(p->word, "portrange") != 0)) {
			fail_at(p, p->toff, "expected net, host, port or "
			    "portrange after src or dst");
			return -1;
		}
	}
	if (p->tlen >= sizeof(kw)) {
		fail_at(p, p->toff, "unknown word \"%.20s...\"", p->word);
		return -1;
	}
	memcpy(kw, p->word, p->tlen + 1);
	kwoff = p->toff;

	if (strcmp(kw, "net") == 0 || strcmp(kw, "host") == 0) {
		if (!argument(p, kw, kwoff, "an address"))
			return -1;
		if (strcmp(kw, "host") == 0 && strchr(p->word, '/') != NULL) {
			fail_at(p, p->toff, "a host is one address: \"%s\" is a "
			    "net", p->word);
			return -1;
		}
		memset(&acl, 0, sizeof(acl));
		if (acl_add(&acl, p->word, aerr, sizeof(aerr)) == -1) {
			fail_at(p, p->toff, "%s", aerr);
			return -1;
		}
		if ((id = new_node(p, N_NET)) == -1)
			return -1;
		p->f->n[id].net = acl.e[0];
	} else if (strcmp(kw, "port") == 0 || strcmp(kw, "portrange") == 0) {
		if (!argument(p, kw, kwoff, kw[4] == '\0' ? "a port" :
		    "a range LO-HI"))
			return -1;
		if ((id = new_node(p, N_PORT)) == -1)
			return -1;
		n = &p->f->n[id];
		if (kw[4] == '\0') {
			if (parse_uint(p->word, strlen(p->word), 65535,
			    &n->lo) == -1) {
				fail_at(p, p->toff, "not a port (0 to 65535): "
				    "\"%s\"", p->word);
				return -1;
			}
			n->hi = n->lo;
		} else if ((dash = strchr(p->word, '-')) == NULL ||
		    parse_uint(p->word, (size_t)(dash - p->word), 65535,
		    &n->lo) == -1 || parse_uint(dash + 1, strlen(dash + 1),
		    65535, &n->hi) == -1 || n->hi < n->lo) {
			fail_at(p, p->toff, "not a port range LO-HI: \"%s\"",
			    p->word);
			return -1;
		}
	} else if (strcmp(kw, "class") == 0) {
		if (!argument(p, kw, kwoff, "a class name"))
			return -1;
		for (i = 0; i < sizeof(class_names) / sizeof(class_names[0]);
		    i++)
			if (strcmp(p->word, class_names[i].name) == 0)
				break;
		if (i == sizeof(class_names) / sizeof(class_names[0])) {
			class_list(list, sizeof(list));
			fail_at(p, p->toff, "no class \"%s\" (%s)", p->word,
			    list);
			return -1;
		}
		if ((id = new_node(p, N_CLASS)) == -1)
			return -1;
		p->f->n[id].classes = class_names[i].classes;
	} else if (strcmp(kw, "flag") == 0) {
		if (!argument(p, kw, kwoff, "a number"))
			return -1;
		if ((id = new_node(p, N_FLAG)) == -1)
			return -1;
		if (parse_uint(p->word, strlen(p->word), UINT32_MAX,
		    &p->f->n[id].lo) == -1) {
			fail_at(p, p->toff, "not a flag number: \"%s\"",
			    p->word);
			return -1;
		}
	} else if (strcmp(kw, "desc") == 0) {
		size_t len;

		if (!argument(p, kw, kwoff, "a text"))
			return -1;
		if ((len = strlen(p->word)) == 0) {
			fail_at(p, p->toff, "an empty text");
			return -1;
		}
		if ((id = new_node(p, N_DESC)) == -1)
			return -1;
		/* The texts together are no longer than the expression. */
		p->f->n[id].doff = p->f->desc_len;
		p->f->n[id].dlen = len;
		memcpy(p->f->desc + p->f->desc_len, p->word, len);
		p->f->desc_len += len;
	} else {
		fail_at(p, kwoff, "unknown word \"%s\" (expected host, net, "
		    "port, portrange, class, flag or desc)", kw);
		return -1;
	}
	p->f->n[id].dir = dir;
	next(p);
	return id;
}

/* --- expressions ------------------------------------------------------------- */

static int expr(struct parser *);

static int
factor(struct parser *p)
{
	size_t at = p->toff;
	int id, a;

	if (++p->depth > FILTER_NODES) {
		fail_at(p, at, "nested too deep");
		return -1;
	}
	if (p->tok == T_NOT) {
		next(p);
		if ((a = factor(p)) == -1)
			return -1;
		if ((id = new_node(p, N_NOT)) == -1)
			return -1;
		p->f->n[id].a = a;
	} else if (p->tok == T_LPAREN) {
		next(p);
		if ((id = expr(p)) == -1)
			return -1;
		if (p->tok != T_RPAREN) {
			fail_at(p, p->tok == T_END ? at : p->toff,
			    p->tok == T_END ? "a parenthesis without its end" :
			    "expected and, or or a closing parenthesis");
			return -1;
		}
		next(p);
	} else
		id = primitive(p);
	p->depth--;
	return id;
}

static int
binary(struct parser *p, enum tok op, enum node_kind kind, int (*sub)(struct
    parser *))
{
	int a, b, id;

	if ((a = sub(p)) == -1)
		return -1;
	while (p->tok == op) {
		next(p);
		if ((b = sub(p)) == -1)
			return -1;
		if ((id = new_node(p, kind)) == -1)
			return -1;
		p->f->n[id].a = a;
		p->f->n[id].b = b;
		a = id;
	}
	return a;
}

static int
term(struct parser *p)
{
	return binary(p, T_AND, N_AND, factor);
}

static int
expr(struct parser *p)
{
	return binary(p, T_OR, N_OR, term);
}

struct filter *
filter_compile(const char *s, char *err, size_t errlen, size_t *errpos)
{
	struct parser *p;
	struct filter *f;
	size_t len = strlen(s);

	if (errpos != NULL)
		*errpos = 0;
	if (len > FILTER_TEXT_MAX) {
		(void)errbuf_fmt(err, errlen, "longer than %d bytes",
		    FILTER_TEXT_MAX);
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	p = xcalloc(1, sizeof(*p));
	memcpy(f->text, s, len + 1);
	p->f = f;
	p->s = f->text;
	p->err = err;
	p->errlen = errlen;
	next(p);
	if (p->tok == T_END && !p->failed) {
		f->root = new_node(p, N_TRUE);
	} else {
		f->root = expr(p);
		if (!p->failed && p->tok != T_END)
			fail_at(p, p->toff, p->tok == T_RPAREN ?
			    "a closing parenthesis without its start" :
			    "expected and or or before \"%.*s\"",
			    (int)p->tlen, p->s + p->toff);
	}
	if (p->failed) {
		if (errpos != NULL)
			*errpos = p->errpos;
		free(p);
		free(f);
		return NULL;
	}
	free(p);
	return f;
}

void
filter_free(struct filter *f)
{
	free(f);
}

const char *
filter_text(const struct filter *f)
{
	return f->text;
}

/* --- evaluation ---------------------------------------------------------------- */

static bool
in_net(const struct acl_entry *e, const struct pt_endpoint *ep)
{
	unsigned full = e->plen / 8, rem = e->plen % 8;
	uint8_t mask;

	if (ep->family != e->family)
		return false;
	if (memcmp(ep->addr, e->addr, full) != 0)
		return false;
	if (rem == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rem));
	return (ep->addr[full] & mask) == e->addr[full];
}

static bool
in_ports(const struct node *n, const struct pt_endpoint *ep)
{
	return ep->port >= 0 && (uint32_t)ep->port >= n->lo &&
	    (uint32_t)ep->port <= n->hi;
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
has_text(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	size_t i, k;

	if (nlen > hlen)
		return false;
	for (i = 0; i + nlen <= hlen; i++) {
		for (k = 0; k < nlen; k++)
			if (lower(hay[i + k]) != lower(needle[k]))
				break;
		if (k == nlen)
			return true;
	}
	return false;
}

static bool
eval(const struct filter *f, int id, const struct pt_record *r)
{
	const struct node *n = &f->n[id];
	bool s, d;

	switch (n->kind) {
	case N_TRUE:
		return true;
	case N_AND:
		return eval(f, n->a, r) && eval(f, n->b, r);
	case N_OR:
		return eval(f, n->a, r) || eval(f, n->b, r);
	case N_NOT:
		return !eval(f, n->a, r);
	case N_NET:
		s = n->dir != D_DST && in_net(&n->net, &r->src);
		d = n->dir != D_SRC && in_net(&n->net, &r->dst);
		return s || d;
	case N_PORT:
		s = n->dir != D_DST && in_ports(n, &r->src);
		d = n->dir != D_SRC && in_ports(n, &r->dst);
		return s || d;
	case N_CLASS:
		return (n->classes & (1u << (r->flag < 10 ? r->flag : 10))) != 0;
	case N_FLAG:
		return r->flag == n->lo;
	case N_DESC:
		return r->desc.p != NULL && has_text(r->desc.p, r->desc.len,
		    f->desc + n->doff, n->dlen);
	}
	return false;
}

bool
filter_match(const struct filter *f, const struct pt_record *r)
{
	return f == NULL || eval(f, f->root, r);
}

char *
filter_caret(const char *expr, size_t pos, char *buf, size_t len)
{
	size_t n = strlen(expr), i, k;

	if (len == 0)
		return buf;
	if (pos > n)
		pos = n;
	k = 0;
	for (i = 0; i < n && k + 1 < len; i++)
		buf[k++] = expr[i] == '\t' ? ' ' : expr[i];
	if (k + 1 < len)
		buf[k++] = '\n';
	for (i = 0; i < pos && k + 1 < len; i++)
		buf[k++] = ' ';
	if (k + 1 < len)
		buf[k++] = '^';
	buf[k] = '\0';
	return buf;
}
