// gwball.vert - a ball of PACKTERWITHGATEWAY, placed by the core.
//
// The position is gateway.c's (sender, gateway board, receiver), computed
// on the CPU: these records are few.  Sized as ball.vert sizes its balls.
#version 330 core

layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec4 a_color;

uniform mat4 u_vp;
uniform float u_radius;			// world units
uniform float u_px_scale;		// viewport height * proj[1][1] / 2
uniform float u_min_px;

flat out vec4 v_color;

void
main()
{
	gl_Position = u_vp * vec4(a_pos, 1.0);
	gl_PointSize = max(u_min_px,
	    2.0 * u_radius * u_px_scale / max(gl_Position.w, 1e-4));
	v_color = vec4(a_color.rgb, 0.0);
}
