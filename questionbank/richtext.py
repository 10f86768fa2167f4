"""How deep rich text may nest: a question body of lists 5,000 deep passed the sanitiser and
then cost minutes of CPU and a RecursionError in every PDF that printed it.

The bank's editor gives lists a few levels; MAX_NESTING leaves room for those plus inline
markup. Import files, the Wagtail editor and the PDF renderer all ask here.
"""

from html import escape
from html.parser import HTMLParser

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

MAX_NESTING = 32
# The deepest list the editor may send (Draftail's block "depth"): two elements per level.
MAX_LIST_DEPTH = 10
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _DepthMeter(HTMLParser):
    """Counts open elements while reading once through the markup: no tree, no recursion."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.open.append(tag)
            self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag):
        # Close the innermost open element of that name, looking back a bounded distance
        # (a stray end tag must not make the walk quadratic).
        recent = self.open[-MAX_NESTING:]
        if tag in recent:
            del self.open[len(self.open) - len(recent) + _last_index(recent, tag) :]


def _last_index(items: list[str], item: str) -> int:
    return len(items) - 1 - items[::-1].index(item)


def nesting_depth(html: str) -> int:
    """How many elements deep the markup goes at its deepest point."""
    meter = _DepthMeter()
    meter.feed(html)
    meter.close()
    return meter.deepest


def _surely_shallow(html: str) -> bool:
    # Depth never exceeds the number of tags: most texts are decided without parsing.
    return html.count("<") <= MAX_NESTING


def nesting_error(html: str) -> str | None:
    """What is wrong with markup nested deeper than MAX_NESTING, or None when it is fine."""
    if _surely_shallow(html):
        return None
    depth = nesting_depth(html)
    if depth <= MAX_NESTING:
        return None
    return _("the text is nested %(depth)d elements deep; at most %(max)d are allowed") % {
        "depth": depth,
        "max": MAX_NESTING,
    }


def flattened_if_too_deep(html: str) -> str:
    """The markup as it is, or (nested too deep) its text alone, escaped: for printing text
    frozen before the limit existed."""
    if _surely_shallow(html) or nesting_depth(html) <= MAX_NESTING:
        return html
    return "<p>" + escape(" ".join(strip_tags(html).split())) + "</p>"


# What the editor widget hands the form for input it cannot convert (Question.clean refuses
# it with a message): never produced by the editor itself.
UNREADABLE = '<p data-panel-unreadable="1"></p>'
