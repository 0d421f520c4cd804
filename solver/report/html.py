"""The report as one self-contained HTML file (PNG images as data: URIs): rendered with
Jinja2 when it is importable, else with a plain string template (same sections)."""

from __future__ import annotations

import base64
import html
import logging
from string import Template

from solver.report.data import ReportData, Table

log = logging.getLogger("thermocraft")

_STYLE = """body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;
padding:.2em .6em;text-align:right}th{background:#eee}td:first-child{text-align:left}
img{max-width:100%}.note{color:#666;font-size:90%}"""

_JINJA = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ThermoCraft report: {{ title }}</title>
<style>{{ style|safe }}</style></head><body>
<h1>ThermoCraft report: {{ title }}</h1>
{% for t in tables %}<section><h2>{{ t.title }}</h2>
<table><tr>{% for h in t.headers %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in t.rows %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</table>{% if t.note %}<p class="note">{{ t.note }}</p>{% endif %}</section>
{% endfor %}{% for name, uri in images %}<section><h2>{{ name }}</h2>
<img alt="{{ name }}" src="{{ uri }}"></section>
{% endfor %}</body></html>
"""

_PAGE = Template("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ThermoCraft report: $title</title>
<style>$style</style></head><body>
<h1>ThermoCraft report: $title</h1>
$body</body></html>
""")


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _plain_table(t: Table) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in t.headers)
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>\n" for r in t.rows)
    note = f'<p class="note">{e(t.note)}</p>' if t.note else ""
    return (f"<section><h2>{e(t.title)}</h2>\n<table><tr>{head}</tr>\n{rows}</table>"
            f"{note}</section>\n")


def render_plain(d: ReportData, images: dict[str, bytes]) -> str:
    """The HTML from the string template (no Jinja2)."""
    e = html.escape
    body = "".join(_plain_table(t) for t in d.tables)
    body += "".join(f'<section><h2>{e(n)}</h2>\n<img alt="{e(n)}" src="{data_uri(p)}">'
                    f"</section>\n" for n, p in images.items())
    return _PAGE.substitute(title=e(str(d.summary.get("model", ""))), style=_STYLE, body=body)


def render_html(d: ReportData, images: dict[str, bytes]) -> str:
    """The HTML via Jinja2 (autoescaped) when importable, else :func:`render_plain`."""
    try:
        import jinja2
    except ImportError:
        log.info("Jinja2 is not installed (optional): the report uses the plain HTML template")
        return render_plain(d, images)
    env = jinja2.Environment(autoescape=True)
    return env.from_string(_JINJA).render(
        title=str(d.summary.get("model", "")), style=_STYLE,
        tables=d.tables, images=[(n, data_uri(p)) for n, p in images.items()])
