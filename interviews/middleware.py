"""Request-wide behaviour: oversized requests refused with a message, the Content-Security-
Policy (one for Panel's pages, one for Wagtail's admin), a readable 400 for input a view
refuses, and gzip for pages. The user's own time zone is accounts.middleware."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.translation import gettext as _


class BadRequestMessageMiddleware:
    """A view that raises BadRequest("what is wrong") answers 400 with that message on a page
    (Django's own 400 view shows no message). Only our views raise it with words meant for
    the user, such as "“abc” is not an id."."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadRequest):
            return render(request, "bad_request.html", {"message": str(exception)}, status=400)
        return None


class RequestSizeLimitMiddleware:
    """Refuse an oversized request with a message, before anything reads its body.

    A declared length past PANEL_MAX_REQUEST_BYTES (files included) is a 413 without reading
    the body; a form past DATA_UPLOAD_MAX_MEMORY_SIZE or with too many fields or files is
    refused here too, instead of Django's bare 400 from inside the CSRF check. Plain text:
    this runs before the session and the user are known.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.PANEL_MAX_REQUEST_BYTES:
            return self._too_large()
        if request.method == "POST":
            try:
                # Parse now, within the limits, before any other middleware reads the body.
                request.POST.get("")
            except RequestDataTooBig:
                return self._too_large()
            except (TooManyFieldsSent, TooManyFilesSent):
                return HttpResponseBadRequest(
                    _("This form sends too many fields or files; nothing was saved."),
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)

    @staticmethod
    def _too_large():
        return HttpResponse(
            _("This request is too large; nothing was saved. Shorten the text and send again."),
            status=413,
            content_type="text/plain; charset=utf-8",
        )


ADMIN_PREFIX = "/admin/"  # where site/urls.py mounts Wagtail's admin


class PanelCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with Wagtail's admin on PANEL_ADMIN_CSP_DIRECTIVES."""

    def process_response(self, request, response):
        if request.path_info.startswith(ADMIN_PREFIX) and HEADER in response:
            # A preview first renders Panel's page for a dummy request through the middleware,
            # which gives it Panel's policy (frame-ancestors 'none'); the admin response that
            # carries it to the preview frame takes the admin's policy instead.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin = request.path_info.startswith(ADMIN_PREFIX)
        if admin and not report_only and parts.config is None:
            parts.config = default_config(settings.PANEL_ADMIN_CSP_DIRECTIVES)
        return parts


class PageGZipMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH padding) for pages and fragments; streamed files (PDFs,
    already compressed, and calendar files) keep their Content-Length and are sent as they are.
    Static files never reach it: WhiteNoise, above it, serves them pre-compressed."""

    def process_response(self, request, response):
        if response.streaming:
            return response
        return super().process_response(request, response)
