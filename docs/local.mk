# docs/: man pages and the project's own specifications.
dist_man_MANS += docs/packter-agent.1
dist_doc_DATA += docs/protocol.md
dist_doc_DATA += docs/security.md
EXTRA_DIST += docs/HACKING.md docs/architecture.md
