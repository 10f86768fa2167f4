"""Near-duplicate questions: prompts that say nearly the same thing, found on save, on import
and across the whole bank (the admin report).

Method (chosen by measurement, see bench/near_duplicates.py and the README):

* A prompt is normalised: tags stripped, entities unescaped, NFKC, case folded, Markdown marks,
  punctuation and whitespace reduced to single spaces, and its words sorted. Two prompts are
  compared with rapidfuzz's ``fuzz.ratio`` on that form, which is ``token_sort_ratio``: a copy
  with other punctuation, case or word order scores 100.
* ``token_set_ratio`` was rejected: it scores 100 whenever one prompt's words are a subset of
  the other's ("What is Django, and why is it used?" against "What is Django REST Framework
  (DRF), and why is it used?" in the default bank). PostgreSQL trigrams were rejected because
  ``make run`` serves SQLite.
* ``THRESHOLD`` = 85: the default bank's 40 distinct questions score at most 79.7 against each
  other (the "custom middleware" / "custom user authentication" pairs 74.7, "What is
  middleware" / "How do you create custom middleware" 57.5), a reworded copy ("What's" for
  "What is") scores above 90.
* On save and on a small import every published or draft row is compared in C
  (``process.extract`` with ``score_cutoff``) against normalised prompts kept in memory and
  refreshed incrementally: one query of (id, updated_at) per check, and only new or changed
  rows are normalised again. 10,000 questions: about 10 ms per check.
* The bank-wide pair list does not compare every pair (50 million at 10,000 questions, ~18 s of
  C): each question is compared only with the questions sharing one of its ``RARE_TOKENS``
  rarest words (blocking). A copy that changes all of both prompts' rarest words is missed;
  any other near-duplicate is found.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max
from rapidfuzz import fuzz, process

from .models import Question

THRESHOLD = 85
RARE_TOKENS = 2
# An import adding more questions than this looks them up in the bank-wide pair list (one pass)
# instead of comparing each one with the whole bank.
EXHAUSTIVE_LIMIT = 200

_TAG_RE = re.compile(r"<[^>]+>")
_NON_WORD_RE = re.compile(r"[\W_]+")
_ASCII_NON_WORD_TO_SPACE = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def prompt_normalised(prompt: str) -> str:
    """Rich-text HTML or Markdown text → sorted lower-case words, without punctuation."""
    text = html.unescape(_TAG_RE.sub(" ", prompt))
    if text.isascii():
        # The same words as below, several times faster: a cold start normalises the whole bank.
        words = text.lower().encode().translate(_ASCII_NON_WORD_TO_SPACE).decode().split()
    else:
        words = _NON_WORD_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()
    return " ".join(sorted(words))


@dataclass(frozen=True)
class Match:
    """A bank question (its id) whose prompt scores ``score`` (0-100) against the one checked."""

    question_id: int
    score: float


@dataclass(frozen=True)
class Pair:
    """Two prompts (ids as in ``Match``) that score ``score`` against each other."""

    first_id: int
    second_id: int
    score: float


class _NormalisedPrompts:
    """Normalised prompts of the bank, in memory, and the bank-wide pair list, both refreshed
    when the bank's (row count, latest ``updated_at``) changes: a save or an import bumps
    ``updated_at``, a deletion lowers the count. Only changed rows are normalised again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._texts: dict[int, str] = {}
        self._signature: tuple | None = None
        self.ids: list[int] = []
        self.texts: list[str] = []
        self._pairs: list[Pair] | None = None

    def refresh(self) -> _NormalisedPrompts:
        state = Question.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
        signature = (state["count"], state["latest"])
        with self._lock:
            if signature != self._signature:
                self._refresh(signature)
        return self

    def _refresh(self, signature: tuple) -> None:
        changed = Question.objects.all()
        if self._signature is not None and self._signature[1] is not None:
            changed = changed.filter(updated_at__gte=self._signature[1])
        for pk, prompt in changed.values_list("pk", "prompt").iterator(chunk_size=2000):
            self._texts[pk] = prompt_normalised(prompt)
        if len(self._texts) != signature[0]:
            alive = set(Question.objects.values_list("pk", flat=True))
            for pk in set(self._texts) - alive:
                del self._texts[pk]
        self._signature = signature
        self.ids = list(self._texts)
        self.texts = [self._texts[pk] for pk in self.ids]
        self._pairs = None

    def pairs(self) -> list[Pair]:
        with self._lock:
            if self._pairs is None:
                self._pairs = _pairs(dict(zip(self.ids, self.texts, strict=True)))
            return self._pairs

    def clear(self) -> None:
        with self._lock:
            self._texts.clear()
            self._signature = None
            self._pairs = None


_prompts = _NormalisedPrompts()


