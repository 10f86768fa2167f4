"""People and roles: the base every Panel app may import (it imports only Django, Wagtail and
allauth)."""
