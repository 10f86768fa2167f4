"""Template filters shared by every page that shows a question with its rubric."""

from django import template

register = template.Library()


@register.filter
def rubric(question, labels: dict[int, str]) -> list[tuple[int, str, str]]:
    """(level, label, guide) rows for a bank or frozen question, on the shared 1-4 scale."""
    guides = question.guides()
    return [(level, label, guides.get(level, "")) for level, label in labels.items()]


@register.filter
def has_guide(question) -> bool:
    """Whether any rating level has a written guide (an empty rubric is not worth a table)."""
    return any(text.strip() for text in question.guides().values())
