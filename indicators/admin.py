from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.versioned_admin import VersionCheckedForm, VersionedAdminMixin, VersionedInlinesMixin

from .models import Indicator, Target, Value


class TargetInline(admin.TabularInline):
    model = Target
    form = VersionCheckedForm
    extra = 0
    fields = ("year", "value", "comparator", "note", "seen_version")


@admin.register(Indicator)
class IndicatorAdmin(VersionedInlinesMixin, SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "measure",
        "kind",
        "frequency",
        "group",
        "responsible_unit",
        "source",
        "derived_from_projects",
        "derivation",
        "lower_is_better",
        "is_active",
        "sort_order",
    )
    list_filter = ("group", "kind", "frequency", "is_active", "derived_from_projects", "responsible_unit")
    search_fields = ("code", "name")
    list_select_related = ("responsible_unit",)
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("indicator", "year", "value", "comparator", "note")
    readonly_fields = ("version",)
    list_filter = ("year", "comparator", "indicator__group")
    search_fields = ("indicator__name", "indicator__code")
    list_select_related = ("indicator",)


@admin.register(Value)
class ValueAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("indicator", "year", "month", "value_cum", "growth_yoy", "reported_by", "reported_at")
    list_filter = ("year", "month", "indicator__group")
    search_fields = ("indicator__name", "indicator__code")
    list_select_related = ("indicator", "reported_by")
    readonly_fields = ("reported_by", "reported_at", "version")

    def save_model(self, request, obj, form, change):
        obj.reported_by = request.user
        super().save_model(request, obj, form, change)
