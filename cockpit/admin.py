from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.versioned_admin import VersionedAdminMixin

from .models import ApiToken, YearGoal


@admin.register(YearGoal)
class YearGoalAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("year", "list_count", "in_stats_count", "in_use_count", "reserve_count", "investment")
    list_display += ("industrial_investment", "key_level", "key_level_rate")
    readonly_fields = ("version",)
    fieldsets = (
        (None, {"fields": ("year", "note", "version", "seen_version")}),
        (
            _("项目数"),
            {
                "fields": (
                    "list_count",
                    "start_count",
                    "in_stats_count",
                    "working_count",
                    "in_use_count",
                    "reserve_count",
                )
            },
        ),
        (_("投资（亿元）"), {"fields": ("investment", "industrial_investment")}),
        (_("重点项目"), {"fields": ("key_level", "key_level_count", "key_level_rate")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens of the systems reading the API. The key is shown once, on the page after the token is created; only its
    hash is kept. A token is revoked (kept, with its last use, for the record), never edited into another key."""

    list_display = ("name", "key_prefix", "created_at", "created_by", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "note")
    readonly_fields = ("key_prefix", "created_at", "created_by", "last_used_at", "revoked_at")
    fields = ("name", "note", *readonly_fields)
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        key = None
        if not change:
            obj.created_by = request.user
            key = obj.new_key()
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(
                request,
                _("接口令牌「%(name)s」的密钥（只显示这一次，请立即复制并交给对方系统）：%(key)s")
                % {"name": obj.name, "key": key},
            )

    @admin.action(description=_("吊销所选接口令牌"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, _("已吊销 %(n)s 个接口令牌") % {"n": count})

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: its name and last use stay on record