def near_duplicates(*, prompt: str, exclude_id: int | None = None, limit: int = 10) -> list[Match]:
    """Questions of the bank whose prompt nearly equals ``prompt``, closest first."""
    query = prompt_normalised(prompt)
    if not query:
        return []
    bank = _prompts.refresh()
    found = process.extract(
        query, bank.texts, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=limit + 1
    )
    matches = [
        Match(question_id=bank.ids[index], score=round(score, 1)) for _t, score, index in found
    ]
    return [match for match in matches if match.question_id != exclude_id][:limit]


def near_duplicate_pairs(*, extra: dict | None = None) -> list[Pair]:
    """Every near-duplicate pair of the bank, closest first; kept in memory until the bank
    changes. ``extra`` adds prompts that are not in the bank yet (any hashable id → prompt),
    e.g. the rows of an import run with --dry-run (never kept)."""
    bank = _prompts.refresh()
    if not extra:
        return bank.pairs()
    prompts: dict = dict(zip(bank.ids, bank.texts, strict=True))
    prompts.update({ident: prompt_normalised(prompt) for ident, prompt in extra.items()})
    return _pairs(prompts)


def _pairs(prompts: dict) -> list[Pair]:
    """Blocking: each prompt is compared with the prompts sharing one of its RARE_TOKENS
    rarest words, one C call per (prompt, rare word)."""
    ids = list(prompts)
    texts = [prompts[ident] for ident in ids]
    words = [set(text.split()) for text in texts]
    frequency = Counter(word for bag in words for word in bag)
    postings: dict[str, list[int]] = defaultdict(list)
    for index, bag in enumerate(words):
        for word in bag:
            postings[word].append(index)
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, bag in enumerate(words):
        for word in sorted(bag, key=lambda word: (frequency[word], word))[:RARE_TOKENS]:
            blocks[word].append(index)
    scores: dict[tuple[int, int], float] = {}
    for word, queries in blocks.items():
        members = postings[word]
        choices = [texts[member] for member in members]
        for index in queries:
            for _text, score, position in process.extract(
                texts[index], choices, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=None
            ):
                other = members[position]
                if other != index:
                    scores[(min(index, other), max(index, other))] = score
    pairs = [Pair(ids[a], ids[b], round(score, 1)) for (a, b), score in scores.items()]
    return sorted(pairs, key=lambda pair: (-pair.score, str(pair.first_id), str(pair.second_id)))


def near_duplicates_of_many(*, prompts: dict) -> dict:
    """Near-duplicates of several prompts at once (id → prompt; a bank question's id, or any
    other hashable for a prompt not saved yet): a large batch is answered from the bank-wide
    pair list in one pass instead of comparing each prompt with the whole bank."""
    if len(prompts) <= EXHAUSTIVE_LIMIT:
        return {
            ident: found
            for ident, prompt in prompts.items()
            if (found := near_duplicates(prompt=prompt, exclude_id=ident))
        }
    wanted: dict = defaultdict(list)
    for pair in near_duplicate_pairs(extra=prompts):
        if pair.first_id in prompts:
            wanted[pair.first_id].append(Match(pair.second_id, pair.score))
        if pair.second_id in prompts:
            wanted[pair.second_id].append(Match(pair.first_id, pair.score))
    return dict(wanted)


@dataclass(frozen=True)
class ImportedNearDuplicate:
    """A question an import adds (its file line and key) and a question it nearly repeats."""

    line: int
    key: str
    other_key: str
    other_text: str
    score: float


def import_near_duplicates(*, rows, created_keys: set[str], dry_run: bool) -> list:
    """For each question an import adds: the questions whose prompt it nearly repeats (in the
    bank, or, in a dry run of a large file, added by the same file), in file order."""
    added = [row for row in rows if row.key in created_keys]
    if not added:
        return []
    if dry_run:
        by_ident = {("new", row.key): row for row in added}
    else:
        ids = dict(Question.objects.filter(key__in=created_keys).values_list("key", "pk"))
        by_ident = {ids[row.key]: row for row in added if row.key in ids}
    found = near_duplicates_of_many(prompts={i: row.prompt for i, row in by_ident.items()})
    bank_ids = {m.question_id for matches in found.values() for m in matches}
    others = {
        pk: (key, prompt)
        for pk, key, prompt in Question.objects.filter(
            pk__in=[i for i in bank_ids if isinstance(i, int)]
        ).values_list("pk", "key", "prompt")
    }
    for ident, row in by_ident.items():
        others.setdefault(ident, (row.key, row.prompt))
    result = []
    for ident, row in by_ident.items():
        for match in found.get(ident, []):
            key, prompt = others[match.question_id]
            text = " ".join(html.unescape(_TAG_RE.sub(" ", prompt)).split())
            result.append(ImportedNearDuplicate(row.line, row.key, key, text, match.score))
    return sorted(result, key=lambda item: (item.line, -item.score))


def prompts_clear_cache() -> None:
    """Forget the normalised prompts (tests that reuse question ids across databases)."""
    _prompts.clear()
