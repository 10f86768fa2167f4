"""The file parsers: pure functions from text to typed rows with their line numbers."""

import pytest

from questionbank.importing import (
    BankFileError,
    derived_key,
    parse_csv,
    parse_json,
    parse_markdown,
    prompt_html,
    prompt_text,
)


def test_it_ignores_free_text_before_the_first_heading():
    bank = parse_markdown("Intro text\nmore text\n\n1. Basics\n- What is it?\n")
    assert [c.name for c in bank.categories] == ["Basics"]
    assert [(q.prompt, q.line) for q in bank.questions] == [("<p>What is it?</p>", 5)]


def test_it_accepts_hash_headings_with_numbers():
    bank = parse_markdown("## 3. Forms\n- Why forms?\n")
    assert (bank.categories[0].name, bank.categories[0].number) == ("Forms", 3)


def test_it_turns_backticks_into_code_and_escapes_the_rest():
    assert prompt_html("Use `a<b` & <i>") == "<p>Use <code>a&lt;b</code> &amp; &lt;i&gt;</p>"


def test_it_reads_text_back_from_simple_html():
    assert prompt_text("<p>Use <code>null=True</code> &amp; more</p>") == (
        "Use `null=True` & more",
        "",
    )


def test_it_keeps_html_it_cannot_write_as_text():
    text, override = prompt_text("<p><b>Bold</b> move</p>")
    assert (text, override) == ("Bold move", "<p><b>Bold</b> move</p>")


def test_it_reads_metadata_lines():
    bank = parse_markdown(
        "1. ORM\n"
        "- Explain `select_related`. {#orm-select}\n"
        "  - difficulty: senior\n"
        "  - minutes: 7\n"
        "  - tags: orm, performance\n"
        "  - guide 1: nothing\n"
        "  - guide 4: joins\n"
        "    and prefetch\n"
        "  - follow-up: When not?\n"
        "  - follow-up: And prefetch?\n"
        "  - key point: one query\n"
    )
    (row,) = bank.questions
    assert row.key == "orm-select"
    assert row.prompt == "<p>Explain <code>select_related</code>.</p>"
    assert (row.difficulty, row.expected_minutes) == ("senior", 7)
    assert row.tags == ("orm", "performance")
    assert row.guides == ("nothing", "", "", "joins\nand prefetch")
    assert row.follow_ups == ("When not?", "And prefetch?")
    assert row.key_points == ("one query",)


def test_it_derives_a_stable_key_from_category_and_text():
    key = derived_key(category="Models & Database", text="What is a model?")
    assert key.startswith("models-database-what-is-a-model-")
    assert key == derived_key(category="Models & Database", text="what  is a MODEL?")
    assert key != derived_key(category="Models & Database", text="What is a view?")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- orphan question\n", 1, "before any category"),
        ("1. A\n- q\n  - colour: red\n", 3, "unknown metadata"),
        ("1. A\n- q\n  - difficulty: expert\n", 3, "difficulty"),
        ("1. A\n- q\n  - minutes: soon\n", 3, "minutes"),
        ("1. A\n- q\n  - minutes: 500\n", 3, "minutes"),
        ("1. A\n- q {#k}\n- r {#k}\n", 3, "duplicate key"),
        ("", 1, "no category"),
        ("1. A\nsome prose\n", 2, "expected"),
        ("1. A\n## B\n", 2, "needs a number"),
        ("1. A\n- q {#bad key!}\n", 2, "key"),
    ],
)
def test_it_rejects_malformed_markdown_with_the_line(text, line, message):
    with pytest.raises(BankFileError) as error:
        parse_markdown(text)
    assert error.value.line == line
    assert message in error.value.message


def test_it_reads_csv_with_multiline_cells_and_counts_lines():
    bank = parse_csv(
        'key,category,prompt,follow_ups\na,Basics,What?,"Why?\nHow?"\nb,Basics,Who?,\n'
    )
    assert [(q.key, q.line) for q in bank.questions] == [("a", 2), ("b", 4)]
    assert bank.questions[0].follow_ups == ("Why?", "How?")


def test_it_rejects_a_bad_csv_header():
    with pytest.raises(BankFileError) as error:
        parse_csv("key,category,question\n")
    assert error.value.line == 1
    assert "bad CSV header" in error.value.message


def test_it_rejects_a_bad_csv_value_with_its_line():
    with pytest.raises(BankFileError) as error:
        parse_csv("key,category,prompt,difficulty\na,B,What?,mid\nb,B,Who?,guru\n")
    assert error.value.line == 3


def test_it_gives_the_line_of_invalid_json():
    with pytest.raises(BankFileError) as error:
        parse_json('{\n  "questions": [\n    {"key": "a",}\n  ]\n}')
    assert error.value.line == 3
    assert "invalid JSON" in error.value.message


def test_it_gives_the_line_of_a_bad_json_question():
    text = (
        '{"questions": [\n  {"key": "a", "category": "B", "prompt": "Q?"},\n'
        '  {"key": "b",\n   "category": "B", "prompt": "R?", "minutes": 0}\n]}'
    )
    with pytest.raises(BankFileError) as error:
        parse_json(text)
    assert error.value.line == 3


def test_it_rejects_duplicate_keys_in_json_with_both_lines():
    text = (
        '[\n{"key": "a", "category": "B", "prompt": "Q?"},\n'
        '{"key": "a", "category": "B", "prompt": "R?"}\n]'
    )
    with pytest.raises(BankFileError) as error:
        parse_json(text)
    assert error.value.line == 3
    assert "first on line 2" in error.value.message


def test_it_strips_scripts_handlers_and_foreign_tags_from_imported_html():
    bank = parse_json(
        '[{"category": "Basics", "prompt": "x", "prompt_html": '
        '"<p onclick=\\"steal()\\">Hi <script>alert(1)</script><img src=\\"http://evil/\\">'
        '<a href=\\"javascript:alert(1)\\">x</a> <code>ok</code></p>"}]'
    )
    assert bank.questions[0].prompt == "<p>Hi <a>x</a> <code>ok</code></p>"


def test_it_keeps_the_markup_the_editor_allows():
    markup = '<p><b>Bold</b> <i>it</i> <a href="https://docs.djangoproject.com/">docs</a></p>'
    cell = markup.replace('"', '""')
    bank = parse_csv(f'category,prompt,prompt_html\nBasics,x,"{cell}"\n')
    assert bank.questions[0].prompt == markup
