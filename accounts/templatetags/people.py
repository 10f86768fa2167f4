"""{{ user|display_name }}: a person's name in templates, the same as everywhere else."""

from django import template

from accounts.people import display_name as person_display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return person_display_name(user) if user else ""
