#!/usr/bin/env python3
"""Fail when SQL is built by pasting values into strings.

Every printf-style call in src/ whose format string holds SQL must use its
conversions only for parameter numbers ("$%u"). An identifier taken from a
fixed list may be formatted in if the call is marked with the comment
"sql-identifier" on its line or the line before; values never may.
"""
import pathlib
import re
import sys

SQL = re.compile(r'\b(SELECT|INSERT|UPDATE|DELETE|WITH|WHERE|VALUES|FROM|SET|COPY|CREATE|DROP|ALTER|GRANT|LIKE)\b')
CALL = re.compile(r'\b(g_strdup_printf|g_string_append_printf|g_string_printf|snprintf|sprintf|g_snprintf|asprintf)\s*\(')


def format_string(text, start):
    """The concatenated string literals of the call's first argument."""
    parts = []
    i = start
    while True:
        m = re.compile(r'\s*(?:/\*.*?\*/\s*)*"((?:[^"\\]|\\.)*)"|\s*(G_G(?:U)?INT64_FORMAT)', re.S).match(text, i)
        if not m:
            break
        parts.append(m.group(1) if m.group(1) is not None else '%lld')
        i = m.end()
    return ''.join(parts)


def main():
    top = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
    problems = []
    for path in sorted((top / 'src').rglob('*.c')):
        text = path.read_text(encoding='utf-8')
        lines = text.split('\n')
        for call in CALL.finditer(text):
            args = call.end()
            # the format is the first argument of *printf, the second of g_string_*printf
            if call.group(1).startswith('g_string_') or call.group(1) in ('snprintf', 'g_snprintf', 'sprintf', 'asprintf'):
                comma = text.find(',', args)
                args = comma + 1
            fmt = format_string(text, args)
            if not fmt or not SQL.search(fmt):
                continue
            pasted = [m.group(0) for m in re.finditer(r'(\$?)%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[diouxXscp]', fmt)
                      if not m.group(1)]
            if not pasted:
                continue
            line_no = text.count('\n', 0, call.start())
            context = lines[max(0, line_no - 1)] + lines[line_no]
            if 'sql-identifier' in context:
                continue
            problems.append(f'{path.relative_to(top)}:{line_no + 1}: SQL with pasted {", ".join(pasted)}: "{fmt.strip()[:80]}"')
    for p in problems:
        print(p)
    if problems:
        print(f'{len(problems)} place(s) build SQL by pasting values; use $n parameters', file=sys.stderr)
        return 1
    print('SQL is parameterised everywhere (%d files checked)' % len(list((top / 'src').rglob('*.c'))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
