// model.frag - the model's texture, lit from above the eye's side.
#version 330 core

in vec2 v_uv;
in vec3 v_normal;
out vec4 o_color;

uniform sampler2D u_tex;

void
main()
{
	vec3 n = normalize(v_normal);
	float lit = 0.45 + 0.55 * max(dot(n, normalize(vec3(0.3, 0.8, 0.5))),
	    0.0);

	o_color = vec4(texture(u_tex, v_uv).rgb * lit, 1.0);
}
