/*
 * cryptopan.c - Crypto-PAn with OpenSSL's AES-128 (cryptopan.h).
 *
 * For an address of n bits (32 or 128) the n blocks AES is asked for are
 * independent of each other: block i is the address's first i bits followed
 * by the pad's bits from i on.  So they are built together and encrypted in
 * one ECB call, and bit i of the one-time pad is the top bit of output
 * block i; the result is the address XOR that pad.
 */
#include "config.h"

#include "cryptopan.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "errbuf.h"
#include "secret.h"

struct cryptopan {
	EVP_CIPHER_CTX	*ctx;
	uint8_t		 pad[16];
	uint8_t		 in[128 * 16];	/* the blocks of one address */
	uint8_t		 out[128 * 16 + 16];
};

struct cryptopan *
cryptopan_new(const uint8_t key[CRYPTOPAN_KEY_LEN], char *err, size_t errlen)
{
	struct cryptopan *cp;
	int n;

	if ((cp = calloc(1, sizeof(*cp))) == NULL)
		goto fail;
	if ((cp->ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_EncryptInit_ex(cp->ctx, EVP_aes_128_ecb(), NULL, key,
	    NULL) != 1 || EVP_CIPHER_CTX_set_padding(cp->ctx, 0) != 1)
		goto fail;
	/* The pad: the key's second half, encrypted. */
	if (EVP_EncryptUpdate(cp->ctx, cp->pad, &n, key + 16, 16) != 1 ||
	    n != 16)
		goto fail;
	return cp;
fail:
	(void)errbuf_fmt(err, errlen, "Crypto-PAn: AES-128 is not available "
	    "from OpenSSL");
	cryptopan_free(cp);
	return NULL;
}

void
cryptopan_free(struct cryptopan *cp)
{
	if (cp == NULL)
		return;
	EVP_CIPHER_CTX_free(cp->ctx);
	OPENSSL_cleanse(cp, sizeof(*cp));
	free(cp);
}

void
cryptopan_map(struct cryptopan *cp, int family, const uint8_t *in,
    uint8_t *out)
{
	uint8_t addr[16], flip[16];
	unsigned bits = family == 6 ? 128 : 32, nbytes = bits / 8, i, j;
	uint8_t *b;
	int n;

	memcpy(addr, in, nbytes);
	for (i = 0; i < bits; i++) {
		b = cp->in + (size_t)i * 16;
		memcpy(b, cp->pad, 16);
		/* The address's first i bits over the pad's. */
		for (j = 0; j < i / 8; j++)
			b[j] = addr[j];
		if (i % 8 != 0) {
			uint8_t keep = (uint8_t)(0xff << (8 - i % 8));

			b[j] = (uint8_t)((addr[j] & keep) | (b[j] & ~keep));
		}
	}
	if (EVP_EncryptUpdate(cp->ctx, cp->out, &n, cp->in,
	    (int)(bits * 16)) != 1 || n != (int)(bits * 16)) {
		/* ECB on whole blocks cannot fail; never send the original. */
		memset(out, 0, nbytes);
		return;
	}
	memset(flip, 0, sizeof(flip));
	for (i = 0; i < bits; i++)
		flip[i / 8] |= (uint8_t)((cp->out[(size_t)i * 16] >> 7) <<
		    (7 - i % 8));
	for (i = 0; i < nbytes; i++)
		out[i] = addr[i] ^ flip[i];
}

int
cryptopan_key_load(const char *path, uint8_t key[CRYPTOPAN_KEY_LEN],
    char *err, size_t errlen)
{
	uint8_t text[512];
	size_t len;
	int rc;

	if (secret_file_read(path, text, sizeof(text), &len, err, errlen) < 0)
		return -1;
	rc = secret_hex(text, len, key, CRYPTOPAN_KEY_LEN, path, err, errlen);
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}
