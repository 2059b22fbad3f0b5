from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def max_upload_bytes():
    return settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024


class UploadForm(forms.Form):
    """The workbook to check; `too_big` when the request body alone exceeds the limit (the file was dropped)."""

    file = forms.FileField(label=_("项目清单文件（.xlsx 或 .csv）"))

    def __init__(self, *args, too_big=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        if too_big:  # the file itself was dropped: say why, not that it is missing
            self.fields["file"].required = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if self.too_big or upload.size > max_upload_bytes():
            raise forms.ValidationError(_("文件过大：上限为 %(max)s MB") % {"max": settings.IMPORT_MAX_UPLOAD_MB})
        return upload
