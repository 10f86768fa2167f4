"""The bank file model: rows, limits, field checks and prompt helpers (no file format)."""

import hashlib
import html
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

from ..models import Difficulty
from ..richtext import nesting_error

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
