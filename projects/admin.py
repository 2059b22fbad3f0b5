from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind", "parent", "contact", "phone", "is_active", "sort_order")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")
    list_select_related = ("parent",)
