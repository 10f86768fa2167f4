"""A listing's per-row "More" menu, drawn once per request and stamped for every row.

Wagtail builds each row's menu (Edit, Copy, Inspect, Delete) from four menu items, a dropdown
component and five icon tags: about a millisecond a row, a third of a 50-row search listing's
time. The items a row shows depend only on the user's model permissions (never on the row), so
the menu is drawn once for a stand-in row, whose primary key and title are marks, and each row
gets that HTML with its own key and escaped title put in place of the marks. Where another app
hooks into the snippet listing's buttons (which may look at the row), rows are drawn by Wagtail
as before. tests/questionbank/test_admin_rows.py compares the result with Wagtail's own rows.
"""

from django.contrib.admin.utils import quote
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.admin.widgets.button import BaseButton

# Digits only, so that the "int" path converter of the edit/copy/delete URLs accepts it.
PK_MARK = "918273645546372819"
TITLE_MARK = "PanelRowTitleMark"
ROW_BUTTON_HOOKS = ("register_snippet_listing_buttons", "construct_snippet_listing_buttons")


class _StandInRow:
    pk = int(PK_MARK)

    def __str__(self) -> str:
        return TITLE_MARK


class _Stamp:
    """One of the stand-in row's buttons, drawn the first time a row needs it."""

    def __init__(self, button):
        self.button = button
        self.html = None

    def render(self, parent_context) -> str:
        if self.html is None:
            self.html = str(self.button.render_html(parent_context))
        return self.html


class StampedRowButton(BaseButton):
    """A row's button: the stand-in row's HTML with this row's key and title."""

    def __init__(self, stamp: _Stamp, instance):
        super().__init__(label=stamp.button.label, priority=stamp.button.priority)
        self.stamp = stamp
        self.instance = instance
        self.show = stamp.button.show

    def render_html(self, parent_context=None):
        html = self.stamp.render(parent_context or {})
        html = html.replace(PK_MARK, str(quote(self.instance.pk)))
        return mark_safe(html.replace(TITLE_MARK, escape(str(self.instance))))


class StampedRowButtonsMixin:
    """For a snippet IndexView: each row's buttons are the stand-in row's, stamped."""

    def get_list_buttons(self, instance):
        if any(hooks.get_hooks(name) for name in ROW_BUTTON_HOOKS):
            return super().get_list_buttons(instance)
        stamps = getattr(self, "_row_button_stamps", None)
        if stamps is None:
            stamps = [_Stamp(button) for button in super().get_list_buttons(_StandInRow())]
            self._row_button_stamps = stamps
        return [StampedRowButton(stamp, instance) for stamp in stamps]


class SameValueSameCell:
    """Column mixin: rows whose cell context has the same values get the same cell, drawn once
    per table (a category, a difficulty or a status repeats down a 50-row page). Only for cell
    templates that read nothing but ``column`` and the context keys named in ``cell_keys``."""

    cell_keys = ("value",)

    def render_cell_html(self, instance, parent_context):
        context = self.get_cell_context_data(instance, parent_context)
        drawn = parent_context["table"].__dict__.setdefault("_cells_drawn", {})
        try:
            key = (id(self), *(context[name] for name in self.cell_keys))
            html = drawn.get(key)
        except TypeError:  # a value that cannot be a key: drawn as Wagtail draws it
            return self.cell_template.render(context)
        if html is None:
            html = drawn[key] = self.cell_template.render(context)
        return html


class PlainCellColumn(SameValueSameCell, Column):
    """Wagtail's plain Column (template wagtailadmin/tables/cell.html: column and value)."""


class LiveStatusCellColumn(SameValueSameCell, LiveStatusTagColumn):
    """Wagtail's live/draft tag (status_tag_cell.html: column, value and primary)."""

    cell_keys = ("value", "primary")


class FewerTemplatesMixin(StampedRowButtonsMixin):
    """A snippet IndexView whose row menus are stamped and whose plain columns draw each
    distinct value once."""

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        if column_class is Column:
            column_class = PlainCellColumn
        return super()._get_custom_column(field_name, column_class, **kwargs)
