"""What a report is about: an interview, a candidate (all interviews) or one scorecard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interviews.models import Candidate, Interview

from ..models import Report, Scorecard


@dataclass(frozen=True)
class Subject:
    """A report's kind and the one object it is drawn from."""

    kind: str
    interview: Interview | None = None
    candidate: Candidate | None = None
    scorecard: Scorecard | None = None

    @classmethod
    def of(cls, report: Report) -> Subject:
        return cls(
            kind=report.kind,
            interview=report.interview,
            candidate=report.candidate,
            scorecard=report.scorecard,
        )

    def filter(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "interview": self.interview,
            "candidate": self.candidate,
            "scorecard": self.scorecard,
        }

    def key(self) -> tuple[str, int | None, int | None, int | None]:
        """The subject as plain ids, to match report rows read in bulk."""
        return (
            self.kind,
            self.interview.pk if self.interview else None,
            self.candidate.pk if self.candidate else None,
            self.scorecard.pk if self.scorecard else None,
        )
