"""Admin pages that never save over an edit made meanwhile (optimistic locking both ways, as on the site's pages).

Edits made in the admin bump `version`, so that a form opened elsewhere before an admin edit notices it, and an admin
form carries the version it was opened with, so that it does not save over an edit made meanwhile.
"""

from django import forms
from django.db import router, transaction
from django.utils.translation import gettext_lazy as _


class VersionCheckedForm(forms.ModelForm):
    """An admin form of a versioned object: it carries the version it was opened with (`seen_version`, hidden) and
    refuses a change when the object has another version by now (edited meanwhile on a page or in the admin). The
    admin saves in a transaction, so the row stays locked from this check to the save.

    On the history page that reverts to an earlier version (`reverting`), the form shows that version's values but
    carries the current version, and is checked even when nothing was edited (saving it overwrites the current
    values)."""

    seen_version = forms.IntegerField(label=_("打开时的版本"), widget=forms.HiddenInput, required=False)
    reverting = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = (
                self._current_version(lock=False) if self.reverting else self.instance.version
            )

    def _current_version(self, lock):
        rows = self._meta.model._base_manager.filter(pk=self.instance.pk)
        if lock and transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        data = super().clean()
        seen = data.get("seen_version")
        if self.instance.pk and seen is not None and (self.has_changed() or self.reverting):
            current = self._current_version(lock=True)
            if current is not None and current != seen:
                raise forms.ValidationError(
                    _(
                        "保存被拒绝：此记录在您打开后已被修改（版本 %(seen)s → %(current)s）。"
                        "请重新打开，核对后再保存。"
                    ),
                    code="stale",
                    params={"seen": seen, "current": current},
                )
        return data


class VersionedInlinesMixin:
    """Bump `version` on every admin edit of a versioned object in the inlines (their forms: `VersionCheckedForm`)."""

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            obj = inline_form.instance
            if (
                obj.pk
                and hasattr(obj, "version")
                and inline_form.has_changed()
                and inline_form not in formset.deleted_forms
            ):
                obj.version += 1
        super().save_formset(request, form, formset, change)


class VersionedAdminMixin(VersionedInlinesMixin):
    """Bump `version` on every admin edit of a versioned object, in the form and in its inlines; refuse a form
    opened before another edit (`VersionCheckedForm`)."""

    form = VersionCheckedForm

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert to an earlier version in a transaction (the version check locks the row until the save)."""
        request.admin_reverting = True
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if getattr(request, "admin_reverting", False):
            form = type(form.__name__, (form,), {"reverting": True})
        return form

    def save_model(self, request, obj, form, change):
        if change:  # the version after the latest (a reverted object holds the old version's number)
            obj.version = self.model._base_manager.filter(pk=obj.pk).values_list("version", flat=True).get() + 1
        super().save_model(request, obj, form, change)
