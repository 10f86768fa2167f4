"""Question bank files: parse Markdown, CSV and JSON into typed rows, and write them back.

Pure functions, no database: parsers return ``BankFile`` (categories and question rows, each
with the line of the file it came from) or raise ``BankFileError("…", line=N)``.
The Markdown format is the one of the default bank, extended so that every field survives an
export → import round trip (see docs/question-import.md).
"""

import csv
import hashlib
import html
import io
import json
import json.decoder
import json.scanner
import re
import unicodedata
from dataclasses import dataclass, field

import nh3
from django.core.validators import slug_re
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Difficulty

DIFFICULTIES = tuple(Difficulty.values)
DEFAULT_DIFFICULTY = Difficulty.MID.value
DEFAULT_MINUTES = 5
MIN_MINUTES, MAX_MINUTES = 1, 120
KEY_MAX_LENGTH = 120
FORMATS = ("md", "csv", "json")


class BankFileError(ValueError):
    """A file that cannot be imported; ``line`` is 1-based (0 when the file as a whole is bad)."""

    def __init__(self, message: str, *, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class CategoryRow:
    name: str
    number: int
    description: str | None = None  # None: leave the stored description as it is
    line: int = 0

    @property
    def slug(self) -> str:
        return category_slug(self.name)


@dataclass(frozen=True)
class QuestionRow:
    key: str
    category: str
    prompt: str  # rich-text HTML, as stored in Question.prompt
    difficulty: str = DEFAULT_DIFFICULTY
    expected_minutes: int = DEFAULT_MINUTES
    tags: tuple[str, ...] = ()
    guides: tuple[str, str, str, str] = ("", "", "", "")
    follow_ups: tuple[str, ...] = ()
    key_points: tuple[str, ...] = ()
    sort_order: int = 0
    line: int = 0

    @property
    def category_slug(self) -> str:
        return category_slug(self.category)


@dataclass
class BankFile:
    categories: list[CategoryRow] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)


# --- Shared rules ---------------------------------------------------------------


def category_slug(name: str) -> str:
    """The slug a category is matched by; names without Latin letters get a hash slug."""
    slug = slugify(name)[:100]
    if not slug:
        slug = "category-" + hashlib.sha1(name.encode()).hexdigest()[:10]
    return slug


def normalised_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def derived_key(*, category: str, text: str) -> str:
    """category slug + slugified text (truncated) + short hash of the normalised text."""
    digest = hashlib.sha1(normalised_text(text).encode()).hexdigest()[:8]
    words = slugify(text)[:60].rstrip("-")
    parts = [category_slug(category)[:40].rstrip("-"), words, digest]
    return "-".join(part for part in parts if part)[:KEY_MAX_LENGTH]


_CODE_RE = re.compile(r"`([^`]+)`")


def prompt_html(text: str) -> str:
    """Markdown-ish prompt text → rich-text HTML: `code` becomes <code>, the rest is escaped."""
    parts = []
    position = 0
    for match in _CODE_RE.finditer(text):
        parts.append(html.escape(text[position : match.start()], quote=False))
        parts.append("<code>" + html.escape(match.group(1), quote=False) + "</code>")
        position = match.end()
    parts.append(html.escape(text[position:], quote=False))
    return "<p>" + "".join(parts) + "</p>"


# What the bank's rich-text editor itself can produce (PROMPT_FEATURES); an import file must not
# smuggle in anything else (scripts, event handlers, styles, images from other hosts).
_PROMPT_TAGS = {"p", "br", "b", "strong", "i", "em", "code", "ol", "ul", "li", "a"}


def prompt_from_html(markup: str) -> str:
    """Rich-text HTML from an import file, reduced to the markup the editor allows."""
    return nh3.clean(
        markup,
        tags=_PROMPT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    ).strip()


_SIMPLE_HTML_RE = re.compile(r"^<p>((?:[^<>`]|<code>[^<>`]+</code>)*)</p>$")


def prompt_text(prompt: str) -> tuple[str, str]:
    """Rich-text HTML → (Markdown text, HTML override). The override is "" when the text alone
    gives back exactly the same HTML; otherwise the text is a readable approximation."""
    match = _SIMPLE_HTML_RE.match(prompt)
    if match:
        text = html.unescape(re.sub(r"</?code>", "`", match.group(1)))
        if text and text.strip() == text and "\n" not in text and prompt_html(text) == prompt:
            return text, ""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", prompt))
    return " ".join(plain.split()) or "…", prompt


