// ball.frag - a point sprite shaded as a sphere lit from the eye.
//
// The centre of the sprite is the flag's colour exactly (the drawing test
// looks for it there); the rim darkens, a small highlight sits up-left, and a
// selected ball gets a white ring.  Kept cheap: on a software renderer this
// runs for every pixel of every ball.
#version 330 core

flat in vec4 v_color;		// rgb, and a = 1 for a selected ball
out vec4 o_color;

// normalize(vec3(-0.5, 0.5, 1.0))
const vec3 HIGHLIGHT = vec3(-0.408248, 0.408248, 0.816497);

void
main()
{
	vec2 c = gl_PointCoord * 2.0 - 1.0;
	float r2 = dot(c, c);

	if (r2 > 1.0)
		discard;
	float z = sqrt(1.0 - r2);
	float s = max(dot(vec3(c.x, -c.y, z), HIGHLIGHT), 0.0);
	s *= s;
	s *= s;
	s *= s;
	s *= s;
	s *= s;			// s^32
	vec3 col = v_color.rgb * (0.35 + 0.65 * z) + 0.45 * s;
	o_color = vec4(v_color.a > 0.5 && r2 > 0.70 ? vec3(1.0) : col, 1.0);
}
