"""Quote values and names for SQL, per engine: the one place Python splices anything into SQL.

Prefer bound parameters (`con.execute(sql, [value])`) wherever the engine takes one. Where it
cannot (DDL, `ATTACH`, `COPY ... TO`, file paths of table functions, identifiers), splice only
what these helpers return:

    literal("it's")                      gives  'it''s'
    identifier('say "hi"')               gives  "say ""hi"" " (without the space)
    identifier("a`b", engine="spark")    gives  `a``b`

File paths given to DuckDB's readers go through `literal_path`, which also refuses glob
characters: DuckDB reads `[`, `*` and `?` in a path as a pattern, which could load another
folder's file.
"""

from __future__ import annotations

from pathlib import Path

ENGINES = ("duckdb", "postgres", "spark")
GLOB_CHARACTERS = ("*", "?", "[", "]", "{", "}")


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")


def literal(value: str, *, engine: str = "duckdb") -> str:
    """A string literal: single quotes doubled; on Spark, which reads `'a' 'b'` as two literals
    joined, backslash and quote are escaped with a backslash instead."""
    _check_engine(engine)
    text = str(value)
    if "\x00" in text:
        raise ValueError("a SQL literal cannot hold a NUL character")
    if engine == "spark":
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "'" + text.replace("'", "''") + "'"


def identifier(name: str, *, engine: str = "duckdb") -> str:
    """A quoted identifier: double quotes (backticks on Spark), the quote character doubled."""
    _check_engine(engine)
    text = str(name)
    if not text or "\x00" in text:
        raise ValueError(f"not a usable SQL identifier: {name!r}")
    quote = "`" if engine == "spark" else '"'
    return quote + text.replace(quote, quote * 2) + quote


def literal_path(path: Path | str) -> str:
    """A file path as a DuckDB string literal, taken literally: a path holding a glob character
    is refused (DuckDB's readers would expand it) rather than silently reading other files."""
    text = Path(path).as_posix()
    found = [c for c in GLOB_CHARACTERS if c in text]
    if found:
        raise ValueError(
            f"the path {text!r} holds {' '.join(found)}, which DuckDB reads as a file pattern: "
            "move or rename the folder to a path without those characters"
        )
    return literal(text)
