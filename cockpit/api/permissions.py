from rest_framework.permissions import BasePermission

from ..models import ApiToken


class ReadOnlyClient(BasePermission):
    """A request with an API token or from a logged-in user. The views only read (a write is 405 whoever asks)."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken) or bool(request.user and request.user.is_authenticated)
