"""The JSON bank file format: reader (line numbers, nesting and number limits) and writer."""

import json
import json.decoder
import json.scanner
import re

from django.utils.translation import gettext as _

from .csv_format import CSV_COLUMNS, _record_row
from .rows import (
    MAX_JSON_DEPTH,
    MAX_JSON_DIGITS,
    BankFile,
    BankFileError,
    CategoryRow,
    _category_name,
    _description,
    _text_check,
    _whole_number,
    bank_file_check,
    prompt_text,
)

# --- JSON -----------------------------------------------------------------------


class _LineDict(dict):
    """A JSON object that remembers the line it started on."""

    line = 0


class _LineDecoder(json.JSONDecoder):
    """json with the pure-Python scanner, so that every object records its first line.

    Objects start in file order, so lines are counted on from the previous object (counting
    from the top of the file for each object was quadratic).
    """

    def __init__(self, **kwargs):
        super().__init__(parse_int=_json_int, **kwargs)
        counted = {"end": 0, "line": 1}

        def parse_object(s_and_end, *args):
            text, end = s_and_end
            counted["line"] += text.count("\n", counted["end"], end)
            counted["end"] = end
            line = counted["line"]
            obj, new_end = json.decoder.JSONObject(s_and_end, *args)
            obj = _LineDict(obj)
            obj.line = line
            return obj, new_end

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)


class _HugeNumber(str):
    """A JSON number of more digits than any field takes (int() of thousands of digits is
    refused by Python, and slow): kept as text, refused by the type check of its field."""


def _json_int(digits: str):
    return int(digits) if len(digits.lstrip("-")) <= MAX_JSON_DIGITS else _HugeNumber(digits)


_JSON_SPECIAL_RE = re.compile(r'[\[\]{}"\\]')


def _json_depth_check(text: str) -> None:
    """Refuse arrays and objects nested deeper than MAX_JSON_DEPTH before parsing (the
    parser recurses once per level: thousands of levels were a RecursionError)."""
    depth, in_string, skip_to = 0, False, -1
    for match in _JSON_SPECIAL_RE.finditer(text):
        position, char = match.start(), match.group()
        if position < skip_to:
            continue
        if in_string:
            if char == "\\":
                skip_to = position + 2
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise BankFileError(
                    _("the JSON is nested more than %(max)d levels deep") % {"max": MAX_JSON_DEPTH},
                    line=text.count("\n", 0, position) + 1,
                )
        elif char in "]}":
            depth -= 1


_TEXT, _NUMBER, _TEXTS = "text", "number", "texts"
_QUESTION_TYPES = {
    "key": _TEXT,
    "category": _TEXT,
    "category_number": _NUMBER,
    "category_description": _TEXT,
    "sort_order": _NUMBER,
    "prompt": _TEXT,
    "prompt_html": _TEXT,
    "difficulty": _TEXT,
    "minutes": _NUMBER,
    "tags": _TEXTS,
    "guide_1": _TEXT,
    "guide_2": _TEXT,
    "guide_3": _TEXT,
    "guide_4": _TEXT,
    "follow_ups": _TEXTS,
    "key_points": _TEXTS,
}
_CATEGORY_TYPES = {"name": _TEXT, "number": _NUMBER, "description": _TEXT}
_KIND_NAMES = {
    _TEXT: _("a text"),
    _NUMBER: _("a whole number"),
    _TEXTS: _("a list of texts (or one text)"),
}


def _json_type_ok(value, kind: str) -> bool:
    if value is None:
        return True  # absent
    if kind == _TEXT:
        return isinstance(value, str) and not isinstance(value, _HugeNumber)
    if kind == _NUMBER:
        return (type(value) is int) or (isinstance(value, str) and type(value) is str)
    return (type(value) is str) or (
        isinstance(value, list) and all(type(item) is str for item in value)
    )


