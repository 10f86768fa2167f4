"""An import file is not trusted: every limit is a FILE:LINE: message, exit 1, nothing written.

Limits (docs/question-import.md): file size, line length, field lengths, list sizes, JSON
nesting, whole-number ranges, NUL bytes, well-formed CSV quoting, JSON value types. The
Markdown parser reads each line in linear time.
"""

import json
import signal

import pytest
from django.core.management.base import CommandError

from questionbank import importing
from questionbank.importing import (
    MAX_FILE_BYTES,
    MAX_LINE_LENGTH,
    BankFileError,
    parse_csv,
    parse_json,
    parse_markdown,
)
from questionbank.models import Category, Question

pytestmark = pytest.mark.django_db

CSV_HEADER = "key,category,prompt,sort_order,tags\n"


def _json(**question) -> str:
    item = {"key": "a", "category": "B", "prompt": "Q?", **question}
    return json.dumps({"questions": [item]}, indent=1)


MALFORMED = [
    # (label, suffix, text, line, message)
    ("NUL byte", ".md", "1. A\n- q\x00uestion\n", 2, "NUL"),
    ("NUL byte in CSV", ".csv", CSV_HEADER + "a,B,Q\x00?,1,\n", 2, "NUL"),
    ("long line", ".md", "1. A\n- " + "x" * MAX_LINE_LENGTH + "\n", 2, "longer than"),
    ("long category", ".md", "1. " + "C" * 121 + "\n- q\n", 1, "category name"),
    ("category on two lines", ".csv", CSV_HEADER + 'a,"B\rBcc: x",Q?,1,\n', 2, "one line"),
    ("long tag", ".md", "1. A\n- q\n  - tags: " + "t" * 101 + "\n", 3, "tag"),
    ("long key", ".csv", CSV_HEADER + "k" * 121 + ",B,Q?,1,\n", 2, "key"),
    ("long prompt", ".csv", CSV_HEADER + "a,B," + "p" * 20_001 + ",1,\n", 2, "prompt"),
    ("long guide", ".md", "1. A\n- q\n  - guide 1: " + "g" * 5001 + "\n", 3, "guide 1"),
    ("many follow-ups", ".md", "1. A\n- q\n" + "  - follow-up: f\n" * 51, 2, "follow-ups"),
    ("huge order", ".md", "1. A\n- q\n  - order: " + "9" * 31 + "\n", 3, "order"),
    ("huge heading number", ".md", "9" * 5000 + ". A\n- q\n", 1, "number"),
    ("huge CSV order", ".csv", CSV_HEADER + "a,B,Q?," + "1" * 31 + ",\n", 2, "sort_order"),
    ("huge JSON number", ".json", _json(sort_order=10**30), 3, "sort_order"),
    (
        "giant JSON number",
        ".json",
        '{"questions": [{"key": "a", "category": "B", "prompt": "Q", '
        '"minutes": ' + "9" * 5000 + "}]}",
        1,
        "number",
    ),
    ("unterminated quote", ".csv", CSV_HEADER + 'a,B,"Q?,1,\nb,B,Q2?,2,\n', 2, "quote"),
    ("deep JSON", ".json", '{"questions": ' + "[" * 5000 + "]" * 5000 + "}", 1, "nested"),
    ("follow_ups object", ".json", _json(follow_ups={"a": 1}), 3, "follow_ups"),
    ("tags number", ".json", _json(tags=7), 3, "tags"),
    ("prompt list", ".json", _json(prompt=["x"]), 3, "prompt"),
    ("minutes bool", ".json", _json(minutes=True), 3, "minutes"),
    ("category object", ".json", _json(category={"name": "B"}), 3, "category"),
    (
        "category number text",
        ".json",
        json.dumps({"categories": [{"name": "B", "number": "x"}], "questions": []}),
        1,
        "number",
    ),
]


@pytest.mark.parametrize(
    "suffix, text, line, message", [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_it_refuses_a_file_past_a_limit_with_its_line_and_writes_nothing(
    bank_file, run_import, suffix, text, line, message
):
    path = bank_file(text, suffix)
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value).startswith(f"{path}:{line}: "), str(error.value)[:300]
    assert message.lower() in str(error.value).lower()
    assert not Question.objects.exists() and not Category.objects.exists()


def test_it_refuses_a_file_too_big_before_reading_it(tmp_path, run_import):
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing to read, only its size
    with pytest.raises(CommandError, match=r"huge\.md:0: .*larger than"):
        run_import(path)


def test_it_refuses_too_much_text_given_to_the_parser_directly():
    with pytest.raises(BankFileError, match="larger than"):
        importing.parse("1. A\n" + "- q\n" * (MAX_FILE_BYTES // 4 + 1), fmt="md")


@pytest.fixture
def watchdog():
    """Not a speed bar: the quadratic parser took hours on this line, the linear one takes
    milliseconds. Only a parser stuck far past that fails."""

    def expire(signum, frame):
        raise TimeoutError("the parser is still reading one line after 30 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_it_reads_a_pathological_question_line_in_linear_time(watchdog):
    line = "- x " + "{#x " * 500_000
    assert importing.question_line(line) == (line[2:].strip(), None)
    assert importing.question_line("- q " + "{#a " * 100_000 + "{#key}")[1] == (
        "a " + "{#a " * 99_999 + "{#key"
    )


def test_it_reads_a_pathological_metadata_line_in_linear_time(watchdog):
    assert importing.meta_line("  - a" + " " * 500_000 + "b") is None
    assert importing.meta_line("  - guide 1   : fine") == ("guide 1", "fine")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("- What? {#what}", ("What?", "what")),
        ("- What?  {#what}", ("What?", "what")),
        ("- What? {#}", ("What?", "")),
        ("- {#what}", ("{#what}", None)),
        ("- What?{#what}", ("What?{#what}", None)),
        ("- a {#b} c", ("a {#b} c", None)),
        ("- a {#b} {#c}", ("a {#b}", "c")),
        ("- a {#b {#c}", ("a", "b {#c")),
        ("* Star? {#s}", ("Star?", "s")),
        ("-  spaced  ", ("spaced", None)),
        ("-x", None),
        ("- ", None),
    ],
)
def test_it_reads_question_lines_as_before(line, expected):
    assert importing.question_line(line) == expected


def test_it_strips_a_csv_cell_that_is_only_a_key_the_same_as_before():
    bank = parse_csv(CSV_HEADER + "a,B,Q?,1,orm\n")
    assert [(q.key, q.tags) for q in bank.questions] == [("a", ("orm",))]


def test_it_still_parses_the_largest_allowed_values():
    bank = parse_markdown(
        "1. " + "C" * 120 + "\n- q\n  - tags: " + "t" * 100 + "\n  - order: 2147483647\n"
    )
    assert bank.questions[0].tags == ("t" * 100,)
    assert bank.questions[0].sort_order == 2147483647
    assert parse_json(_json(sort_order=0, follow_ups=["a"], tags=["b"])).questions[0].tags == ("b",)


def test_it_refuses_a_nesting_bomb_in_an_import_file(bank_file, run_import):
    """Lists nested a thousand deep pass the sanitiser but not the depth limit."""
    bomb = "<ul><li>" * 1000 + "deep" + "</li></ul>" * 1000  # within the line and size limits
    path = bank_file(f"1. Lists\n- Deep?\n  - html: {bomb}\n")
    with pytest.raises(CommandError, match=r"bank\.md:3: .*nested"):
        run_import(path)
    assert not Question.objects.exists()
