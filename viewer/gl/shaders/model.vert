// model.vert - the model of a flag, one instance a record in flight.
//
// Each instance is a record as the history stores it (struct hist_ball):
// the same flight as ball.vert computes, and the model, centred and scaled
// to u_scale world units, turned so that its +x points along the flight
// and its +y up as far as the flight allows.
#version 330 core

layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec3 a_normal;
layout(location = 3) in vec4 a_ends;	// sender u, v; receiver u, v
layout(location = 4) in uint a_stamp;	// ms since the history's epoch

uniform mat4 u_vp;
uniform uint u_now_ms;
uniform float u_now_frac;
uniform float u_flight_ms;
uniform vec2 u_board;			// SCENE_BOARD_X, SCENE_BOARD_HALF
uniform vec3 u_center;			// of the model's bounds
uniform float u_scale;

out vec2 v_uv;
out vec3 v_normal;

vec3
board_point(float x, vec2 uv)
{
	return vec3(x, (uv.y - 0.5) * 2.0 * u_board.y,
	    (0.5 - uv.x) * 2.0 * u_board.y);
}

void
main()
{
	float age = float(int(u_now_ms - a_stamp)) + u_now_frac;
	float p = clamp(age / u_flight_ms, 0.0, 1.0);
	vec3 s = board_point(-u_board.x, a_ends.xy);
	vec3 d = board_point(u_board.x, a_ends.zw);
	vec3 fwd = d - s;
	float len = length(fwd);

	fwd = len > 1e-6 ? fwd / len : vec3(1.0, 0.0, 0.0);
	vec3 up = abs(fwd.y) < 0.99 ? vec3(0.0, 1.0, 0.0) : vec3(0.0, 0.0, 1.0);
	vec3 side = normalize(cross(fwd, up));
	mat3 rot = mat3(fwd, cross(side, fwd), side);
	vec3 world = mix(s, d, p) + rot * ((a_pos - u_center) * u_scale);

	gl_Position = u_vp * vec4(world, 1.0);
	v_uv = vec2(a_uv.x, 1.0 - a_uv.y);
	v_normal = rot * a_normal;
}