def _split_tags(value: str) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for raw in value.split(","):
        tag = raw.strip()
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


def _difficulty(value: str, line: int) -> str:
    value = value.strip().lower()
    if value not in DIFFICULTIES:
        raise BankFileError(
            _("difficulty must be one of %(choices)s, not %(value)r")
            % {"choices": ", ".join(DIFFICULTIES), "value": value},
            line=line,
        )
    return value


def _minutes(value, line: int) -> int:
    try:
        minutes = int(str(value).strip())
    except ValueError:
        raise BankFileError(
            _("minutes must be a whole number, not %(value)r") % {"value": value}, line=line
        ) from None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BankFileError(
            _("minutes must be between %(low)d and %(high)d, not %(value)d")
            % {"low": MIN_MINUTES, "high": MAX_MINUTES, "value": minutes},
            line=line,
        )
    return minutes


def _whole_number(value, name: str, line: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if number < 0:
        raise BankFileError(
            _("%(name)s must be a whole number, not %(value)r") % {"name": name, "value": value},
            line=line,
        )
    return number


def _key(value: str, line: int) -> str:
    if len(value) > KEY_MAX_LENGTH or not slug_re.match(value):
        raise BankFileError(
            _("key %(key)r must be letters, digits, '-' or '_' (at most %(max)d)")
            % {"key": value, "max": KEY_MAX_LENGTH},
            line=line,
        )
    return value


def bank_file_check(bank: BankFile) -> BankFile:
    """Rules that span rows: unique keys, non-empty file, each category (by slug) once."""
    if not bank.questions and not bank.categories:
        raise BankFileError(_("the file holds no category and no question"), line=1)
    first_line: dict[str, int] = {}
    for row in bank.questions:
        if row.key in first_line:
            raise BankFileError(
                _("duplicate key %(key)r (first on line %(first)d)")
                % {"key": row.key, "first": first_line[row.key]},
                line=row.line,
            )
        first_line[row.key] = row.line
    seen_slugs: dict[str, int] = {}
    for category in bank.categories:
        if category.slug in seen_slugs:
            raise BankFileError(
                _("category %(name)r appears twice (first on line %(first)d)")
                % {"name": category.name, "first": seen_slugs[category.slug]},
                line=category.line,
            )
        seen_slugs[category.slug] = category.line
    return bank


# --- Markdown -------------------------------------------------------------------

_HEADING_RE = re.compile(r"^(?:#{1,6}\s+)?(\d+)[.)]\s+(\S.*)$")
_UNNUMBERED_HEADING_RE = re.compile(r"^#{1,6}\s+\S")
_QUESTION_RE = re.compile(r"^[-*]\s+(\S.*?)(?:\s+\{#([^}]*)\})?$")
_META_RE = re.compile(r"^(?: {2,3}|\t)[-*]\s+([A-Za-z][A-Za-z0-9 _-]*?)\s*:(?:\s(.*))?$")
_CONTINUATION_PREFIXES = ("    ", "\t\t")

META_NAMES = (
    "difficulty",
    "minutes",
    "tags",
    "guide 1",
    "guide 2",
    "guide 3",
    "guide 4",
    "follow-up",
    "key point",
    "order",
    "html",
)


@dataclass
class _Draft:
    """A question being read from Markdown, before its metadata is complete."""

    line: int
    text: str
    key: str
    category: str
    position: int
    meta: dict = field(default_factory=dict)
    last_meta: str = ""

    def add(self, name: str, value: str, line: int) -> None:
        value = value.strip()
        if name in ("follow-up", "key point"):
            self.meta.setdefault(name, []).append(value)
        elif name in self.meta:
            raise BankFileError(_("%(name)s given twice") % {"name": name}, line=line)
        elif name == "difficulty":
            self.meta[name] = _difficulty(value, line)
        elif name == "minutes":
            self.meta[name] = _minutes(value, line)
        elif name == "order":
            self.meta[name] = _whole_number(value, name, line)
        else:
            self.meta[name] = value
        self.last_meta = name

    def continue_meta(self, text: str, line: int) -> None:
        if self.last_meta not in ("guide 1", "guide 2", "guide 3", "guide 4", "html"):
            raise BankFileError(
                _("only a guide or html value may continue on an indented line"), line=line
            )
        self.meta[self.last_meta] += "\n" + text

    def row(self) -> QuestionRow:
        meta = self.meta
        return QuestionRow(
            key=self.key or derived_key(category=self.category, text=self.text),
            category=self.category,
            prompt=prompt_from_html(meta.get("html", "")) or prompt_html(self.text),
            difficulty=meta.get("difficulty", DEFAULT_DIFFICULTY),
            expected_minutes=meta.get("minutes", DEFAULT_MINUTES),
            tags=_split_tags(meta.get("tags", "")),
            guides=tuple(meta.get(f"guide {level}", "").strip() for level in (1, 2, 3, 4)),
            follow_ups=tuple(v for v in meta.get("follow-up", []) if v),
            key_points=tuple(v for v in meta.get("key point", []) if v),
            sort_order=meta.get("order", self.position),
            line=self.line,
        )


def parse_markdown(text: str) -> BankFile:
    """The default bank's Markdown: numbered headings, ``- question`` lines, indented metadata."""
    bank = BankFile()
    category: CategoryRow | None = None
    description: list[str] = []
    draft: _Draft | None = None
    position = 0
    blank_lines = 0

    def close_category() -> None:
        if category is not None:
            bank.categories.append(
                CategoryRow(
                    name=category.name,
                    number=category.number,
                    description="\n".join(description).strip() or None,
                    line=category.line,
                )
            )

    def close_question() -> None:
        if draft is not None:
            bank.questions.append(draft.row())

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            blank_lines += 1
            continue
        blanks, blank_lines = blank_lines, 0
        heading = _HEADING_RE.match(line)
        if heading:
            close_question()
            draft = None
            close_category()
            name = heading.group(2).strip().rstrip("#").strip()
            category = CategoryRow(name=name, number=int(heading.group(1)), line=number)
            description, position = [], 0
            continue
        if category is None:
            if _QUESTION_RE.match(line):
                raise BankFileError(_("question line before any category heading"), line=number)
            continue  # free text before the first heading
        if line.startswith(_CONTINUATION_PREFIXES) and draft is not None and draft.last_meta:
            text_line = line[4:] if line.startswith("    ") else line[2:]
            draft.continue_meta("\n" * blanks + text_line, number)
            continue
        meta = _META_RE.match(line)
        if meta:
            if draft is None:
                raise BankFileError(_("metadata line before any question"), line=number)
            name = " ".join(meta.group(1).lower().replace("_", " ").split())
            if name not in META_NAMES:
                raise BankFileError(
                    _("unknown metadata %(name)r (known: %(known)s)")
                    % {"name": meta.group(1), "known": ", ".join(META_NAMES)},
                    line=number,
                )
            draft.add(name, meta.group(2) or "", number)
            continue
        question = _QUESTION_RE.match(line)
        if question:
            close_question()
            key = question.group(2)
            if key is not None:
                _key(key, number)
            position += 1
            draft = _Draft(
                line=number,
                text=question.group(1).strip(),
                key=key or "",
                category=category.name,
                position=position,
            )
            continue
        if line.startswith(">") and draft is None:
            description.append(line[1:].strip())
            continue
        if _UNNUMBERED_HEADING_RE.match(line):
            raise BankFileError(
                _("a category heading needs a number, e.g. '3. Forms'"), line=number
            )
        raise BankFileError(
            _("expected a '- question' line, an indented '  - name: value' line or a heading"),
            line=number,
        )
    close_question()
    close_category()
    return bank_file_check(bank)


def export_markdown(bank: BankFile) -> str:
    """Markdown that ``parse_markdown`` reads back into the same rows."""
    out = ["Question bank exported by Panel (see docs/question-import.md).", ""]
    by_category: dict[str, list[QuestionRow]] = {}
    for row in bank.questions:
        by_category.setdefault(row.category_slug, []).append(row)
    for category in bank.categories:
        out.append("")
        out.append(f"{category.number}. {category.name}")
        out.extend(f"> {line}".rstrip() for line in (category.description or "").splitlines())
        for position, row in enumerate(by_category.get(category.slug, []), start=1):
            text, override = prompt_text(row.prompt)
            out.append(f"- {text} {{#{row.key}}}")
            if row.difficulty != DEFAULT_DIFFICULTY:
                out.append(f"  - difficulty: {row.difficulty}")
            if row.expected_minutes != DEFAULT_MINUTES:
                out.append(f"  - minutes: {row.expected_minutes}")
            if row.tags:
                out.append(f"  - tags: {', '.join(row.tags)}")
            for level, guide in enumerate(row.guides, start=1):
                if guide:
                    out.append(_meta_line(f"guide {level}", guide))
            out.extend(f"  - follow-up: {line}" for line in row.follow_ups)
            out.extend(f"  - key point: {line}" for line in row.key_points)
            if row.sort_order != position:
                out.append(f"  - order: {row.sort_order}")
            if override:
                out.append(_meta_line("html", override))
    return "\n".join(out) + "\n"


def _meta_line(name: str, value: str) -> str:
    first, *rest = value.split("\n")
    return "\n".join([f"  - {name}: {first}", *(f"    {line}" if line else "" for line in rest)])


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


def parse_csv(text: str) -> BankFile:
    """One question per record; follow_ups and key_points hold one item per line of the cell."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise BankFileError(_("the file is empty"), line=1)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        raise BankFileError(str(error), line=1) from None
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
            raise BankFileError(str(error), line=line) from None
        if any(cell.strip() for cell in record):
            if len(record) != len(header):
                raise BankFileError(
                    _("expected %(n)d cells, found %(found)d")
                    % {"n": len(header), "found": len(record)},
                    line=line,
                )
            values = dict(zip(header, record, strict=True))
            row = _record_row(values, line, categories, positions)
            bank.questions.append(row)
        line = reader.line_num + 1
    bank.categories = list(categories.values())
    return bank_file_check(bank)


def _record_row(values: dict, line: int, categories: dict, positions: dict) -> QuestionRow:
    """One CSV record or JSON object → QuestionRow (categories collected on the way)."""
    category = str(values.get("category") or "").strip()
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
            description=None if description is None else str(description).strip(),
            line=line,
        )
    positions[slug] = positions.get(slug, 0) + 1
    key = str(values.get("key") or "").strip()
    order = values.get("sort_order")
    return QuestionRow(
        key=_key(key, line) if key else derived_key(category=category, text=text),
        category=category,
        prompt=prompt_from_html(override) or prompt_html(text),
        difficulty=_difficulty(str(values.get("difficulty") or DEFAULT_DIFFICULTY), line),
        expected_minutes=(
            _minutes(values["minutes"], line)
            if str(values.get("minutes", "")).strip() not in ("", "None")
            else DEFAULT_MINUTES
        ),
        tags=_split_tags(_joined(values.get("tags"))),
        guides=tuple(str(values.get(f"guide_{level}") or "").strip() for level in (1, 2, 3, 4)),
        follow_ups=_lines(values.get("follow_ups")),
        key_points=_lines(values.get("key_points")),
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
        writer.writerow(
            [
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
        )
    return buffer.getvalue()


# --- JSON -----------------------------------------------------------------------


class _LineDict(dict):
    """A JSON object that remembers the line it started on."""

    line = 0


class _LineDecoder(json.JSONDecoder):
    """json with the pure-Python scanner, so that every object records its first line."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

        def parse_object(s_and_end, *args):
            text, end = s_and_end
            obj, new_end = json.decoder.JSONObject(s_and_end, *args)
            obj = _LineDict(obj)
            obj.line = text.count("\n", 0, end) + 1
            return obj, new_end

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)


