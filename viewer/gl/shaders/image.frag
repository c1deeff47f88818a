// image.frag - the panel's pixels as composed, alpha and all.
#version 330 core

in vec2 v_uv;
out vec4 o_color;

uniform sampler2D u_tex;

void
main()
{
	o_color = texture(u_tex, v_uv);
}
