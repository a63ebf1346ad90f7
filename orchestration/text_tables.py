"""Plain-text tables and numbers for the console summaries."""

from __future__ import annotations


def text_table(headers: list[str], rows: list[tuple], aligns: str) -> str:
    """An indented table: one column per header, `aligns` gives l(eft) or r(ight) per column."""
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


def money(value: float | None) -> str:
    """A whole amount with thousands separators ('-' when unknown)."""
    return "-" if value is None else f"{value:,.0f}"


def share(part: int | float | None, whole: int | float | None) -> str:
    """part / whole as a percentage with one decimal ('-' when whole is 0 or unknown)."""
    return f"{(part or 0) / whole:.1%}" if whole else "-"
