// sky.vert - the sky dome: a unit sphere around the eye.
//
// Only the camera's rotation applies (u_view_rot), so the dome never comes
// nearer (drawn first, without depth).  Texture coordinates are
// equirectangular: s once around, t from the zenith (0) to the nadir (1).
#version 330 core

layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec2 a_uv;

uniform mat4 u_proj;
uniform mat4 u_view_rot;

out vec2 v_uv;

void
main()
{
	gl_Position = u_proj * u_view_rot * vec4(a_pos, 1.0);
	v_uv = a_uv;
}
