"""The CSV bank file format: reader and writer, with spreadsheet formula guarding."""

import csv
import io

from django.utils.translation import gettext as _

from .rows import (
    _FOLLOW_UPS,
    _KEY_POINTS,
    DEFAULT_DIFFICULTY,
    DEFAULT_MINUTES,
    BankFile,
    BankFileError,
    CategoryRow,
    QuestionRow,
    _category_name,
    _description,
    _difficulty,
    _guide,
    _items,
    _key,
    _minutes,
    _prompt,
    _split_tags,
    _text_check,
    _whole_number,
    bank_file_check,
    category_slug,
    derived_key,
    prompt_text,
)

# --- CSV ------------------------------------------------------------------------

CSV_COLUMNS = (
    "key",
    "category",
    "category_number",
    "category_description",
    "sort_order",
    "prompt",
    "prompt_html",
    "difficulty",
    "minutes",
    "tags",
    "guide_1",
    "guide_2",
    "guide_3",
    "guide_4",
    "follow_ups",
    "key_points",
)
CSV_REQUIRED = ("category", "prompt")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_guarded(cell: str) -> str:
    """The cell with a leading ' when a spreadsheet would run it as a formula; a cell that
    already starts with ' before such a character gets one more, so that the import
    (csv_unguarded) takes away exactly the one the export added."""
    return "'" + cell if cell.lstrip("'").startswith(_FORMULA_STARTS) else cell


def csv_unguarded(cell: str) -> str:
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


def parse_csv(text: str) -> BankFile:
    """One question per record; follow_ups and key_points hold one item per line of the cell."""
    _text_check(text, line_length=True)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise BankFileError(_("the file is empty"), line=1)
    # strict: a quote left open, or text right after a closing quote, is an error (by default
    # an unterminated quote silently swallowed the rest of the file into one cell).
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        raise BankFileError(_csv_message(error), line=1) from None
    unknown = [name for name in header if name not in CSV_COLUMNS]
    missing = [name for name in CSV_REQUIRED if name not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise BankFileError(
            _("bad CSV header: unknown %(unknown)s, missing %(missing)s; columns are %(all)s")
            % {
                "unknown": ", ".join(unknown) or "-",
                "missing": ", ".join(missing) or "-",
                "all": ", ".join(CSV_COLUMNS),
            },
            line=1,
        )
    bank = BankFile()
    categories: dict[str, CategoryRow] = {}
    positions: dict[str, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise BankFileError(_csv_message(error), line=line) from None
        if any(cell.strip() for cell in record):
            if len(record) != len(header):
                raise BankFileError(
                    _("expected %(n)d cells, found %(found)d")
                    % {"n": len(header), "found": len(record)},
                    line=line,
                )
            values = dict(zip(header, map(csv_unguarded, record), strict=True))
            row = _record_row(values, line, categories, positions)
            bank.questions.append(row)
        line = reader.line_num + 1
    bank.categories = list(categories.values())
    return bank_file_check(bank)


def _csv_message(error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        return _("a quoted cell is never closed (its opening quote has no closing quote)")
    return _("malformed CSV: %(error)s") % {"error": error}


def _record_row(values: dict, line: int, categories: dict, positions: dict) -> QuestionRow:
    """One CSV record or JSON object → QuestionRow (categories collected on the way)."""
    category = _category_name(str(values.get("category") or "").strip(), line)
    if not category:
        raise BankFileError(_("category is required"), line=line)
    text = str(values.get("prompt") or "").strip()
    override = str(values.get("prompt_html") or "").strip()
    if not text and not override:
        raise BankFileError(_("prompt is required"), line=line)
    slug = category_slug(category)
    number_value = values.get("category_number")
    if slug not in categories:
        number = (
            _whole_number(number_value, "category_number", line)
            if str(number_value or "").strip()
            else len(categories) + 1
        )
        description = values.get("category_description")
        categories[slug] = CategoryRow(
            name=category,
            number=number,
            description=_description(
                None if description is None else str(description).strip(), line
            ),
            line=line,
        )
    positions[slug] = positions.get(slug, 0) + 1
    key = str(values.get("key") or "").strip()
    order = values.get("sort_order")
    return QuestionRow(
        key=_key(key, line) if key else derived_key(category=category, text=text),
        category=category,
        prompt=_prompt(markup=override, text=text, line=line),
        difficulty=_difficulty(str(values.get("difficulty") or DEFAULT_DIFFICULTY), line),
        expected_minutes=(
            _minutes(values["minutes"], line)
            if str(values.get("minutes", "")).strip() not in ("", "None")
            else DEFAULT_MINUTES
        ),
        tags=_split_tags(_joined(values.get("tags")), line),
        guides=tuple(
            _guide(str(values.get(f"guide_{n}") or "").strip(), n, line) for n in (1, 2, 3, 4)
        ),
        follow_ups=_items(_FOLLOW_UPS, _lines(values.get("follow_ups")), line),
        key_points=_items(_KEY_POINTS, _lines(values.get("key_points")), line),
        sort_order=(
            _whole_number(order, "sort_order", line)
            if str(order or "").strip()
            else positions[slug]
        ),
        line=line,
    )


def _joined(value) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value or "")


def _lines(value) -> tuple[str, ...]:
    items = value if isinstance(value, list) else str(value or "").splitlines()
    return tuple(str(item).strip() for item in items if str(item).strip())


def export_csv(bank: BankFile) -> str:
    by_slug = {category.slug: category for category in bank.categories}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in bank.questions:
        text, override = prompt_text(row.prompt)
        cells = [
            row.key,
            row.category,
            by_slug[row.category_slug].number,
            by_slug[row.category_slug].description or "",
            row.sort_order,
            text,
            override,
            row.difficulty,
            row.expected_minutes,
            ", ".join(row.tags),
            *row.guides,
            "\n".join(row.follow_ups),
            "\n".join(row.key_points),
        ]
        writer.writerow(csv_guarded(cell) if isinstance(cell, str) else cell for cell in cells)
    return buffer.getvalue()
