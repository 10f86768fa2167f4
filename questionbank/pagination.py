"""Paginators of the bank's listings: the page first, then the count, which a search may already
know (questionbank/search_postgres.py counts the hits in the page's own query)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from wagtail.admin.paginator import WagtailPaginator


class HitsFirstPaginatorMixin:
    """A paginator that reads the asked page before the count: when the page's query also
    counted the hits (RankedIdsSearchResults.total), no COUNT query follows. Other object
    lists are counted as Django's Paginator counts them."""

    def get_page(self, number):
        """Django's get_page, without validating the number against the count first."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        try:
            asked = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # PageNotAnInteger, as Django words it
        if asked < 1:
            return super().page(number)
        bottom = (asked - 1) * self.per_page
        # With orphans, the last page takes up to `orphans` more rows.
        rows = self.object_list[bottom : bottom + self.per_page + self.orphans]
        hits = list(rows)
        total = getattr(rows, "total", None)
        if total is not None:
            self.__dict__["count"] = total  # Paginator.count is a cached_property
        number = self.validate_number(asked)  # counts here when the page did not
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(hits[: top - bottom], number, self)


class HitsFirstPaginator(HitsFirstPaginatorMixin, Paginator):
    """For the bank page."""


class HitsFirstWagtailPaginator(HitsFirstPaginatorMixin, WagtailPaginator):
    """For the Wagtail admin's listings."""
