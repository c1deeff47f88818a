/*
 * test-gateway.c - PACKTERWITHGATEWAY records in the scene
 * (viewer/core/gateway.c): a ball leaves its sender point, is on the
 * gateway board (x = 0) at half its flight and on its receiver point at the
 * end; the reference's flag from DESC; the ring's bound and monotonic
 * stamps; what is in flight at t; the board's on, off and auto.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "../unit/test.h"
#include "gateway.h"
#include "scene.h"

#define MS	1000000LL

static int
parse(const char *s, struct pt_gateway *gw)
{
	struct pt_parser ps;
	char err[PT_ERRBUF_SIZE];

	if (pt_parse_begin(&ps, s, strlen(s)) != PT_GATEWAY)
		return -1;
	return pt_parse_gateway(&ps, gw, err, sizeof(err));
}

static bool
at(const float p[3], const float q[3])
{
	return fabsf(p[0] - q[0]) < 1e-5f && fabsf(p[1] - q[1]) < 1e-5f &&
	    fabsf(p[2] - q[2]) < 1e-5f;
}

TEST(path)
{
	struct gateways g;
	struct pt_gateway gw;
	float p[3], s[3], m[3], d[3];
	uint64_t first, end;

	gateways_init(&g, 16, GATEWAY_BOARD_AUTO);
	CHECK(!gateway_board_shown(&g));
	/* The reference's form, no trailing newline. */
	CHECK(parse("PACKTERWITHGATEWAY\n0.25,0.75,0.5,0.125,0.5,0.25,"
	    "missile,3", &gw) == 0);
	CHECK_EQ_U(gateway_flag(&gw), 3);
	gateways_push(&g, 1000 * MS, &gw);
	CHECK(gateway_board_shown(&g));
	scene_board_point(SCENE_SENDER, 0.25f, 0.5f, s);
	gateway_board_point(0.5f, 0.25f, m);
	scene_board_point(SCENE_RECEIVER, 0.75f, 0.125f, d);
	CHECK(m[0] == 0.0f);

	CHECK(gateway_ball_pos(&g, 0, 1000 * MS, 2000 * MS, p) == 1 &&
	    at(p, s));
	CHECK(gateway_ball_pos(&g, 0, 2000 * MS, 2000 * MS, p) == 1 &&
	    at(p, m));
	/* A quarter: half way to the gateway; three quarters: past it. */
	CHECK(gateway_ball_pos(&g, 0, 1500 * MS, 2000 * MS, p) == 1);
	CHECK(fabsf(p[0] - s[0] / 2) < 1e-5f &&
	    fabsf(p[1] - (s[1] + m[1]) / 2) < 1e-5f);
	CHECK(gateway_ball_pos(&g, 0, 2500 * MS, 2000 * MS, p) == 1);
	CHECK(fabsf(p[0] - d[0] / 2) < 1e-5f &&
	    fabsf(p[2] - (m[2] + d[2]) / 2) < 1e-5f);
	CHECK(gateway_ball_pos(&g, 0, 2999 * MS, 2000 * MS, p) == 1 &&
	    fabsf(p[0] - d[0]) < 0.01f);
	/* Not before its stamp, nor at its end. */
	CHECK(gateway_ball_pos(&g, 0, 999 * MS, 2000 * MS, p) == 0);
	CHECK(gateway_ball_pos(&g, 0, 3000 * MS, 2000 * MS, p) == 0);
	CHECK(gateway_ball_pos(&g, 1, 1500 * MS, 2000 * MS, p) == 0);

	gateways_in_flight(&g, 1500 * MS, 2000 * MS, &first, &end);
	CHECK(first == 0 && end == 1);
	gateways_in_flight(&g, 3000 * MS, 2000 * MS, &first, &end);
	CHECK(first == end);
	gateways_in_flight(&g, 999 * MS, 2000 * MS, &first, &end);
	CHECK(first == end);
	gateways_free(&g);
}

TEST(fields)
{
	struct pt_gateway gw;

	/* Addresses and ports as records have them. */
	CHECK(parse("PACKTERWITHGATEWAY\n10.0.0.1,192.168.0.1,80,8080,"
	    "128.0.0.1,32768,packter11.x,8\n", &gw) == 0);
	CHECK_EQ_U(gateway_flag(&gw), 8);
	CHECK(fabs(gw.gw.x - 0.5) < 1e-6 && fabs(gw.gw.y - 0.5) < 1e-9);
	CHECK(parse("PACKTERWITHGATEWAY\n10.0.0.1,10.0.0.2,1,2,10.0.0.3,3,,"
	    "a gateway hop", &gw) == 0);
	CHECK_EQ_U(gateway_flag(&gw), 0);
	CHECK(parse("PACKTERWITHGATEWAY\n10.0.0.1,10.0.0.2,1,2,10.0.0.3,3,,"
	    "256", &gw) == 0);
	CHECK_EQ_U(gateway_flag(&gw), 0);
	CHECK(parse("PACKTERWITHGATEWAY\n10.0.0.1,10.0.0.2,1,2,10.0.0.3,3,,"
	    "0009", &gw) == 0);
	CHECK_EQ_U(gateway_flag(&gw), 0);
	CHECK(parse("PACKTERWITHGATEWAY\n10.0.0.1,10.0.0.2,1,2,10.0.0.3,3,,"
	    "255", &gw) == 0);
	CHECK_EQ_U(gateway_flag(&gw), 255);
	CHECK(parse("PACKTERWITHGATEWAY\n10.0.0.1,10.0.0.2,1,2,10.0.0.3\n",
	    &gw) == -1);
}

TEST(ring)
{
	struct gateways g;
	struct pt_gateway gw;
	float p[3];
	uint64_t first, end;
	int i;

	gateways_init(&g, 4, GATEWAY_BOARD_OFF);
	CHECK(parse("PACKTERWITHGATEWAY\n0.1,0.2,0.3,0.4,0.5,0.6,x,1", &gw)
	    == 0);
	for (i = 0; i < 10; i++)
		gateways_push(&g, (10 - i) * MS, &gw);	/* backwards */
	CHECK_EQ_U(g.head - g.tail, 4);
	CHECK_EQ_U(g.dropped, 6);
	CHECK_EQ_U(g.received, 10);
	/* Stamps never go back: the later ones kept the first's. */
	for (i = 6; i < 10; i++)
		CHECK(gateway_record(&g, (uint64_t)i)->stamp == 10 * MS);
	CHECK(gateway_ball_pos(&g, 0, 10 * MS, 100 * MS, p) == 0);
	CHECK(gateway_ball_pos(&g, 9, 10 * MS, 100 * MS, p) == 1);
	gateways_in_flight(&g, 50 * MS, 100 * MS, &first, &end);
	CHECK(first == 6 && end == 10);
	CHECK(!gateway_board_shown(&g));
	gateways_free(&g);

	gateways_init(&g, 4, GATEWAY_BOARD_ON);
	CHECK(gateway_board_shown(&g));
	gateways_free(&g);
}

TEST(board_option)
{
	enum gateway_board b;

	CHECK(gateway_board_parse("on", &b) == 0 && b == GATEWAY_BOARD_ON);
	CHECK(gateway_board_parse("off", &b) == 0 && b == GATEWAY_BOARD_OFF);
	CHECK(gateway_board_parse("auto", &b) == 0 &&
	    b == GATEWAY_BOARD_AUTO);
	CHECK(gateway_board_parse("yes", &b) == -1);
	CHECK(gateway_board_parse("", &b) == -1);
}

int
main(void)
{
	RUN(path);
	RUN(fields);
	RUN(ring);
	RUN(board_option);
	return test_report();
}
