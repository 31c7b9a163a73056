"""Server-side SVG charts: no JavaScript, no CDN, readable at 390 px.

Each chart is drawn from a ``queries.Table`` (the same rows as its table and
CSV), has a ``<title>`` and ``<desc>``, scales with ``viewBox`` and
``width="100%"``, and never relies on colour alone (values are written on the
bars, series have their own dash pattern and marker). A masked public value
("< 5") is drawn as a dashed outline up to 5, never at its true height.
"""

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .queries import MASKED, SMALL_COUNT

WIDTH = 420
FONT = 12
# Okabe-Ito palette (distinguishable with colour-vision deficiencies), dark enough on white.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#56B4E9", "#000000", "#7F7F7F")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "12 2")
MAP_SHADES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


def is_masked(value):
    return value == MASKED


def as_number(value):
    """The value a chart draws: masked counts at their upper bound, blanks at 0."""
    if is_masked(value):
        return SMALL_COUNT
    if value is None or isinstance(value, str):
        return 0
    return value


def fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def nice_ticks(maximum, count=5):
    """Round tick values from 0 to at least ``maximum``."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if step >= 1:
        step = int(math.ceil(step))
    ticks, value = [], 0
    while value < maximum + step:
        ticks.append(value)
        if value >= maximum:
            break
        value += step
    return ticks


def shorten(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(chart_id, width, height, title, desc, body):
    return mark_safe(  # noqa: S308 -- every text piece below goes through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'class="indicator-chart" style="max-width:{width * 1.8:.0f}px;height:auto" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="#fff"/>{"".join(body)}</svg>'
    )


def _legend(names, top, left=8):
    """Legend items laid out in rows; returns (svg pieces, height used)."""
    body, x, y = [], left, top
    for index, name in enumerate(names):
        label = shorten(name, 22)
        item_width = 30 + 7 * len(label)
        if x + item_width > WIDTH - 4 and x > left:
            x, y = left, y + 18
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        body.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 22}" y2="{y}" stroke="{colour}" '
            f'stroke-width="3" stroke-dasharray="{dash}"/>'
            f'<text x="{x + 27}" y="{y + 4}" fill="#222">{escape(label)}</text>'
        )
        x += item_width
    return body, (y - top + 18) if names else 0


def bar_chart(table, chart_id):
    """Horizontal grouped bars: one group per row, one bar per charted column."""
    series = table.charted
    names = [table.columns[i] for i in series]
    label_width, right = 150, 44
    bar_h, gap = 14, 10
    legend, legend_h = _legend(names, 14) if len(series) > 1 else ([], 0)
    top = 10 + legend_h + 16
    group_h = bar_h * len(series) + gap
    plot_h = max(group_h * len(table.rows), group_h)
    height = top + plot_h + 44
    values = [as_number(row[i]) for row in table.rows for i in series]
    ticks = nice_ticks(max(values, default=0))
    scale = (WIDTH - label_width - right) / ticks[-1]
    body = list(legend)
    body.append(
        f'<text x="{label_width - 6}" y="{top - 6}" text-anchor="end" font-weight="bold" '
        f'fill="#222">{escape(shorten(table.columns[0], 22))}</text>'
    )
    for tick in ticks:
        x = label_width + tick * scale
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#ddd"/>'
            f'<text x="{x:.1f}" y="{top + plot_h + 15}" text-anchor="middle" fill="#444">{tick}</text>'
        )
    axis_label = names[0] if len(series) == 1 else _("Nombre")
    body.append(
        f'<text x="{label_width + (WIDTH - label_width - right) / 2:.1f}" y="{height - 8}" '
        f'text-anchor="middle" fill="#222">{escape(axis_label)}</text>'
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{top + plot_h}" stroke="#444"/>'
    )
    if not table.rows:
        body.append(
            f'<text x="{label_width + 8}" y="{top + 16}" fill="#444">{escape(_("Aucune donnée"))}</text>'
        )
    for r, row in enumerate(table.rows):
        y0 = top + r * group_h + gap / 2
        body.append(
            f'<text x="{label_width - 6}" y="{y0 + group_h / 2 - gap / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#222"><title>{escape(row[0])}</title>{escape(shorten(row[0], 22))}</text>'
        )
        for s, i in enumerate(series):
            value = row[i]
            width = as_number(value) * scale
            y = y0 + s * bar_h
            colour = COLOURS[s % len(COLOURS)]
            if is_masked(value):
                shape = (
                    f'<rect x="{label_width}" y="{y:.1f}" width="{width:.1f}" height="{bar_h - 2}" '
                    f'fill="none" stroke="{colour}" stroke-dasharray="3 2"/>'
                )
            else:
                shape = (
                    f'<rect x="{label_width}" y="{y:.1f}" width="{width:.1f}" height="{bar_h - 2}" '
                    f'fill="{colour}"/>'
                )
            body.append(
                f"<g><title>{escape(row[0])} — {escape(table.columns[i])} : {escape(fmt(value))}</title>"
                f'{shape}<text x="{label_width + width + 4:.1f}" y="{y + bar_h - 4:.1f}" '
                f'font-size="11" fill="#222">{escape(fmt(value))}</text></g>'
            )
    desc = _("Diagramme en barres ; les valeurs sont reprises dans le tableau qui suit.")
    return _svg(chart_id, WIDTH, height, table.title, desc, body)


def line_chart(table, chart_id):
    """One line per charted column, months on the horizontal axis."""
    series = table.charted
    names = [table.columns[i] for i in series]
    left, right = 46, 12
    legend, legend_h = _legend(names, 14)
    top = 10 + legend_h + 8
    plot_h = 170
    height = top + plot_h + 52
    plot_w = WIDTH - left - right
    values = [as_number(row[i]) for row in table.rows for i in series]
    ticks = nice_ticks(max(values, default=0))
    y_scale = plot_h / ticks[-1]
    n = len(table.rows)
    x_step = plot_w / max(n - 1, 1)

    def xy(index, value):
        return left + index * x_step, top + plot_h - as_number(value) * y_scale

    body = list(legend)
    for tick in ticks:
        y = top + plot_h - tick * y_scale
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{tick}</text>'
        )
    every = max(1, math.ceil(n / 6))
    for index, row in enumerate(table.rows):
        if index % every == 0 or index == n - 1:
            x = left + index * x_step
            label = str(row[0])
            short = f"{label[5:7]}/{label[2:4]}" if len(label) == 7 else label
            body.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="#444">'
                f"{escape(short)}</text>"
            )
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="#444"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#444"/>'
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 12}" text-anchor="middle" fill="#222">'
        f"{escape(table.columns[0])}</text>"
        f'<text x="12" y="{top + plot_h / 2:.1f}" text-anchor="middle" fill="#222" '
        f'transform="rotate(-90 12 {top + plot_h / 2:.1f})">{escape(_("Nombre"))}</text>'
    )
    for s, i in enumerate(series):
        colour, dash = COLOURS[s % len(COLOURS)], DASHES[s % len(DASHES)]
        points = " ".join(
            "{:.1f},{:.1f}".format(*xy(index, row[i])) for index, row in enumerate(table.rows)
        )
        if n > 1:
            body.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
                f'stroke-dasharray="{dash}"/>'
            )
        for index, row in enumerate(table.rows):
            x, y = xy(index, row[i])
            fill = "#fff" if is_masked(row[i]) else colour
            body.append(
                f"<g><title>{escape(row[0])} — {escape(table.columns[i])} : {escape(fmt(row[i]))}</title>"
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{fill}" stroke="{colour}"/></g>'
            )
    desc = _("Courbes par mois ; les valeurs sont reprises dans le tableau qui suit.")
    return _svg(chart_id, WIDTH, height, table.title, desc, body)


def map_chart(table, chart_id):
    """Communes as circles placed by latitude/longitude, sized and shaded by their count."""
    height, pad = 320, 36
    placed = [
        (row[0], row[1], table.coords[row[0]]) for row in table.rows if row[0] in table.coords
    ]
    body = []
    if not placed:
        body.append(
            f'<text x="20" y="40" fill="#444">{escape(_("Aucune commune localisée"))}</text>'
        )
        return _svg(chart_id, WIDTH, height, table.title, "", body)
    lats = [lat for _n, _v, (lat, _lng) in placed]
    lngs = [lng for _n, _v, (_lat, lng) in placed]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lngs) - min(lngs)) * shrink, 1e-3)
    span_y = max(max(lats) - min(lats), 1e-3)
    scale = min((WIDTH - 2 * pad - 90) / span_x, (height - 2 * pad - 40) / span_y)
    counts = [as_number(value) for _n, value, _c in placed]
    biggest = max(counts) or 1
    thresholds = [biggest * k / len(MAP_SHADES) for k in range(1, len(MAP_SHADES) + 1)]

    def shade(count):
        return next((MAP_SHADES[k] for k, t in enumerate(thresholds) if count <= t), MAP_SHADES[-1])

    labelled = {name for name, _v, _c in sorted(placed, key=lambda p: -as_number(p[1]))[:12]}
    # Biggest first so small circles stay visible on top.
    for name, value, (lat, lng) in sorted(placed, key=lambda p: -as_number(p[1])):
        count = as_number(value)
        x = pad + (lng - min(lngs)) * shrink * scale
        y = pad + (max(lats) - lat) * scale
        radius = 4 + 18 * math.sqrt(count / biggest)
        stroke = ' stroke-dasharray="3 2"' if is_masked(value) else ""
        label = ""
        if name in labelled:
            label = (
                f'<text x="{x + radius + 3:.1f}" y="{y + 4:.1f}" font-size="11" fill="#222">'
                f"{escape(shorten(name, 18))} ({escape(fmt(value))})</text>"
            )
        body.append(
            f"<g><title>{escape(name)} : {escape(fmt(value))}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{shade(count)}" '
            f'fill-opacity="0.85" stroke="#08306b"{stroke}/>{label}</g>'
        )
    # Legend: the shade scale with its upper bounds.
    y = height - 18
    for k, colour in enumerate(MAP_SHADES):
        x = 8 + k * 58
        body.append(
            f'<rect x="{x}" y="{y - 10}" width="14" height="12" fill="{colour}" stroke="#08306b"/>'
            f'<text x="{x + 18}" y="{y}" font-size="11" fill="#222">≤ {math.ceil(thresholds[k])}</text>'
        )
    desc = _("Carte schématique des communes ; les effectifs sont repris dans le tableau qui suit.")
    return _svg(chart_id, WIDTH, height, table.title, desc, body)


def render(table, chart_id):
    if table.chart == "bar":
        return bar_chart(table, chart_id)
    if table.chart == "line":
        return line_chart(table, chart_id)
    if table.chart == "map":
        return map_chart(table, chart_id)
    return ""
