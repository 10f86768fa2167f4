"""Widgets of the Wagtail admin, hardened against hand-made posts.

Draftail posts its content as JSON. Anything else (raw HTML, the wrong JSON shape, lists
nested hundreds deep) made Wagtail's converter raise, a 500; CheckedDraftailRichTextArea answers
UNREADABLE, which Question.clean turns into a form error. The category chooser redraws a
refused form without choking on a posted value that is no id.
"""

import json

from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.snippets.widgets import AdminSnippetChooser

from .richtext import MAX_LIST_DEPTH, UNREADABLE


def _contentstate_ok(raw: str) -> bool:
    """The shape the converter expects, with list depths it can nest without recursing away."""
    try:
        document = json.loads(raw)
    except (TypeError, ValueError):
        return False
    if not isinstance(document, dict) or not isinstance(document.get("blocks"), list):
        return False
    if not isinstance(document.get("entityMap", {}), dict):
        return False
    for block in document["blocks"]:
        if not isinstance(block, dict) or not isinstance(block.get("text", ""), str):
            return False
        depth = block.get("depth", 0)
        if type(depth) is not int or not 0 <= depth <= MAX_LIST_DEPTH:
            return False
    return True


class CheckedDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None:
            return None
        if not _contentstate_ok(raw):
            return UNREADABLE
        try:
            return super().value_from_datadict(data, files, name)
        except Exception:  # the exporter's own errors: an entity that is not in the map, …
            return UNREADABLE


class CheckedSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser looks up the posted id again to redraw a refused form: a value
    that is no id at all ("abc", NUL) raised ValueError there, a 500."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, OverflowError):
            return None
