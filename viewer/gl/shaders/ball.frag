// ball.frag - a point sprite shaded as a sphere lit from the eye.
//
// The centre is the flag's colour exactly (the drawing test looks for it
// there) and the brightness falls off towards the rim as 1 - 0.6 r^2, the
// cheap stand-in for Lambert's sqrt(1 - r^2) over an ambient floor; a
// selected ball gets a white ring.  Every ball has a halo, its colour mixed
// 60% with white (palette.h), so that the darkest (SYN's blue) still stands
// out from the background by 3:1; a faint ball (outside a range, or not
// matching a highlighting filter) is a third as bright, without its halo.  Kept to a few operations on purpose: on a
// software renderer this runs for every pixel of every ball, and a specular
// highlight (one pixel at this size) cost a fifth of the frame.
#version 330 core

flat in vec4 v_color;		// rgb, and a = 1 for a selected ball
flat in float v_dim;
out vec4 o_color;

void
main()
{
	vec2 c = gl_PointCoord * 2.0 - 1.0;
	float r2 = dot(c, c);

	if (r2 > 1.0)
		discard;
	vec3 col = v_color.rgb * (1.0 - 0.6 * r2);
	if (v_dim > 0.5) {
		o_color = vec4(col * 0.33, 1.0);
		return;
	}
	if (r2 > 0.64)
		col = mix(v_color.rgb, vec3(1.0), 0.6);
	o_color = vec4(v_color.a * r2 > 0.7 ? vec3(1.0) : col, 1.0);
}
