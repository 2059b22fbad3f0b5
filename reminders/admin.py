from django.contrib import admin

from .models import ReportChase


@admin.register(ReportChase)
class ReportChaseAdmin(admin.ModelAdmin):
    """Chases are a record: read here, never edited (they are made by 催报 on the 未报 summary)."""

    list_display = ("unit", "year", "month", "missing", "chased_by", "created_at")
    list_filter = ("year", "month", "unit")
    list_select_related = ("unit", "chased_by")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
