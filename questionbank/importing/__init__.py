"""Question bank files: parse Markdown, CSV and JSON into typed rows, and write them back.

Pure functions, no database: parsers return ``BankFile`` (categories and question rows, each
with the line of the file it came from) or raise ``BankFileError("…", line=N)``.
The Markdown format is the one of the default bank, extended so that every field survives an
export → import round trip (see docs/question-import.md).

A file is not trusted: it is read in time linear in its size, within the limits of rows.py (each
broken one is a ``BankFileError`` naming the line), so that a hostile or broken file costs
bounded time and memory and never reaches the database half-checked.
"""

from .csv_format import CSV_COLUMNS, CSV_REQUIRED, csv_guarded, csv_unguarded, export_csv, parse_csv
from .json_format import export_json, parse_json
from .markdown import META_NAMES, export_markdown, meta_line, parse_markdown, question_line
from .rows import (
    CATEGORY_NAME_MAX_LENGTH,
    DEFAULT_DIFFICULTY,
    DEFAULT_MINUTES,
    DESCRIPTION_MAX_LENGTH,
    DIFFICULTIES,
    FORMATS,
    GUIDE_MAX_LENGTH,
    ITEM_MAX_LENGTH,
    KEY_MAX_LENGTH,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_JSON_DEPTH,
    MAX_JSON_DIGITS,
    MAX_LINE_LENGTH,
    MAX_NUMBER,
    MAX_TAGS,
    PROMPT_MAX_LENGTH,
    TAG_MAX_LENGTH,
    BankFile,
    BankFileError,
    CategoryRow,
    QuestionRow,
    bank_file_check,
    category_slug,
    derived_key,
    normalised_text,
    prompt_from_html,
    prompt_html,
    prompt_text,
)

__all__ = [
    "BankFile",
    "BankFileError",
    "CATEGORY_NAME_MAX_LENGTH",
    "CategoryRow",
    "DEFAULT_DIFFICULTY",
    "DEFAULT_MINUTES",
    "DESCRIPTION_MAX_LENGTH",
    "DIFFICULTIES",
    "FORMATS",
    "GUIDE_MAX_LENGTH",
    "ITEM_MAX_LENGTH",
    "KEY_MAX_LENGTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_JSON_DEPTH",
    "MAX_JSON_DIGITS",
    "MAX_LINE_LENGTH",
    "MAX_NUMBER",
    "MAX_TAGS",
    "PROMPT_MAX_LENGTH",
    "QuestionRow",
    "TAG_MAX_LENGTH",
    "bank_file_check",
    "category_slug",
    "derived_key",
    "normalised_text",
    "prompt_from_html",
    "prompt_html",
    "prompt_text",
    "META_NAMES",
    "export_markdown",
    "meta_line",
    "parse_markdown",
    "question_line",
    "CSV_COLUMNS",
    "CSV_REQUIRED",
    "csv_guarded",
    "csv_unguarded",
    "export_csv",
    "parse_csv",
    "export_json",
    "parse_json",
    "PARSERS",
    "WRITERS",
    "format_for_path",
    "parse",
]

PARSERS = {"md": parse_markdown, "csv": parse_csv, "json": parse_json}
WRITERS = {"md": export_markdown, "csv": export_csv, "json": export_json}


def format_for_path(path: str) -> str | None:
    """md, csv or json from a file name's extension (None when unknown)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"md": "md", "markdown": "md", "txt": "md", "csv": "csv", "json": "json"}.get(suffix)


def parse(text: str, *, fmt: str) -> BankFile:
    return PARSERS[fmt](text)