def _json_types_check(item: dict, types: dict, line: int) -> None:
    """A field of the wrong JSON type is an error, not its Python repr stored as text."""
    for name, kind in types.items():
        value = item.get(name)
        if not _json_type_ok(value, kind):
            raise BankFileError(
                _("%(name)s must be %(kind)s, not %(value)s")
                % {"name": name, "kind": _KIND_NAMES[kind], "value": _json_type_name(value)},
                line=line,
            )
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            # Written "\u0000" in the file, so not caught with the NUL bytes of the text.
            raise BankFileError(_("%(name)s holds a NUL character") % {"name": name}, line=line)


def _json_type_name(value) -> str:
    if isinstance(value, _HugeNumber):
        return _("a number of %(n)d digits") % {"n": len(value.lstrip("-"))}
    return {
        bool: _("true/false"),
        int: _("a number"),
        float: _("a decimal number"),
        str: _("a text"),
        list: _("a list"),
    }.get(type(value), _("an object"))


def parse_json(text: str) -> BankFile:
    """``{"categories": [...], "questions": [...]}`` or a bare list of questions."""
    _text_check(text, line_length=False)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise BankFileError(_("the file is empty"), line=1)
    _json_depth_check(text)
    try:
        document = json.loads(text, cls=_LineDecoder)
    except json.JSONDecodeError as error:
        raise BankFileError(
            _("invalid JSON: %(error)s (column %(column)d)")
            % {"error": error.msg, "column": error.colno},
            line=error.lineno,
        ) from None
    if isinstance(document, list):
        document = {"questions": document}
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("questions", []), list)
        or not isinstance(document.get("categories") or [], list)
    ):
        raise BankFileError(_("expected an object with a 'questions' list"), line=1)
    categories: dict[str, CategoryRow] = {}
    for item in document.get("categories", []) or []:
        line = getattr(item, "line", 1)
        if not isinstance(item, dict):
            raise BankFileError(_("a category needs a name"), line=line)
        _json_types_check(item, _CATEGORY_TYPES, line)
        if not str(item.get("name") or "").strip():
            raise BankFileError(_("a category needs a name"), line=line)
        name = _category_name(str(item["name"]).strip(), line)
        number = _whole_number(item.get("number", len(categories) + 1), "number", line)
        description = item.get("description")
        row = CategoryRow(
            name=name,
            number=number,
            description=_description(None if description is None else str(description), line),
            line=line,
        )
        if row.slug in categories:
            raise BankFileError(_("category %(name)r appears twice") % {"name": name}, line=line)
        categories[row.slug] = row
    bank = BankFile()
    positions: dict[str, int] = {}
    known_fields = set(CSV_COLUMNS)
    for item in document.get("questions", []):
        line = getattr(item, "line", 1)
        if not isinstance(item, dict):
            raise BankFileError(_("each question must be an object"), line=line)
        unknown = sorted(set(item) - known_fields)
        if unknown:
            raise BankFileError(
                _("unknown field(s) %(unknown)s") % {"unknown": ", ".join(unknown)[:200]},
                line=line,
            )
        _json_types_check(item, _QUESTION_TYPES, line)
        bank.questions.append(_record_row(item, line, categories, positions))
    bank.categories = list(categories.values())
    return bank_file_check(bank)


def export_json(bank: BankFile) -> str:
    document = {
        "version": 1,
        "categories": [
            {"name": c.name, "number": c.number, "description": c.description}
            for c in bank.categories
        ],
        "questions": [],
    }
    for row in bank.questions:
        text, override = prompt_text(row.prompt)
        item = {"key": row.key, "category": row.category, "prompt": text}
        if override:
            item["prompt_html"] = override
        item.update(
            sort_order=row.sort_order,
            difficulty=row.difficulty,
            minutes=row.expected_minutes,
            tags=list(row.tags),
            guide_1=row.guides[0],
            guide_2=row.guides[1],
            guide_3=row.guides[2],
            guide_4=row.guides[3],
            follow_ups=list(row.follow_ups),
            key_points=list(row.key_points),
        )
        document["questions"].append(item)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
