// earth.vert - the Earth of viewer/core/globe.h: a latitude/longitude mesh
// on the sphere of radius u_radius, y north, longitude 0 towards +z.
#version 330 core

layout(location = 0) in vec2 a_latlon;	// degrees

uniform mat4 u_vp;
uniform float u_radius;

out vec2 v_uv;
out vec3 v_normal;

void
main()
{
	float lat = radians(a_latlon.x), lon = radians(a_latlon.y);
	vec3 n = vec3(cos(lat) * sin(lon), sin(lat), cos(lat) * cos(lon));

	v_normal = n;
	// Equirectangular: column 0 at 180 W, row 0 at the north pole.
	v_uv = vec2((a_latlon.y + 180.0) / 360.0, (90.0 - a_latlon.x) / 180.0);
	gl_Position = u_vp * vec4(u_radius * n, 1.0);
}
