"""Question bank files: parse Markdown, CSV and JSON into typed rows, and write them back.

Pure functions, no database: parsers return ``BankFile`` (categories and question rows, each
with the line of the file it came from) or raise ``BankFileError("…", line=N)``.
The Markdown format is the one of the default bank, extended so that every field survives an
export → import round trip (see docs/question-import.md).

A file is not trusted: it is read in time linear in its size, within the limits below (each
broken one is a ``BankFileError`` naming the line), so that a hostile or broken file costs
bounded time and memory and never reaches the database half-checked.
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
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.validators import validate_single_line

from .models import Difficulty
from .richtext import nesting_error

DIFFICULTIES = tuple(Difficulty.values)
DEFAULT_DIFFICULTY = Difficulty.MID.value
DEFAULT_MINUTES = 5
MIN_MINUTES, MAX_MINUTES = 1, 120
KEY_MAX_LENGTH = 120
FORMATS = ("md", "csv", "json")

# --- Limits (docs/question-import.md) ---
MAX_FILE_BYTES = 10 * 1024 * 1024  # the 10,000-question benchmark bank is 5.5 MB
MAX_LINE_LENGTH = 50_000  # characters per line of Markdown or CSV (JSON may be one line)
MAX_JSON_DEPTH = 16  # arrays and objects inside one another; Panel's own files use 4
MAX_JSON_DIGITS = 20  # digits of one JSON number
CATEGORY_NAME_MAX_LENGTH = 120  # Category.name
DESCRIPTION_MAX_LENGTH = 5_000
TAG_MAX_LENGTH = 100  # taggit's Tag.name
MAX_TAGS = 20
PROMPT_MAX_LENGTH = 20_000  # the stored rich-text HTML
GUIDE_MAX_LENGTH = 5_000
ITEM_MAX_LENGTH = 1_000  # one follow-up question or key point
MAX_ITEMS = 50  # follow-up questions, and key points, per question
MAX_NUMBER = 2_147_483_647  # category numbers and orders are PositiveIntegerFields


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


def _prompt(*, markup: str, text: str, line: int) -> str:
    """The stored prompt: the sanitised HTML override if any, else the text; never a
    nesting bomb (see questionbank.richtext)."""
    _too_long(_PROMPT, markup or text, PROMPT_MAX_LENGTH, line)
    prompt = prompt_from_html(markup) or prompt_html(text)
    _too_long(_PROMPT, prompt, PROMPT_MAX_LENGTH, line)
    problem = nesting_error(prompt)
    if problem:
        raise BankFileError(problem, line=line)
    return prompt


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


def _shown(value) -> str:
    """A value quoted in a message, cut short (a message never repeats a 10 MB value)."""
    text = str(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")


# What the limits are about, named in messages (lazy: translated only for an error, not for
# every row of a large file).
_PROMPT = gettext_lazy("the prompt")
_CATEGORY_NAME = gettext_lazy("the category name")
_CATEGORY_DESCRIPTION = gettext_lazy("the category description")
_FOLLOW_UPS = gettext_lazy("follow-ups")
_KEY_POINTS = gettext_lazy("key points")
_TAG = gettext_lazy("the tag")


def _too_long(what, value: str, limit: int, line: int) -> None:
    if len(value) > limit:
        raise BankFileError(
            _("%(what)s is %(length)d characters long; at most %(limit)d are allowed")
            % {"what": what, "length": len(value), "limit": limit},
            line=line,
        )


def _one_line(what, value: str, line: int) -> str:
    """A name that ends up in headers and file names: one line, no control character."""
    try:
        validate_single_line(value)
    except ValidationError:
        raise BankFileError(
            _("%(what)s %(value)s must be one line, without line breaks or control characters")
            % {"what": what, "value": _shown(value)},
            line=line,
        ) from None
    return value


def _category_name(value: str, line: int) -> str:
    _too_long(_CATEGORY_NAME, value, CATEGORY_NAME_MAX_LENGTH, line)
    return _one_line(_CATEGORY_NAME, value, line)


def _split_tags(value: str, line: int) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for raw in value.split(","):
        tag = raw.strip()
        if tag and tag.casefold() not in seen:
            if len(tag) > TAG_MAX_LENGTH:
                _too_long(_("the tag %(tag)s") % {"tag": _shown(tag)}, tag, TAG_MAX_LENGTH, line)
            seen[tag.casefold()] = _one_line(_TAG, tag, line)
    if len(seen) > MAX_TAGS:
        raise BankFileError(
            _("%(n)d tags; at most %(max)d are allowed") % {"n": len(seen), "max": MAX_TAGS},
            line=line,
        )
    return tuple(seen.values())


def _items(what, values: tuple[str, ...], line: int) -> tuple[str, ...]:
    """Follow-up questions or key points: a bounded number of bounded lines."""
    if len(values) > MAX_ITEMS:
        raise BankFileError(
            _("%(n)d %(what)s; at most %(max)d are allowed")
            % {"n": len(values), "what": what, "max": MAX_ITEMS},
            line=line,
        )
    for value in values:
        if len(value) > ITEM_MAX_LENGTH:
            _too_long(_("one of the %(what)s") % {"what": what}, value, ITEM_MAX_LENGTH, line)
    return values


def _guide(value: str, level: int, line: int) -> str:
    if len(value) > GUIDE_MAX_LENGTH:
        _too_long(_("guide %(n)d") % {"n": level}, value, GUIDE_MAX_LENGTH, line)
    return value


def _description(value: str | None, line: int) -> str | None:
    if value is not None:
        _too_long(_CATEGORY_DESCRIPTION, value, DESCRIPTION_MAX_LENGTH, line)
    return value


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
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise BankFileError(
            _("minutes must be a whole number, not %(value)s") % {"value": _shown(value)},
            line=line,
        )
    minutes = int(text)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BankFileError(
            _("minutes must be between %(low)d and %(high)d, not %(value)d")
            % {"low": MIN_MINUTES, "high": MAX_MINUTES, "value": minutes},
            line=line,
        )
    return minutes


def _whole_number(value, name: str, line: int) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_NUMBER)):
        number = -1
    else:
        number = int(text)
    if not 0 <= number <= MAX_NUMBER:
        raise BankFileError(
            _("%(name)s must be a whole number from 0 to %(max)d, not %(value)s")
            % {"name": name, "max": MAX_NUMBER, "value": _shown(value)},
            line=line,
        )
    return number


def _key(value: str, line: int) -> str:
    if len(value) > KEY_MAX_LENGTH or not slug_re.match(value):
        raise BankFileError(
            _("key %(key)s must be letters, digits, '-' or '_' (at most %(max)d)")
            % {"key": _shown(value), "max": KEY_MAX_LENGTH},
            line=line,
        )
    return value


def _text_check(text: str, *, line_length: bool) -> None:
    """The whole file: bounded size, no NUL (PostgreSQL refuses it), bounded lines."""
    if len(text) > MAX_FILE_BYTES:
        raise BankFileError(
            _("the file is larger than %(max)d MiB") % {"max": MAX_FILE_BYTES // 2**20}, line=0
        )
    nul = text.find("\x00")
    if nul != -1:
        raise BankFileError(_("the file holds a NUL byte"), line=text.count("\n", 0, nul) + 1)
    if line_length:
        start, number = 0, 1
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            if end - start > MAX_LINE_LENGTH:
                raise BankFileError(
                    _("the line is longer than %(max)d characters") % {"max": MAX_LINE_LENGTH},
                    line=number,
                )
            start, number = end + 1, number + 1


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
# The name takes trailing spaces (stripped after): a name of "a-z, digits, spaces" followed
# by optional spaces before ":" backtracked quadratically over a long run of spaces.
_META_RE = re.compile(r"^(?: {2,3}|\t)[-*]\s+([A-Za-z][A-Za-z0-9 _-]*)(?:\t[ \t]*)?:(?:\s(.*))?$")
_CONTINUATION_PREFIXES = ("    ", "\t\t")
_CONTINUED = ("guide 1", "guide 2", "guide 3", "guide 4", "html")


def question_line(line: str) -> tuple[str, str | None] | None:
    """``- text {#key}`` → (text, key or None); None when the line is no question.

    Read by hand in one pass: the regular expression it replaces backtracked over every
    ``{#`` of the line, quadratic time (30 s for a 64 KB line).
    """
    if len(line) < 2 or line[0] not in "-*" or not line[1].isspace():
        return None
    body = line[1:].strip()
    if not body:
        return None
    if body.endswith("}"):
        # The key holds no "}": it starts after the last "}" before the closing one, at the
        # first "{#" there that follows whitespace.
        start = body.find("{#", body.rfind("}", 0, len(body) - 1) + 1)
        while start != -1:
            if body[start - 1].isspace():
                return body[:start].rstrip(), body[start + 2 : -1]
            start = body.find("{#", start + 1)
    return body, None


def meta_line(line: str) -> tuple[str, str] | None:
    """``  - name: value`` (two or three spaces, or a tab) → (name, value); None otherwise."""
    match = _META_RE.match(line)
    if match is None:
        return None
    return match.group(1).rstrip(), match.group(2) or ""


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
    # A guide or html value read over several lines: its parts, joined once at the end
    # (appending to one string copied it whole for every line), and their total length.
    parts: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)  # where each metadata value starts

    def add(self, name: str, value: str, line: int) -> None:
        value = value.strip()
        self.lines.setdefault(name, line)
        if name in ("follow-up", "key point"):
            self.meta.setdefault(name, []).append(value)
        elif name in self.meta or name in self.parts:
            raise BankFileError(_("%(name)s given twice") % {"name": name}, line=line)
        elif name == "difficulty":
            self.meta[name] = _difficulty(value, line)
        elif name == "minutes":
            self.meta[name] = _minutes(value, line)
        elif name == "order":
            self.meta[name] = _whole_number(value, name, line)
        elif name == "tags":
            self.meta[name] = _split_tags(value, line)
        elif name in _CONTINUED:
            self.parts[name], self.sizes[name] = [value], len(value)
        else:
            self.meta[name] = value
        self.last_meta = name

    def continue_meta(self, text: str, line: int) -> None:
        if self.last_meta not in _CONTINUED:
            raise BankFileError(
                _("only a guide or html value may continue on an indented line"), line=line
            )
        name = self.last_meta
        self.parts[name].append(text)
        self.sizes[name] += 1 + len(text)
        limit = PROMPT_MAX_LENGTH if name == "html" else GUIDE_MAX_LENGTH
        if self.sizes[name] > limit:
            raise BankFileError(
                _("%(name)s is longer than %(max)d characters") % {"name": name, "max": limit},
                line=line,
            )

    def _joined(self, name: str) -> str:
        return "\n".join(self.parts.get(name, ()))

    def row(self) -> QuestionRow:
        meta = self.meta
        return QuestionRow(
            key=self.key or derived_key(category=self.category, text=self.text),
            category=self.category,
            prompt=_prompt(
                markup=self._joined("html"), text=self.text, line=self.lines.get("html", self.line)
            ),
            difficulty=meta.get("difficulty", DEFAULT_DIFFICULTY),
            expected_minutes=meta.get("minutes", DEFAULT_MINUTES),
            tags=meta.get("tags", ()),
            guides=tuple(
                _guide(
                    self._joined(f"guide {n}").strip(), n, self.lines.get(f"guide {n}", self.line)
                )
                for n in (1, 2, 3, 4)
            ),
            follow_ups=_items(
                _FOLLOW_UPS, tuple(v for v in meta.get("follow-up", []) if v), self.line
            ),
            key_points=_items(
                _KEY_POINTS, tuple(v for v in meta.get("key point", []) if v), self.line
            ),
            sort_order=meta.get("order", self.position),
            line=self.line,
        )


def parse_markdown(text: str) -> BankFile:
    """The default bank's Markdown: numbered headings, ``- question`` lines, indented metadata."""
    _text_check(text, line_length=True)
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
                    description=_description("\n".join(description).strip() or None, category.line),
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
            name = _category_name(heading.group(2).strip().rstrip("#").strip(), number)
            category = CategoryRow(
                name=name, number=_whole_number(heading.group(1), "number", number), line=number
            )
            description, position = [], 0
            continue
        if category is None:
            if question_line(line):
                raise BankFileError(_("question line before any category heading"), line=number)
            continue  # free text before the first heading
        if line.startswith(_CONTINUATION_PREFIXES) and draft is not None and draft.last_meta:
            text_line = line[4:] if line.startswith("    ") else line[2:]
            draft.continue_meta("\n" * blanks + text_line, number)
            continue
        meta = meta_line(line)
        if meta:
            if draft is None:
                raise BankFileError(_("metadata line before any question"), line=number)
            raw_name, value = meta
            name = " ".join(raw_name.lower().replace("_", " ").split())
            if name not in META_NAMES:
                raise BankFileError(
                    _("unknown metadata %(name)s (known: %(known)s)")
                    % {"name": _shown(raw_name), "known": ", ".join(META_NAMES)},
                    line=number,
                )
            draft.add(name, value, number)
            continue
        question = question_line(line)
        if question:
            close_question()
            question_text, key = question
            if key is not None:
                _key(key, number)
            position += 1
            draft = _Draft(
                line=number,
                text=question_text,
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


PARSERS = {"md": parse_markdown, "csv": parse_csv, "json": parse_json}
WRITERS = {"md": export_markdown, "csv": export_csv, "json": export_json}


def format_for_path(path: str) -> str | None:
    """md, csv or json from a file name's extension (None when unknown)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"md": "md", "markdown": "md", "txt": "md", "csv": "csv", "json": "json"}.get(suffix)


def parse(text: str, *, fmt: str) -> BankFile:
    return PARSERS[fmt](text)
