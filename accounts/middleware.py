"""Every time in the signed-in user's own time zone (set on their profile)."""

import zoneinfo
from datetime import tzinfo
from functools import cached_property

from django.utils import timezone


class UserTimeZone(tzinfo):
    """The user's time zone, read from their Wagtail profile the first time a time is converted
    or named. Requests that show and parse no time (an autosave, a poll) never read the profile;
    everything else sees an ordinary zone (the site's when the profile names none)."""

    def __init__(self, user):
        self._user = user  # request.user: still lazy, the middleware must not load it

    @cached_property
    def zone(self) -> tzinfo:
        name = ""
        if self._user.is_authenticated:
            profile = getattr(self._user, "wagtail_userprofile", None)
            name = getattr(profile, "current_time_zone", "") or ""
        try:
            return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return timezone.get_default_timezone()

    def utcoffset(self, dt):
        return self.zone.utcoffset(dt)

    def dst(self, dt):
        return self.zone.dst(dt)

    def tzname(self, dt):
        return self.zone.tzname(dt)

    def fromutc(self, dt):
        return self.zone.fromutc(dt.replace(tzinfo=self.zone)).replace(tzinfo=self)

    def __str__(self) -> str:
        return str(self.zone)

    def __repr__(self) -> str:
        return f"UserTimeZone({self.zone!r})"

    def __reduce__(self):
        # A pickled time (a cache, a task argument) keeps the zone itself, not the user.
        return self.zone.__reduce__()


class UserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(UserTimeZone(request.user))
        try:
            return self.get_response(request)
        finally:
            # The zone holds this request's user: whatever the thread does next (a task, a
            # test, work between requests) starts from the site's zone, never reads this
            # user's profile. The response is rendered by now (a FileResponse streams bytes).
            timezone.deactivate()
