// trail.vert - the path a flight on the globe has flown so far: one
// instance a record, u_segments + 1 vertices from its source (progress 0)
// to where its ball is now; flight.vert's flight_at(), fading towards the
// source.
#version 330 core

layout(location = 0) in vec4 a_ends;	// per instance, as flight.vert
layout(location = 1) in uint a_stamp;
layout(location = 2) in uint a_flag;

uniform mat4 u_vp;
uniform uint u_now_ms;
uniform float u_now_frac;
uniform float u_flight_ms;
uniform vec4 u_globe;
uniform int u_segments;
uniform vec3 u_colors[10];

out vec4 v_color;

vec3
unit_of(float lat_deg, float lon_deg)
{
	float lat = radians(lat_deg), lon = radians(lon_deg);

	return vec3(cos(lat) * sin(lon), sin(lat), cos(lat) * cos(lon));
}

vec4
flight_at(vec4 e, float p)
{
	bool sk = e.x < 500.0;	// GLOBE_UNKNOWN (1000) is no place
	bool dk = e.z < 500.0;
	float R = u_globe.x, sky = u_globe.y;

	if (!sk && !dk)
		return vec4(0.0);
	if (!sk)
		return vec4(unit_of(e.z, e.w) * R * (sky - (sky - 1.0) * p),
		    1.0);
	if (!dk)
		return vec4(unit_of(e.x, e.y) * R * (1.0 + (sky - 1.0) * p),
		    1.0);
	vec3 a = unit_of(e.x, e.y), b = unit_of(e.z, e.w);
	float theta = acos(clamp(dot(a, b), -1.0, 1.0));
	vec3 k = cross(a, b);
	if (length(k) < 1e-6) {
		k = cross(a, vec3(0.0, 1.0, 0.0));
		if (length(k) < 1e-6)
			k = cross(a, vec3(1.0, 0.0, 0.0));
	}
	k = normalize(k);
	vec3 w = cross(k, a);
	float h = R * (1.0 + (u_globe.z + u_globe.w * theta / 3.14159265) *
	    sin(3.14159265 * p));
	return vec4(h * (a * cos(p * theta) + w * sin(p * theta)), 1.0);
}

void
main()
{
	float age = float(int(u_now_ms - a_stamp)) + u_now_frac;
	float now = clamp(age / u_flight_ms, 0.0, 1.0);
	float s = float(gl_VertexID) / float(u_segments);
	vec4 pos = flight_at(a_ends, s * now);

	if (pos.w == 0.0) {
		gl_Position = vec4(0.0, 0.0, 2.0, 1.0);
		v_color = vec4(0.0);
		return;
	}
	gl_Position = u_vp * vec4(pos.xyz, 1.0);
	v_color = vec4(u_colors[a_flag % 10u], 0.15 + 0.5 * s);
}
