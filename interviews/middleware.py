"""Request-wide behaviour: every time in the signed-in user's own time zone (set on their
profile), and a readable 400 for input a view refuses."""

import zoneinfo

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils import timezone


class UserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz_name = ""
        if request.user.is_authenticated:
            profile = getattr(request.user, "wagtail_userprofile", None)
            tz_name = getattr(profile, "current_time_zone", "") or ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(tz_name)) if tz_name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)


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
