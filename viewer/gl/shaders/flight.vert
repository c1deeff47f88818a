// flight.vert - one point sprite a record in flight on the globe, where
// viewer/core/globe.c's globe_flight_at() puts it: along the great circle
// from its source to its destination, lifted by a sine arc; from the sky
// to the known end when one is not known; nowhere when neither is.  Flags
// and selection as ball.vert; ball.frag's shading (flight.frag).
#version 330 core

layout(location = 0) in vec4 a_ends;	// source lat, lon; destination lat, lon
layout(location = 1) in uint a_stamp;	// ms since the history's epoch
layout(location = 2) in uint a_flag;

uniform mat4 u_vp;
uniform uint u_now_ms;
uniform float u_now_frac;
uniform float u_flight_ms;
uniform vec4 u_globe;			// R, sky, lift min, lift
uniform float u_radius;
uniform float u_px_scale;
uniform float u_min_px;
uniform ivec2 u_sel;
uniform vec3 u_colors[10];
uniform vec3 u_eye;			// the camera, for the sprite's depth

flat out vec4 v_color;

vec3
unit_of(float lat_deg, float lon_deg)
{
	float lat = radians(lat_deg), lon = radians(lon_deg);

	return vec3(cos(lat) * sin(lon), sin(lat), cos(lat) * cos(lon));
}

// globe_flight_at(); false (w = 0) when neither end is known.
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
	float p = clamp(age / u_flight_ms, 0.0, 1.0);
	vec4 pos = flight_at(a_ends, p);
	float sel = (gl_VertexID == u_sel.x || gl_VertexID == u_sel.y) ?
	    1.0 : 0.0;

	if (pos.w == 0.0) {
		gl_Position = vec4(0.0, 0.0, 2.0, 1.0);	// clipped
		gl_PointSize = 1.0;
		v_color = vec4(0.0);
		return;
	}
	gl_Position = u_vp * vec4(pos.xyz, 1.0);
	// The depth of the ball's near side: a ball on the ground stays whole.
	vec4 front = u_vp * vec4(pos.xyz + u_radius * normalize(u_eye -
	    pos.xyz), 1.0);
	gl_Position.z = front.z / front.w * gl_Position.w;
	gl_PointSize = (1.0 + 1.5 * sel) * max(u_min_px,
	    2.0 * u_radius * u_px_scale / max(gl_Position.w, 1e-4));
	v_color = vec4(u_colors[a_flag % 10u], sel);
}
