#!/bin/sh
# The C sources must pass the project's .clang-format (STYLE.md, Build).
top=${1:-.}
cd "$top" || exit 1
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format is not installed (build-aux/deps installs it)" >&2
  exit 1
fi
status=0
for f in src/*.[ch] src/*/*.[ch] tests/*.[ch] bench/*.[ch]; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "$f: not formatted (clang-format -i $f)"
    status=1
  fi
done
[ $status = 0 ] && echo "every C file passes .clang-format"
exit $status
