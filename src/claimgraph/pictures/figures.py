"""The figures chart: every figure over time, one panel per measure, one colour per source.

The rows are the project's own saved queries, so the chart says what `claimgraph query` says:
`figures` (every figure with its period, bounds and source), `forecasts` (whether later figures
met each forecast) and `competing-figures` (pairs of different figures for about the same time).
Vega-Lite, through altair, describes the chart; vl-convert renders it to SVG or PNG in-process,
with no browser and nothing fetched. Dates are drawn on a UTC scale and the text in one fixed
font, so the bytes are the same on every run whatever the machine's time zone.

A figure stands at the last day of its period ("2024-W42" at 2024-10-20; a forecast "by
December" at 2024-12-31), with a bar across the whole period; a range or vague amount is a
vertical bar between its bounds. Each source's figures are joined by a line (one per place it
speaks of), so one source's 1,500 → 3,000 reads apart from another's 3,000 → about 10,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import ClaimgraphError
from ..query.catalogue import SavedQuery, not_sparql

FONT = "DejaVu Sans"
WIDTH = 640
PANEL_HEIGHT = 220
PADDING_DAYS = 7  # a panel's time axis starts a week before its first figure and ends a week after its last
MEASURES = ("troop strength", "killed", "wounded", "casualties", "captured")  # panel order; others follow
WORDS = {"approximately": "about ", "more than": "more than ", "at least": "at least ", "at most": "at most ",
         "fewer than": "fewer than "}
COMPETING_RING = "#d62728"
FIGURE_CELLS = ("date", "value", "lower", "upper", "qualifier", "source")  # what tells two figures apart
PERIODS = """
PREFIX cg:   <https://w3id.org/claimgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label ?earliest ?latest WHERE {
  ?interval a cg:TimeInterval ; rdfs:label ?label ; cg:latest ?latest .
  OPTIONAL { ?interval cg:earliest ?earliest }
}"""


@dataclass(frozen=True)
class Figure:
    """One figure as one source put it forward, ready to draw."""

    measure: str
    source: str
    modality: str
    period: str  # the period's label, as the saved queries print it
    start: str  # first and last day of the period (ISO dates)
    end: str
    value: float | None
    lower: float | None
    upper: float | None
    qualifier: str
    scope: str
    claim: str
    outcome: str  # a forecast's: met, not met, open; "" for an estimate
    competing: bool  # another source gave a different figure for about the same time

    @property
    def size(self) -> float:
        return next(v for v in (self.value, self.lower, self.upper) if v is not None)

    @property
    def label(self) -> str:
        if self.value is None:
            shown = "–".join(f"{v:,.0f}" for v in (self.lower, self.upper) if v is not None)
        else:
            shown = WORDS.get(self.qualifier, "") + f"{self.value:,.0f}"
        if self.modality == "forecast":
            shown += f" by {self.period}" + (f" ({self.outcome})" if self.outcome else "")
        return shown + (f" in {self.scope}" if self.scope else "")


def figures(store, queries: dict[str, SavedQuery]) -> list[Figure]:
    """Every figure of the graph, by measure, then date, then size, then source."""
    periods = {row["label"]: (row["earliest"] or row["latest"], row["latest"]) for row in _select(store, PERIODS)}
    outcomes = {row["claim"]: row["outcome"] for row in _saved(store, queries, "forecasts") if row["outcome"]}
    competing = set()  # figures as (measure, date, value, lower, upper, qualifier, source)
    for pair in _saved(store, queries, "competing-figures"):
        for cell in (lambda name: name, lambda name: "other" + name.capitalize()):
            competing.add((pair["measure"], *(pair[cell(name)] or "" for name in FIGURE_CELLS)))
    found = set()
    for row in _saved(store, queries, "figures"):
        start, end = periods.get(row["date"], (None, None))
        if end is None:
            raise ClaimgraphError(f"the figure of {row['claim']} has a period {row['date']!r} with no last day")
        key = (row["measure"], *(row[name] or "" for name in FIGURE_CELLS))
        found.add(Figure(row["measure"], row["source"], row["modality"], row["date"], start, end,
                         *(_number(row[k]) for k in ("value", "lower", "upper")), row["qualifier"], row["scope"] or "",
                         row["claim"], outcomes.get(row["claim"], "") if row["modality"] == "forecast" else "",
                         key in competing))
    order = {measure: index for index, measure in enumerate(MEASURES)}
    return sorted(found, key=lambda f: (order.get(f.measure, len(order)), f.measure, f.end, f.size, f.source,
                                        f.label, f.claim))


def chart(found: list[Figure]):
    """The altair chart: one panel per measure, stacked."""
    import altair as alt

    if not found:
        empty = alt.Chart(alt.Data(values=[{"text": "no figures in the graph"}])).mark_text(font=FONT, fontSize=14)
        return empty.encode(text="text:N").properties(width=WIDTH, height=60)
    sources = sorted({f.source for f in found})
    panels, datasets = [], {}
    for number, measure in enumerate(dict.fromkeys(f.measure for f in found)):
        in_panel = [f for f in found if f.measure == measure]
        # each panel's rows once, as a named top-level dataset: altair copies inline rows into every layer
        datasets[f"figures-{number}"] = rows = _placed(in_panel)
        panels.append(_panel(alt, measure, f"figures-{number}", rows, sources, _top(in_panel)))
    return alt.vconcat(*panels, spacing=28, datasets=datasets).properties(
        title=alt.TitleParams("Every figure over time, by source",
                              subtitle=["A bar spans a figure's period or range; a triangle is a forecast; "
                                        "a red ring marks a figure another source contradicts."],
                              anchor="start", font=FONT, subtitleFont=FONT, fontSize=15, subtitleFontSize=11)
    ).configure(font=FONT).configure_view(stroke="#ddd").configure_axis(
        labelFont=FONT, titleFont=FONT, labelFontSize=11, titleFontSize=11, gridColor="#eee"
    ).configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=11, titleFontSize=11, labelLimit=260,
                       symbolOpacity=1, symbolStrokeWidth=2)


def _panel(alt, measure: str, dataset: str, rows: list[dict], sources: list[str], top: float):
    first = min(dt.date.fromisoformat(r["start"]) for r in rows) - dt.timedelta(days=PADDING_DAYS)
    last = max(dt.date.fromisoformat(r["end"]) for r in rows) + dt.timedelta(days=PADDING_DAYS)
    domain = [alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True) for d in (first, last)]
    x = alt.X("end:T", title=None, scale=alt.Scale(type="utc", domain=domain),
              axis=alt.Axis(format="%Y-%m-%d", labelAngle=0, tickCount=6, labelOverlap=True))
    y = alt.Y("size:Q", title=measure, scale=alt.Scale(domain=[0, top], nice=False), axis=alt.Axis(format=",d"))
    colour = alt.Color("source:N", scale=alt.Scale(domain=sources, scheme="tableau10"), title="source")
    base = alt.Chart(alt.Data(name=dataset)).properties(width=WIDTH, height=PANEL_HEIGHT, title=alt.TitleParams(
        measure, anchor="start", font=FONT, fontSize=13))
    # no aria label: Vega would describe the period's start in the machine's time zone
    period = base.mark_rule(strokeWidth=5, opacity=0.35, aria=False).encode(x=x, x2="start:T", y=y, color=colour)
    line = base.mark_line(strokeWidth=1.5, opacity=0.6).encode(x=x, y=y, color=colour, detail=["source:N", "scope:N"],
                                                               order="end:T")
    bounds = base.transform_filter("datum.low != null").mark_rule(strokeWidth=2).encode(
        x=x, y=alt.Y("low:Q"), y2="high:Q", color=colour)
    points = base.mark_point(size=90, filled=True, opacity=1).encode(
        x=x, y=y, color=colour, shape=alt.Shape("modality:N", scale=alt.Scale(
            domain=["reported estimate", "forecast"], range=["circle", "triangle-up"]), title="figure"))
    rings = base.transform_filter("datum.competing").mark_point(size=360, filled=False, strokeWidth=2,
                                                                color=COMPETING_RING).encode(x=x, y=y)
    above = base.transform_filter("datum.label == 'above'").mark_text(align="left", dx=9, dy=-11, fontSize=11,
                                                                      font=FONT).encode(x=x, y=y, text="text:N")
    below = base.transform_filter("datum.label == 'below'").mark_text(align="left", dx=9, dy=14, fontSize=11,
                                                                      font=FONT).encode(x=x, y=y, text="text:N")
    return alt.layer(period, line, bounds, points, rings, above, below)


def _placed(found: list[Figure]) -> list[dict]:
    """Rows for one panel, each figure labelled once (two sources giving the same figure share a
    label), above its point, or below it where that would cover a label already placed, or not at
    all where both would (an estimate of the label's box in the panel's pixels: 6.5 px a
    character, 14 px a line): a crowded panel shows its points, and labels where they can be read."""
    days = [dt.date.fromisoformat(f.end).toordinal() for f in found]
    first = min(dt.date.fromisoformat(f.start).toordinal() for f in found) - PADDING_DAYS
    span = max(days) + PADDING_DAYS - first
    top = _top(found)
    boxes, rows, placed = [], [], set()
    for figure, day in zip(found, days):
        key = (figure.end, figure.size, figure.label)
        if key in placed:
            rows.append(_row(figure, ""))
            continue
        placed.add(key)
        left = (day - first) / span * WIDTH + 9
        middle = PANEL_HEIGHT * (1 - figure.size / top)
        width = 6.5 * len(figure.label)
        choices = {"above": (left, middle - 18, left + width, middle - 4),
                   "below": (left, middle + 7, left + width, middle + 21)}
        where = next((name for name, box in choices.items() if not any(_overlap(box, b) for b in boxes)), "")
        if where:
            boxes.append(choices[where])
        rows.append(_row(figure, where))
    return rows


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _top(found: list[Figure]) -> float:
    """The y scale's top: room above the highest figure for its label."""
    return max(max(f.size, f.upper or 0) for f in found) * 1.15 or 1


def _row(figure: Figure, label: str) -> dict:
    return {"source": figure.source, "scope": figure.scope, "modality": figure.modality, "start": figure.start, "end": figure.end,
            "size": figure.size, "low": figure.lower if figure.value is None else None,
            "high": figure.upper if figure.value is None else None, "text": figure.label,
            "competing": figure.competing, "label": label}


def _saved(store, queries: dict[str, SavedQuery], name: str) -> list[dict[str, str | None]]:
    if name not in queries:
        raise ClaimgraphError(f"the figures chart needs the saved query {name!r}, which is not in queries/")
    try:
        return _select(store, queries[name].text)
    except SyntaxError as exc:
        raise not_sparql(queries[name], "Oxigraph", str(exc), None) from None


def _select(store, text: str) -> list[dict[str, str | None]]:
    solutions = store.query(text)
    names = [v.value for v in solutions.variables]
    return [{name: (None if row[name] is None else row[name].value) for name in names} for row in solutions]


def _number(text: str | None) -> float | None:
    return None if text is None else float(text)
