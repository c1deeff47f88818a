# systemd/: the units, made from their .in templates with the configured
# bindir, and the example /etc/default files.  The agent is a template
# (packter-agent@NAME reads /etc/default/packter-agent-NAME); the bridge a
# plain system unit; the viewer a user unit for a wall screen's session.
# tests/agent/unit-privs.sh runs the agent with the capabilities the agent's
# unit names.

SYSTEMD_UNITS_IN = systemd/packter-agent@.service.in \
	systemd/packter-tc.service.in systemd/packter-viewer.service.in
SYSTEMD_DEFAULTS = systemd/default/packter-agent-capture \
	systemd/default/packter-agent-collector systemd/default/packter-tc

systemd_edit = sed -e 's|@bindir[@]|$(bindir)|g'

systemd/%.service: $(srcdir)/systemd/%.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && rm -f $@ $@.tmp && \
	    $(systemd_edit) $< >$@.tmp && mv $@.tmp $@

# Made on every build, installed or not, so the tests read what would be
# installed.
noinst_DATA = systemd/packter-agent@.service systemd/packter-tc.service \
	systemd/packter-viewer.service

if INSTALL_SYSTEM_UNITS
systemdsystemunit_DATA = systemd/packter-agent@.service
if BUILD_TC
systemdsystemunit_DATA += systemd/packter-tc.service
endif
endif
if INSTALL_USER_UNITS
if BUILD_VIEWER
systemduserunit_DATA = systemd/packter-viewer.service
endif
endif

# The /etc/default examples, as examples: the Debian package puts them in
# /etc/default; make install stays inside its prefix.
systemdexamplesdir = $(docdir)/examples/default
systemdexamples_DATA = $(SYSTEMD_DEFAULTS)

EXTRA_DIST += $(SYSTEMD_UNITS_IN) $(SYSTEMD_DEFAULTS)
CLEANFILES += $(noinst_DATA)
