/*
 * test-cursor.c - the bounds-checked cursor (common/cursor.h).
 *
 * Every read is tried at every length short of what it needs: it must fail,
 * leave the cursor and the output where they were, and never touch a byte
 * past the end (the buffers end just before an unmapped page, so a read one
 * byte too far is a crash, not a silent pass).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cursor.h"
#include "test.h"

/* A copy of buf that ends exactly where an unreadable page begins. */
static uint8_t *guard_base;
static size_t guard_size;

static const uint8_t *
guarded(const void *buf, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t span = ((len + (size_t)page - 1) / (size_t)page + 1) *
	    (size_t)page;
	uint8_t *p;

	if (guard_base != NULL)
		munmap(guard_base, guard_size);
	p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(99);
	}
	if (mprotect(p + span - (size_t)page, (size_t)page, PROT_NONE) < 0) {
		perror("mprotect");
		exit(99);
	}
	guard_base = p;
	guard_size = span;
	p += span - (size_t)page - len;
	if (len > 0)
		memcpy(p, buf, len);
	return p;
}

static const uint8_t bytes[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xf0, 0xff
};

TEST(init_and_left)
{
	struct cursor c;

	cur_init(&c, bytes, sizeof(bytes));
	CHECK_EQ_U(cur_left(&c), sizeof(bytes));
	CHECK(cur_pos(&c) == bytes);
	CHECK(cur_has(&c, sizeof(bytes)));
	CHECK(!cur_has(&c, sizeof(bytes) + 1));
	CHECK(cur_has(&c, 0));

	/* A NULL buffer is an empty one, whatever length comes with it. */
	cur_init(&c, NULL, 100);
	CHECK_EQ_U(cur_left(&c), 0);
	CHECK(!cur_has(&c, 1));

	cur_init(&c, bytes, 0);
	CHECK_EQ_U(cur_left(&c), 0);
	CHECK(cur_skip(&c, 0));
}

TEST(big_endian)
{
	struct cursor c;
	uint8_t u8 = 0;
	uint16_t u16 = 0;
	uint32_t u32 = 0;
	uint64_t u64 = 0;

	cur_init(&c, bytes, sizeof(bytes));
	CHECK(cur_u8(&c, &u8));
	CHECK_EQ_U(u8, 0x01);
	CHECK(cur_be16(&c, &u16));
	CHECK_EQ_U(u16, 0x0203);
	CHECK(cur_be32(&c, &u32));
	CHECK_EQ_U(u32, 0x04050607);
	CHECK_EQ_U(cur_left(&c), 3);
	CHECK(cur_be16(&c, &u16));
	CHECK_EQ_U(u16, 0x08f0);

	cur_init(&c, bytes, sizeof(bytes));
	CHECK(cur_be64(&c, &u64));
	CHECK_EQ_U(u64, 0x0102030405060708ULL);
	CHECK(cur_be16(&c, &u16));
	CHECK_EQ_U(u16, 0xf0ff);		/* no sign extension */
	CHECK_EQ_U(cur_left(&c), 0);

	cur_init(&c, bytes + 6, 4);
	CHECK(cur_be32(&c, &u32));
	CHECK_EQ_U(u32, 0x0708f0ffU);		/* high bit set */
}

TEST(little_endian)
{
	struct cursor c;
	uint16_t u16 = 0;
	uint32_t u32 = 0;

	cur_init(&c, bytes, sizeof(bytes));
	CHECK(cur_le16(&c, &u16));
	CHECK_EQ_U(u16, 0x0201);
	CHECK(cur_le32(&c, &u32));
	CHECK_EQ_U(u32, 0x06050403);
	cur_init(&c, bytes + 6, 4);
	CHECK(cur_le32(&c, &u32));
	CHECK_EQ_U(u32, 0xfff00807U);
}

TEST(native_order)
{
	struct cursor c;
	uint32_t v = 0, host;

	memcpy(&host, bytes, 4);
	cur_init(&c, bytes, 4);
	CHECK(cur_ne32(&c, &v));
	CHECK_EQ_U(v, host);
	CHECK_EQ_U(cur_left(&c), 0);
}

