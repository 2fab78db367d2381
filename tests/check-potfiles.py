#!/usr/bin/env python3
"""Fail when a file with translatable strings is missing from po/POTFILES.in
(its strings would never reach the translators)."""
import pathlib
import re
import sys

MARK = re.compile(r'\b(?:_|N_|C_|NC_|NP_)\s*\(\s*"|translatable="yes"')


def main():
    top = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
    listed = {line.strip() for line in (top / 'po' / 'POTFILES.in').read_text().splitlines()
              if line.strip() and not line.startswith('#')}
    missing = []
    for pattern in ('src/**/*.c', 'data/ui/**/*.ui'):
        for path in sorted(top.glob(pattern)):
            rel = str(path.relative_to(top))
            if rel not in listed and MARK.search(path.read_text(encoding='utf-8')):
                missing.append(rel)
    gone = [f for f in sorted(listed) if not (top / f).exists()]
    for f in missing:
        print(f'{f}: has translatable strings but is not in po/POTFILES.in')
    for f in gone:
        print(f'{f}: listed in po/POTFILES.in but does not exist')
    if missing or gone:
        return 1
    print(f'po/POTFILES.in lists all {len(listed)} files with translatable strings')
    return 0


if __name__ == '__main__':
    sys.exit(main())
