"""Permission checks in one query. Django's ModelBackend reads a user's own permissions and
their groups' in two queries, and every page asks one (the navigation's bank link)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class OneQueryPermissionBackend(ModelBackend):
    """Listed before ModelBackend, so permission checks come here first; it signs no one in.

    The permissions are ModelBackend's: none for inactive or anonymous users and for object
    checks, all of them for active superusers, else the user's own and their groups'. They are
    kept where ModelBackend keeps them (``_perm_cache``, once per request's user), so when
    this backend says no, ModelBackend and allauth's backend answer from the same set without
    asking the database again. Loading a session's user is ModelBackend's (a session may name
    this backend: Django's test client signs in with the first backend that loads users).
    """

    def authenticate(self, request, **credentials):
        return None  # passwords are ModelBackend's and allauth's

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            rows = permissions.values_list("content_type__app_label", "codename").order_by()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
