# tests/alarm: rules come with their work
