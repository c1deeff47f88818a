// ball.frag - a point sprite shaded as a sphere lit from the eye.
//
// The centre is the flag's colour exactly (the drawing test looks for it
// there) and the brightness falls off towards the rim as 1 - 0.6 r^2, the
// cheap stand-in for Lambert's sqrt(1 - r^2) over an ambient floor; a
// selected ball gets a white ring.  Kept to a few operations on purpose: on a
// software renderer this runs for every pixel of every ball, and a specular
// highlight (one pixel at this size) cost a fifth of the frame.
#version 330 core

flat in vec4 v_color;		// rgb, and a = 1 for a selected ball
out vec4 o_color;

void
main()
{
	vec2 c = gl_PointCoord * 2.0 - 1.0;
	float r2 = dot(c, c);

	if (r2 > 1.0)
		discard;
	vec3 col = v_color.rgb * (1.0 - 0.6 * r2);
	o_color = vec4(v_color.a * r2 > 0.7 ? vec3(1.0) : col, 1.0);
}
