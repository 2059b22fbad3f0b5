"""The file field of the upload forms: several files at once, each checked by `services.prepare`."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services

ACCEPT = ".jpg,.jpeg,.png,.webp,.heic,.heif,.pdf,.docx,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """The list of files chosen (each checked by the form's `clean_files`)."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [file for file in files if file]


class EvidenceForm(forms.Form):
    """Files added with a report, a milestone's date or a reply (prefix "evidence" on every page). `existing`: the
    bytes the owner already has; `too_big`: the request was larger than the site reads (its files were dropped)."""

    files = MultipleFileField(
        label=gettext_lazy("佐证材料"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT, "class": "evidence-input"}),
    )

    def __init__(self, *args, existing=0, too_big=False, **kwargs):
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)
        self.existing, self.too_big = existing, too_big
        field = self.fields["files"]
        field.help_text = _(
            "可一次选择多个文件：JPEG、PNG、WebP、HEIC 照片，PDF，Word（docx），Excel（xlsx）；"
            "单个文件不超过 %(file)s MB，合计不超过 %(total)s MB。照片会去除隐藏信息后保存，保留拍摄时间和位置"
        ) % {"file": settings.EVIDENCE_MAX_FILE_MB, "total": settings.EVIDENCE_MAX_OBJECT_MB}
        field.widget.attrs.update(
            {
                "data-max-file": settings.EVIDENCE_MAX_FILE_MB * services.MB,
                "data-max-total": settings.EVIDENCE_MAX_OBJECT_MB * services.MB,
            }
        )

    def clean_files(self):
        if self.too_big:
            raise forms.ValidationError(
                _("本次上传的内容合计超过 %(max)s MB，未保存；请分几次上传") % {"max": settings.EVIDENCE_MAX_OBJECT_MB}
            )
        return services.prepare(self.cleaned_data["files"], existing=self.existing)

    @property
    def uploads(self):
        return self.cleaned_data.get("files") or []


def request_too_big(request):
    """Whether the request's body is past what the site reads into memory (its files then never reach the form)."""
    return int(request.META.get("CONTENT_LENGTH") or 0) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE


def evidence_form(request, owner=None):
    """The page's evidence form: bound on POST (with the owner's bytes already kept), empty on GET."""
    if request is None or request.method != "POST":
        return EvidenceForm()
    return EvidenceForm(
        request.POST, request.FILES, existing=services.existing_bytes(owner), too_big=request_too_big(request)
    )
