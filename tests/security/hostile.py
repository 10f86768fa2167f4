"""A corpus of hostile input: what an attacker (or a clumsy paste) sends to every form field,
search box, id parameter and import file. Tests in tests/security/ run it everywhere and expect
a 4xx (or exit 1) with a message, never a 500, and nothing written."""

HUGE = "9" * 25  # past 64 bits: OverflowError on SQLite, out of range on PostgreSQL
VERY_HUGE = "9" * 5000  # past Python's int() digit limit

# Search input: full-text query syntax of SQLite FTS5 and PostgreSQL tsquery, and worse.
SEARCH = [
    '"',
    '""',
    '"unterminated',
    "'",
    "\\",
    "*",
    "(",
    ")",
    "a AND",
    "OR",
    "NOT x",
    "NEAR(a b)",
    "-x",
    "+x",
    "^x",
    "col:x",
    "prompt:x",
    "a & b | !c",
    "x:*",
    "<->",
    "{}",
    "%",
    "_",
    "\x00",
    "a\x00b",
    "\r\n",
    "😀",
    "ü" * 200,
    "select_related'); DROP TABLE questionbank_question; --",
    "x " * 300,
]

# Values for single-line text fields (names, titles).
TEXT = [
    "\x00",
    "Eve\r\nBcc: x@example.com",
    "a\u2028b",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
]

# Values for id parameters (query strings and form fields naming an object).
IDS = [
    "",
    "0",
    "-1",
    "1.5",
    "1e3",
    "abc",
    "０",
    "١",
    HUGE,
    "-" + HUGE,
    VERY_HUGE,
    "\x00",
    "1 OR 1=1",
]

# Values for date-time fields.
DATETIMES = [
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2030-02-30T10:00",
    "2030-13-01T10:00",
    "99999-01-01T10:00",
    "\x00",
]
