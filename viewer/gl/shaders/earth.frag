// earth.frag - the world texture (media/world.png), lit from the eye with an
// ambient floor so the limb stays readable; a plain ocean without it.
#version 330 core

in vec2 v_uv;
in vec3 v_normal;
out vec4 o_color;

uniform sampler2D u_world;
uniform int u_have_world;
uniform vec3 u_eye_dir;		// unit vector from the centre to the eye

void
main()
{
	vec3 base = u_have_world != 0 ? texture(u_world, v_uv).rgb :
	    vec3(0.05, 0.16, 0.32);
	float light = 0.45 + 0.55 * max(dot(normalize(v_normal), u_eye_dir),
	    0.0);

	o_color = vec4(base * light, 1.0);
}
