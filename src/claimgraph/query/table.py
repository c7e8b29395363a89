"""Query results as a terminal table that fits the terminal's width (rich): text cells wrap,
identifiers never break (so they can be copied into `--param claim=`). When the identifiers
alone leave no room for the other columns, each row becomes a block of `column: value` lines."""

from __future__ import annotations

import io
import shutil

from .results import Rows
from .terms import short

MIN_TEXT_WIDTH = 12  # narrower than this, wrapped text reads as a column of fragments
DEFAULT_WIDTH = 80


def terminal_width() -> int:
    """The terminal's width; $COLUMNS, or 80 when the output is not a terminal."""
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def _is_identifier(value: str) -> bool:
    return bool(value) and " " not in value and (":" in value or value.startswith("<"))


def _count_line(rows: Rows) -> str:
    return f"{len(rows.rows)} row{'s' if len(rows.rows) != 1 else ''}"


def render_table(rows: Rows, width: int | None = None) -> str:
    width = width or terminal_width()
    if not rows.variables:
        return "(no columns)\n"
    cells = [[short(row.get(v)) for v in rows.variables] for row in rows.rows]
    identifier_columns = {i for i in range(len(rows.variables))
                          if cells and all(_is_identifier(row[i]) or not row[i] for row in cells)}
    natural = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(rows.variables)]
    needed = sum(natural[i] if i in identifier_columns else min(natural[i], MIN_TEXT_WIDTH)
                 for i in range(len(natural))) + 3 * len(natural) + 1
    if needed > width:
        return _records(rows.variables, cells, width) + _count_line(rows) + "\n"
    from rich import box  # here: a long answer is printed as records, and rich costs a tenth of a second to import
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.ASCII_DOUBLE_HEAD, show_lines=True, header_style="", expand=False)
    for i, name in enumerate(rows.variables):
        if i in identifier_columns:
            table.add_column(name, no_wrap=True, min_width=natural[i], overflow="ignore")
        else:
            table.add_column(name, overflow="fold", min_width=min(natural[i], MIN_TEXT_WIDTH))
    for row in cells:
        table.add_row(*row)
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False, legacy_windows=False,
            emoji=False, markup=False, highlight=False).print(table)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n" + _count_line(rows) + "\n"


def _records(names: list[str], cells: list[list[str]], width: int) -> str:
    """One block per row: each column's name, then its value wrapped beside it."""
    import textwrap

    label = max(len(name) for name in names)
    indent = " " * (label + 2)
    room = max(width - len(indent), 20)
    blocks = []
    for number, row in enumerate(cells, start=1):
        lines = [f"-- row {number} " + "-" * max(0, min(width, 60) - len(f"-- row {number} "))]
        for name, value in zip(names, row):
            if _is_identifier(value) or len(value) <= room and value.isprintable() and value == value.strip():
                lines.append(f"{name.rjust(label)}  {value}")  # as textwrap would give it, without its cost
                continue
            wrapped = textwrap.wrap(value, room, break_long_words=False, break_on_hyphens=False) or [""]
            lines.append(f"{name.rjust(label)}  {wrapped[0]}")
            lines.extend(indent + more for more in wrapped[1:])
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + ("\n" if blocks else "")



