"""The figures chart as SVG or PNG, rendered in-process by vl-convert (no browser, nothing fetched)."""

from __future__ import annotations

import re

from ..errors import ClaimgraphError
from ..query.catalogue import SavedQuery
from .figures import chart, figures

PNG_SCALE = 2  # pixels per SVG unit: sharp on a high-density screen or in a printed ticket


def figures_svg(store, *, queries: dict[str, SavedQuery]) -> str:
    """The chart of every figure over time as SVG text (starts with "<svg")."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(_spec(store, queries), vl_version=_vega_lite_version())
    return svg if svg.endswith("\n") else svg + "\n"


def figures_png(store, *, queries: dict[str, SavedQuery]) -> bytes:
    """The same chart as a PNG image."""
    import vl_convert

    return vl_convert.vegalite_to_png(_spec(store, queries), vl_version=_vega_lite_version(), scale=PNG_SCALE)


def _spec(store, queries) -> dict:
    """The Vega-Lite specification, unvalidated: altair's schema check costs seconds on an archive, and
    the tests check the specification the same code makes."""
    return chart(figures(store, queries)).to_dict(validate=False)


def _vega_lite_version() -> str:
    """The Vega-Lite version altair writes, as vl-convert names it ("6.1" for altair's v6.1.0)."""
    import altair
    import vl_convert

    major_minor = ".".join(re.findall(r"\d+", altair.SCHEMA_VERSION)[:2])
    if major_minor not in vl_convert.get_vegalite_versions():
        raise ClaimgraphError(f"vl-convert cannot render Vega-Lite {major_minor} (altair {altair.__version__}); "
                              "install matching versions: pip install -U altair vl-convert-python")
    return major_minor
