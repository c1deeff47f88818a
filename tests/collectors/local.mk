# tests/collectors: collector tests (issue 4)
