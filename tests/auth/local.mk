# tests/auth: rules come with their work
