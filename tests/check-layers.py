#!/usr/bin/env python3
"""Fail when a layer includes what is above it (DESIGN.md, Layout).

ui -> services -> store -> model: nothing below ui includes GTK or
libadwaita, and only the store includes libpq.
"""
import pathlib
import re
import sys

RULES = {
    'model': ['gtk/', 'adwaita.h', 'libpq-fe.h', 'crm-store', 'crm-context', 'crm-window'],
    'store': ['gtk/', 'adwaita.h', 'crm-context', 'crm-window'],
    'services': ['gtk/', 'adwaita.h', 'libpq-fe.h', 'crm-window'],
    'cli': ['gtk/', 'adwaita.h'],
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def main():
    top = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
    problems = []
    for layer, banned in RULES.items():
        for path in sorted((top / 'src' / layer).glob('*.[ch]')):
            for m in INCLUDE.finditer(path.read_text(encoding='utf-8')):
                header = m.group(1)
                if any(b in header for b in banned):
                    problems.append(f'{path.relative_to(top)}: includes {header}, which {layer}/ must not')
    for p in problems:
        print(p)
    if problems:
        return 1
    print('Layers include only what is below them')
    return 0


if __name__ == '__main__':
    sys.exit(main())
