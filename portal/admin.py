import axes.utils
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import LoginEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("单位"), {"fields": ("unit",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("单位"), {"fields": ("unit",)}))
    list_display = ("username", "last_name", "first_name", "unit", "is_staff", "is_superuser", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "unit")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    actions = ["unlock_logins"]

    @admin.action(description=_("解除所选用户的登录锁定"), permissions=["change"])
    def unlock_logins(self, request, queryset):
        """Clear the failed logins counted against these accounts (an address is unlocked in 访问尝试)."""
        for user in queryset:
            axes.utils.reset(username=user.get_username())
        count = queryset.count()
        self.message_user(
            request,
            _("已解除 %(count)d 个用户的登录锁定。") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    """The login audit: administrators read it; nobody adds, changes or deletes a row here."""

    list_display = ("at", "kind", "username", "ip_address", "user_agent", "detail")
    list_filter = ("kind", "at")
    search_fields = ("username", "ip_address", "user_agent")
    date_hierarchy = "at"
    list_select_related = ("user",)
    readonly_fields = ("at", "kind", "user", "username", "ip_address", "user_agent", "detail")
    show_full_result_count = False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-axes' own logs are off (AXES_DISABLE_ACCESS_LOG; failures are in the login audit): only its table of
# counted failures stays in the admin, where deleting a row unlocks that account or address.
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)