/*
 * Each read at each length short of its size: false, cursor unmoved,
 * output untouched.  The data sits against a guard page.
 */
TEST(short_reads_fail_cleanly)
{
	size_t len;

	for (len = 0; len < 8; len++) {
		const uint8_t *p = guarded(bytes, len);
		struct cursor c;
		uint8_t u8 = 0xaa, buf[8];
		uint16_t u16 = 0xaaaa;
		uint32_t u32 = 0xaaaaaaaa;
		uint64_t u64 = 0xaaaaaaaaaaaaaaaaULL;

		memset(buf, 0xaa, sizeof(buf));
		cur_init(&c, p, len);
		if (len < 1) {
			CHECK(!cur_u8(&c, &u8));
			CHECK_EQ_U(u8, 0xaa);
			CHECK(!cur_skip(&c, 1));
		}
		if (len < 2) {
			CHECK(!cur_be16(&c, &u16));
			CHECK(!cur_le16(&c, &u16));
			CHECK_EQ_U(u16, 0xaaaa);
		}
		if (len < 4) {
			CHECK(!cur_be32(&c, &u32));
			CHECK(!cur_le32(&c, &u32));
			CHECK(!cur_ne32(&c, &u32));
			CHECK_EQ_U(u32, 0xaaaaaaaa);
		}
		CHECK(!cur_be64(&c, &u64));
		CHECK_EQ_U(u64, 0xaaaaaaaaaaaaaaaaULL);
		CHECK(!cur_bytes(&c, buf, len + 1));
		CHECK_EQ_U(buf[0], 0xaa);
		CHECK(!cur_skip(&c, len + 1));
		CHECK(!cur_skip(&c, SIZE_MAX));
		CHECK(!cur_has(&c, SIZE_MAX));
		/* Nothing moved. */
		CHECK(cur_pos(&c) == p);
		CHECK_EQ_U(cur_left(&c), len);
		/* And what is there can still be read, to the last byte. */
		CHECK(cur_bytes(&c, buf, len));
		CHECK(len == 0 || memcmp(buf, bytes, len) == 0);
		CHECK_EQ_U(cur_left(&c), 0);
	}
}

TEST(reads_up_to_the_end)
{
	const uint8_t *p = guarded(bytes, sizeof(bytes));
	struct cursor c;
	uint8_t u8 = 0;
	uint16_t u16;
	size_t i;

	/* Byte by byte to the guard page. */
	cur_init(&c, p, sizeof(bytes));
	for (i = 0; i < sizeof(bytes); i++) {
		CHECK(cur_u8(&c, &u8));
		CHECK_EQ_U(u8, bytes[i]);
	}
	CHECK(!cur_u8(&c, &u8));
	/* A 16-bit read of the last two bytes, then nothing. */
	cur_init(&c, p + sizeof(bytes) - 2, 2);
	CHECK(cur_be16(&c, &u16));
	CHECK_EQ_U(u16, 0xf0ff);
	CHECK(!cur_be16(&c, &u16));
}

TEST(skip_and_bytes)
{
	struct cursor c;
	uint8_t buf[4];

	cur_init(&c, bytes, sizeof(bytes));
	CHECK(cur_skip(&c, 3));
	CHECK(cur_pos(&c) == bytes + 3);
	CHECK(cur_bytes(&c, buf, 4));
	CHECK(memcmp(buf, bytes + 3, 4) == 0);
	CHECK_EQ_U(cur_left(&c), 3);
	CHECK(!cur_skip(&c, 4));
	CHECK_EQ_U(cur_left(&c), 3);
	CHECK(cur_skip(&c, 3));
	CHECK_EQ_U(cur_left(&c), 0);
	CHECK(cur_bytes(&c, buf, 0));
}

