"""Pictures of the graph: the figures chart (Vega-Lite through altair, rendered by vl-convert) and
who said what about a claim or by an actor (Graphviz `dot`). Each returns SVG text that can be
inlined in a page or saved as a file, the same bytes on every run."""

from .figures import chart, figures
from .graph import actor_graph_svg, claim_graph_svg
from .render import figures_png, figures_svg

__all__ = ["actor_graph_svg", "chart", "claim_graph_svg", "figures", "figures_png", "figures_svg"]
