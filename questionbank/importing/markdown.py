"""The Markdown bank file format: reader and writer."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .rows import (
    _FOLLOW_UPS,
    _KEY_POINTS,
    DEFAULT_DIFFICULTY,
    DEFAULT_MINUTES,
    GUIDE_MAX_LENGTH,
    PROMPT_MAX_LENGTH,
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
    _shown,
    _split_tags,
    _text_check,
    _whole_number,
    bank_file_check,
    derived_key,
    prompt_text,
)

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
