// ball.frag - a point sprite shaded as a sphere lit from the eye.
//
// The centre of the sprite is the flag's colour exactly (the drawing test
// looks for it there); the rim darkens, a small highlight sits up-left, and a
// selected ball gets a white ring.
#version 330 core

in vec3 v_color;
flat in int v_sel;
out vec4 o_color;

void
main()
{
	vec2 c = gl_PointCoord * 2.0 - 1.0;
	float r2 = dot(c, c);

	if (r2 > 1.0)
		discard;
	float z = sqrt(1.0 - r2);
	vec3 n = vec3(c.x, -c.y, z);
	vec3 col = v_color * (0.35 + 0.65 * z);
	col += vec3(0.45 * pow(max(dot(n, normalize(vec3(-0.5, 0.5, 1.0))),
	    0.0), 40.0));
	if (v_sel != 0 && r2 > 0.70)
		col = vec3(1.0);
	o_color = vec4(col, 1.0);
}
