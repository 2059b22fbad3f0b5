"""API tokens: `Authorization: Bearer <key>` (or `Token <key>`), the key checked against its stored hash."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ..models import ApiToken

KEYWORDS = (b"bearer", b"token")
LAST_USED_EVERY = dt.timedelta(minutes=1)  # the last-used time is written at most once a minute per token


class ApiClient:
    """The user of a request made with an API token: a consuming system that reads, never a person."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = is_superuser = is_manager = False
    pk = id = unit_id = None

    def __init__(self, token):
        self.token = token

    def get_username(self):
        return f"api:{self.token.name}"

    def has_perm(self, perm, obj=None):
        return False

    def __str__(self):
        return self.get_username()


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式不正确"))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("令牌格式不正确")) from None
        token = ApiToken.objects.for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效或已被吊销"))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return ApiClient(token), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The tokens in the OpenAPI schema: HTTP bearer (`Authorization: Bearer <key>`)."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "接口令牌（管理后台 › 接口令牌创建，只显示一次）"}
