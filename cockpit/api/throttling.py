from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from ..models import ApiToken


class PerClientThrottle(SimpleRateThrottle):
    """API_THROTTLE_RATE requests per token (or per logged-in user, else per address), counted in Django's cache
    (per process with the default cache: each worker counts on its own)."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
