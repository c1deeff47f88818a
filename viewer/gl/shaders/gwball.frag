// gwball.frag - a point sprite shaded as a sphere, as ball.frag does: the
// centre the flag's colour exactly, darker towards the rim.
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
	o_color = vec4(v_color.rgb * (1.0 - 0.6 * r2), 1.0);
}