def parse_json(text: str) -> BankFile:
    """``{"categories": [...], "questions": [...]}`` or a bare list of questions."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise BankFileError(_("the file is empty"), line=1)
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
    if not isinstance(document, dict) or not isinstance(document.get("questions", []), list):
        raise BankFileError(_("expected an object with a 'questions' list"), line=1)
    categories: dict[str, CategoryRow] = {}
    for item in document.get("categories", []) or []:
        line = getattr(item, "line", 1)
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            raise BankFileError(_("a category needs a name"), line=line)
        name = str(item["name"]).strip()
        number = _whole_number(item.get("number", len(categories) + 1), "number", line)
        description = item.get("description")
        row = CategoryRow(
            name=name,
            number=number,
            description=None if description is None else str(description),
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
                _("unknown field(s) %(unknown)s") % {"unknown": ", ".join(unknown)}, line=line
            )
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


PARSERS = {"md": parse_markdown, "csv": parse_csv, "json": parse_json}
WRITERS = {"md": export_markdown, "csv": export_csv, "json": export_json}


def format_for_path(path: str) -> str | None:
    """md, csv or json from a file name's extension (None when unknown)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"md": "md", "markdown": "md", "txt": "md", "csv": "csv", "json": "json"}.get(suffix)


def parse(text: str, *, fmt: str) -> BankFile:
    return PARSERS[fmt](text)
