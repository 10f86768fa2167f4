"""What every report kind shares: the content record, its fingerprint, sanitised rich text
and the canonical data of a candidate and of a frozen question."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe

from interviews.models import Candidate, InterviewQuestion
from questionbank.richtext import flattened_if_too_deep

# Bump when a template change should make every existing report stale.
TEMPLATE_VERSION = "4"
RICH_TEXT_TAGS = {"p", "br", "code", "pre", "strong", "em", "ul", "ol", "li", "a"}


def fingerprint_of(canonical: dict[str, Any]) -> str:
    """sha256 of the canonical data: what the report says, never how it is drawn."""
    payload = json.dumps(canonical, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class ReportContent:
    """Everything a report is made of: the template, its context, and the canonical data."""

    template: str
    title: str
    filename: str
    context: dict[str, Any]
    canonical: dict[str, Any] = field(repr=False)

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.canonical)


def rich_text(html: str) -> SafeString:
    """Bank rich text frozen in an interview, reduced to harmless inline markup (and to its
    text alone if it was frozen nested too deep to lay out)."""
    return mark_safe(
        flattened_if_too_deep(
            nh3.clean(
                html,
                tags=RICH_TEXT_TAGS,
                attributes={"a": {"href"}},
                url_schemes={"http", "https", "mailto"},
                link_rel=None,
            )
        )
    )


def question_canonical(question: InterviewQuestion) -> dict[str, Any]:
    return {
        "id": question.pk,
        "position": question.position,
        "category": question.category_name,
        **question.content(),
    }


def base_canonical(
    *, kind: str, candidate: Candidate, paper_size: str, labels: dict[int, str]
) -> dict[str, Any]:
    return {
        "kind": kind,
        "template": TEMPLATE_VERSION,
        # The rating scale's labels are printed beside every rating: renaming one is a change.
        "labels": labels,
        "paper_size": paper_size,
        "candidate": candidate.full_name,
        "position": candidate.position.title,
    }
