"""Orders in the admin: read-only, with their milestones, replies, extension requests and log inline (read-only),
except what an administrator must correct: the text fields (事由, 整改要求) and the reply due date. A correction is a
log row of its own (管理员更正) and bumps the version, so a page opened before it refuses a stale move."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from .models import ExtensionRequest, OrderLog, Reply, SupervisionOrder


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LogInline(ReadOnlyInline):
    model = OrderLog
    fields = ("at", "action", "user", "unit", "state_before", "state_after", "text")
    readonly_fields = fields
    ordering = ("at", "pk")


class ReplyInline(ReadOnlyInline):
    model = Reply
    fields = ("seq", "replied_on", "due", "cause", "measures", "expected_completion", "replied_by", "returned_on")
    readonly_fields = fields


class ExtensionInline(ReadOnlyInline):
    model = ExtensionRequest
    fields = ("requested_at", "old_due", "requested_due", "reason", "requested_by", "decision", "decided_by")
    readonly_fields = fields


CORRECTABLE = ("reason", "requirements", "reply_due")


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(admin.ModelAdmin):
    list_display = ("__str__", "level", "state", "project", "lead_unit", "issued_on", "reply_due", "outcome")
    list_filter = ("level", "state", "outcome", "year")
    list_select_related = ("project", "lead_unit")
    search_fields = ("number", "project__code", "project__name", "lead_unit__name")
    date_hierarchy = "issued_on"
    inlines = [ReplyInline, ExtensionInline, LogInline]
    fields = (
        "number",
        "level",
        "state",
        "outcome",
        "project",
        "milestone_list",
        "lead_unit",
        "co_units",
        "reason",
        "requirements",
        "reply_due",
        "issued_by",
        "issued_on",
        "acknowledged_by",
        "acknowledged_at",
        "closed_on",
        "cancelled_on",
        "escalated_from",
        "created_by",
        "created_at",
        "version",
    )

    @admin.display(description=_("涉及节点"))
    def milestone_list(self, obj):
        return "；".join(str(m) for m in obj.milestones.all()) or "—"

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.fields if name not in CORRECTABLE]

    def has_add_permission(self, request):
        return False  # orders are written on the site, where the rules of section 3 apply

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if change and form.changed_data:
            obj.version += 1
            obj.save()
            changed = "、".join(str(form.fields[name].label) for name in form.changed_data)
            OrderLog.objects.create(
                order=obj,
                action=OrderLog.Action.CORRECT,
                user=request.user,
                unit_id=request.user.unit_id,
                state_before=obj.state,
                state_after=obj.state,
                text=_g("管理员更正：%(fields)s") % {"fields": changed},
            )


@admin.register(OrderLog)
class OrderLogAdmin(admin.ModelAdmin):
    list_display = ("at", "order", "action", "user", "state_before", "state_after")
    list_filter = ("action",)
    list_select_related = ("order", "user")
    search_fields = ("order__number", "text")
    readonly_fields = ("order", "action", "user", "unit", "at", "state_before", "state_after", "text")
    verbose_name = _("督办记录")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
