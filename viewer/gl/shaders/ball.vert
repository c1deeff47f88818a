// ball.vert - one point sprite a record in flight.
//
// The position is scene.c's, computed here from the record as the history
// stores it: the sender board point at the arrival stamp, the receiver board
// point flight ms later, a straight line between.  Which records are drawn is
// decided on the CPU (scene_update), so progress is only clamped here.  The
// boards are boards.h's ring (board 0 the receiver); each record's state
// word (boards.h's BS_ bits) names its sender board and says whether it is
// hidden, dimmed or highlighted.
#version 330 core

layout(location = 0) in vec4 a_ends;	// sender u, v; receiver u, v
layout(location = 1) in uint a_stamp;	// ms since the history's epoch
layout(location = 2) in uint a_flag;
layout(location = 3) in uint a_state;	// boards.h: BS_BOARD, BS_DIM ...

uniform mat4 u_vp;
uniform uint u_now_ms;			// display time, ms since the epoch
uniform float u_now_frac;		// and its fraction of a ms
uniform float u_flight_ms;
uniform vec2 u_board;			// SCENE_BOARD_X, SCENE_BOARD_HALF
uniform vec3 u_org[6];			// boards_layout: each board's middle
uniform vec3 u_eu[6];			// and its address axis
uniform uint u_hidden;			// 1 << board for hidden boards
uniform float u_radius;			// world units
uniform float u_px_scale;		// viewport height * proj[1][1] / 2
uniform float u_min_px;
uniform ivec2 u_sel;			// slots drawn larger, or -1
uniform vec3 u_colors[10];
uniform uint u_hide[16];		// flags drawn as models (model.c)
uniform int u_nhide;

flat out vec4 v_color;		// rgb, and a = 1 for a selected ball
flat out float v_dim;		// 1 for a faint ball

vec3
board_point(int b, vec2 uv)
{
	return u_org[b] + (uv.x - 0.5) * 2.0 * u_board.y * u_eu[b] +
	    vec3(0.0, (uv.y - 0.5) * 2.0 * u_board.y, 0.0);
}

void
clipped()
{
	gl_Position = vec4(0.0, 0.0, 2.0, 1.0);
	gl_PointSize = 1.0;
	v_color = vec4(0.0);
	v_dim = 0.0;
}

void
main()
{
	float age = float(int(u_now_ms - a_stamp)) + u_now_frac;
	float p = clamp(age / u_flight_ms, 0.0, 1.0);
	int sb = int(a_state & 7u);
	if (sb == 0)
		sb = 1;
	vec3 s = board_point(min(sb, 5), a_ends.xy);
	vec3 d = board_point(0, a_ends.zw);
	float r = u_radius;
	float sel = (gl_VertexID == u_sel.x || gl_VertexID == u_sel.y) ?
	    1.0 : 0.0;
	float grow = (1.0 + 1.5 * sel) * ((a_state & 0x20u) != 0u ? 1.8 :
	    (a_state & 0x08u) != 0u ? 0.7 : 1.0);

	if ((a_state & 0x10u) != 0u || (u_hidden & (1u << uint(sb))) != 0u) {
		clipped();
		return;
	}
	for (int i = 0; i < u_nhide; i++)
		if (a_flag == u_hide[i]) {
			clipped();
			return;
		}

	gl_Position = u_vp * vec4(mix(s, d, p), 1.0);
	gl_PointSize = grow * max(u_min_px,
	    2.0 * r * u_px_scale / max(gl_Position.w, 1e-4));
	v_color = vec4(u_colors[a_flag % 10u], sel);
	v_dim = (a_state & 0x08u) != 0u && sel == 0.0 ? 1.0 : 0.0;
}
