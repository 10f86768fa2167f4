"""The search box of the bank's admin listings takes plain words, as the bank page does."""

from django.utils.functional import cached_property
from wagtail.snippets.views.snippets import IndexView

from .selectors import search_words


class PlainWordsIndexView(IndexView):
    """A snippet listing whose search passes at most MAX_SEARCH_WORDS plain words to the
    backend: 300 words were a RecursionError (500) in the PostgreSQL search backend."""

    @cached_property
    def search_query(self):
        return search_words(super().search_query)
