// flight.frag - ball.frag's sphere shading for the globe's flights: the
// flag's colour exactly at the centre, darker to the rim, a white ring on
// a selected ball.
#version 330 core

flat in vec4 v_color;
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
