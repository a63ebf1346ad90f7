"""Plain-text tables for the console: the summary and the profile print with this."""

from __future__ import annotations


def text_table(headers: list[str], rows: list[tuple], aligns: str) -> str:
    """Columns padded to their widest cell, indented two spaces; `aligns` is one letter per
    column, `r` for right-aligned (numbers) and anything else for left. None prints empty."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def fmt(values: list[str]) -> str:
        out = []
        for value, width, align in zip(values, widths, aligns, strict=True):
            out.append(value.rjust(width) if align == "r" else value.ljust(width))
        return "  ".join(out).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in cells]
    return "\n".join("  " + line for line in lines)