TEST(sub_cursor)
{
	struct cursor c, sub, before;
	uint32_t v;
	uint8_t u8;

	cur_init(&c, bytes, sizeof(bytes));
	CHECK(cur_skip(&c, 1));
	CHECK(cur_sub(&c, 4, &sub));
	/* The parent moved past the element; the child holds exactly it. */
	CHECK(cur_pos(&c) == bytes + 5);
	CHECK_EQ_U(cur_left(&sub), 4);
	CHECK(cur_be32(&sub, &v));
	CHECK_EQ_U(v, 0x02030405);
	CHECK(!cur_u8(&sub, &u8));		/* not into the parent's bytes */

	/* Too long: fails, nothing moves, sub untouched. */
	before = c;
	sub.p = sub.end = NULL;
	CHECK(!cur_sub(&c, 6, &sub));
	CHECK(c.p == before.p && c.end == before.end);
	CHECK(sub.p == NULL);
	CHECK(cur_sub(&c, 5, &sub));
	CHECK_EQ_U(cur_left(&c), 0);
	CHECK_EQ_U(cur_left(&sub), 5);
	CHECK(cur_sub(&c, 0, &sub));
	CHECK_EQ_U(cur_left(&sub), 0);
}

TEST(truncate)
{
	struct cursor c;
	uint8_t u8;

	cur_init(&c, bytes, sizeof(bytes));
	cur_truncate(&c, 3);
	CHECK_EQ_U(cur_left(&c), 3);
	CHECK(!cur_skip(&c, 4));
	/* Truncating to more than is left leaves it. */
	cur_truncate(&c, 100);
	CHECK_EQ_U(cur_left(&c), 3);
	cur_truncate(&c, SIZE_MAX);
	CHECK_EQ_U(cur_left(&c), 3);
	cur_truncate(&c, 0);
	CHECK_EQ_U(cur_left(&c), 0);
	CHECK(!cur_u8(&c, &u8));
}

TEST(peek)
{
	const uint8_t *p = guarded(bytes, sizeof(bytes));
	struct cursor c;
	uint8_t u8 = 0;
	uint16_t u16 = 0;

	cur_init(&c, p, sizeof(bytes));
	CHECK(cur_peek_u8(&c, 0, &u8));
	CHECK_EQ_U(u8, 0x01);
	CHECK(cur_peek_u8(&c, sizeof(bytes) - 1, &u8));
	CHECK_EQ_U(u8, 0xff);
	u8 = 0x55;
	CHECK(!cur_peek_u8(&c, sizeof(bytes), &u8));
	CHECK(!cur_peek_u8(&c, SIZE_MAX, &u8));
	CHECK_EQ_U(u8, 0x55);

	CHECK(cur_peek_be16(&c, 0, &u16));
	CHECK_EQ_U(u16, 0x0102);
	CHECK(cur_peek_be16(&c, sizeof(bytes) - 2, &u16));
	CHECK_EQ_U(u16, 0xf0ff);
	u16 = 0x5555;
	CHECK(!cur_peek_be16(&c, sizeof(bytes) - 1, &u16));
	CHECK(!cur_peek_be16(&c, sizeof(bytes), &u16));
	CHECK(!cur_peek_be16(&c, SIZE_MAX, &u16));	/* no wrap */
	CHECK(!cur_peek_be16(&c, SIZE_MAX - 1, &u16));
	CHECK_EQ_U(u16, 0x5555);
	/* Peeks do not move. */
	CHECK(cur_pos(&c) == p);

	cur_init(&c, p + sizeof(bytes) - 1, 1);
	CHECK(!cur_peek_be16(&c, 0, &u16));
	CHECK(cur_peek_u8(&c, 0, &u8));
	cur_init(&c, p, 0);
	CHECK(!cur_peek_u8(&c, 0, &u8));
	CHECK(!cur_peek_be16(&c, 0, &u16));
}

int
main(void)
{
	RUN(init_and_left);
	RUN(big_endian);
	RUN(little_endian);
	RUN(native_order);
	RUN(short_reads_fail_cleanly);
	RUN(reads_up_to_the_end);
	RUN(skip_and_bytes);
	RUN(sub_cursor);
	RUN(truncate);
	RUN(peek);
	return test_report();
}
