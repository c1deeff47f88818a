# tests/e2e: rules come with their work
