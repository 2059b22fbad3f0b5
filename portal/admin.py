from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("单位"), {"fields": ("unit",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("单位"), {"fields": ("unit",)}))
    list_display = ("username", "last_name", "first_name", "unit", "is_staff", "is_superuser", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "unit")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
