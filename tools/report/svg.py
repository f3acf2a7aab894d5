# SPDX-License-Identifier: BSD-3-Clause
"""Small SVG charts written with the standard library only: horizontal bar groups and value ranges."""

import math
from xml.sax.saxutils import escape

FONT = 'font-family="sans-serif" font-size="12"'
COLOURS = ['#3b6ea5', '#e08a2c', '#8c8c8c', '#5a9e4b', '#b84a4a']


def _doc(width, height, body, title):
    return ('<!-- SPDX-License-Identifier: BSD-3-Clause -->\n<!-- Written by ./hvkit report (tools/report) -->\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">\n'
            '<title>%s</title>\n<rect width="100%%" height="100%%" fill="white"/>\n%s</svg>\n'
            % (width, height, width, height, escape(title), '\n'.join(body)))


def _text(x, y, s, anchor='start', extra=''):
    return '<text x="%.1f" y="%.1f" text-anchor="%s" %s %s>%s</text>' % (x, y, anchor, FONT, extra, escape(s))


def _legend(series, x, y):
    out = []
    for i, name in enumerate(series):
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (x, y + i * 18, COLOURS[i % 5]))
        out.append(_text(x + 18, y + i * 18 + 11, name))
    return out


def bars(title, groups, series, unit, fmt='{:,.0f}'):
    """Horizontal bars: groups = [(label, [value or None per series])]; one colour per series."""
    label_w, bar_w, bar_h, gap = 150, 420, 16, 14
    rows = len(groups) * (len(series) * bar_h + gap)
    height = 40 + rows + 18 * len(series) + 20
    width = label_w + bar_w + 110
    top = max([v for _, vals in groups for v in vals if v is not None] + [1e-9])
    body = [_text(10, 22, title, extra='font-weight="bold"')]
    y = 40
    for label, vals in groups:
        body.append(_text(label_w - 8, y + len(series) * bar_h / 2 + 4, label, 'end'))
        for i, v in enumerate(vals):
            if v is not None:
                w = bar_w * v / top
                body.append('<rect class="bar" x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                            % (label_w, y, w, bar_h - 2, COLOURS[i % 5]))
                body.append(_text(label_w + w + 4, y + bar_h - 5, fmt.format(v) + (' ' + unit if unit else '')))
            else:
                body.append(_text(label_w + 4, y + bar_h - 5, 'not measured', extra='fill="#888"'))
            y += bar_h
        y += gap
    body += _legend(series, label_w, y)
    return _doc(width, height, body, title)


def ranges(title, rows, unit):
    """Value ranges on a log scale: rows = [(label, {'min','median','p99','max'} with some missing)]."""
    label_w, plot_w, row_h = 190, 460, 28
    height = 70 + row_h * len(rows) + 30
    width = label_w + plot_w + 40
    vals = [v for _, r in rows for v in r.values() if v is not None]
    lo = math.floor(math.log10(max(1, min(vals or [1]))))
    hi = math.ceil(math.log10(max(vals or [10]) + 1))
    hi = max(hi, lo + 1)

    def x(v):
        return label_w + plot_w * (math.log10(max(v, 1)) - lo) / (hi - lo)

    body = [_text(10, 22, title, extra='font-weight="bold"')]
    axis_y = 50 + row_h * len(rows)
    for e in range(lo, hi + 1):
        body.append('<line x1="%.1f" y1="40" x2="%.1f" y2="%d" stroke="#ddd"/>' % (x(10 ** e), x(10 ** e), axis_y))
        body.append(_text(x(10 ** e), axis_y + 14, '{:,}'.format(10 ** e), 'middle'))
    body.append(_text(label_w + plot_w / 2, axis_y + 30, unit + ' (log scale); bar: min to max, dot: median, '
                      'tick: p99', 'middle'))
    for i, (label, r) in enumerate(rows):
        y = 50 + i * row_h + row_h / 2
        body.append(_text(label_w - 8, y + 4, label, 'end'))
        a, b = r.get('min'), r.get('max')
        if a is not None and b is not None:
            body.append('<line class="range" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="6"/>'
                        % (x(a), y, x(b), y, COLOURS[0]))
        if r.get('p99') is not None:
            body.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black" stroke-width="2"/>'
                        % (x(r['p99']), y - 8, x(r['p99']), y + 8))
        if r.get('median') is not None:
            body.append('<circle class="median" cx="%.1f" cy="%.1f" r="5" fill="%s"/>'
                        % (x(r['median']), y, COLOURS[1]))
            body.append(_text(x(max(v for v in r.values() if v is not None)) + 8, y + 4,
                              '{:,}'.format(r['median'])))
    return _doc(width, height, body, title)
