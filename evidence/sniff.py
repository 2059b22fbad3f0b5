"""What a file is, read from its bytes (never from its name), and whether it may be kept.

`identify(data)` names the content: an allowed kind (JPEG, PNG, WebP, HEIC, PDF, docx, xlsx) or a refused one it
recognises (HTML, SVG, other XML, a ZIP of anything else, an executable) so the refusal can say what the file is.
`check(name, data)` then refuses: a kind not allowed; a name whose extension says another kind (a PNG named .pdf);
an image Pillow cannot decode or too large to decode safely; a PDF that does not open; an office file that is not a
well-formed package or unpacks too large. It returns the kind and the extension the kept file gets.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .models import Kind


@dataclass(frozen=True)
class Type:
    code: str
    label: str
    kind: str | None  # the Attachment kind when allowed, None when refused
    extensions: tuple = ()


TYPES = {
    t.code: t
    for t in (
        Type("jpeg", gettext_lazy("JPEG 图片"), Kind.IMAGE, (".jpg", ".jpeg", ".jpe", ".jfif")),
        Type("png", gettext_lazy("PNG 图片"), Kind.IMAGE, (".png",)),
        Type("webp", gettext_lazy("WebP 图片"), Kind.IMAGE, (".webp",)),
        Type("heic", gettext_lazy("HEIC 图片"), Kind.IMAGE, (".heic", ".heif")),
        Type("pdf", gettext_lazy("PDF 文档"), Kind.PDF, (".pdf",)),
        Type("docx", gettext_lazy("Word 文档"), Kind.DOCX, (".docx",)),
        Type("xlsx", gettext_lazy("Excel 表格"), Kind.XLSX, (".xlsx",)),
        Type("html", gettext_lazy("HTML 网页"), None),
        Type("svg", gettext_lazy("SVG 矢量图"), None),
        Type("xml", gettext_lazy("XML 文件"), None),
        Type("zip", gettext_lazy("压缩包或其他 Office 文件"), None),
        Type("gif", gettext_lazy("GIF 动图"), None),
        Type("exe", gettext_lazy("可执行程序"), None),
        Type("unknown", gettext_lazy("无法识别的文件"), None),
    )
}

HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAX_UNPACKED = 200 * 1024 * 1024  # an office file unpacking past this is refused (a zip bomb)


def _zip_type(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return "zip"
    # The main part's content type: macro-enabled (docm, xlsm) and templates have other ones, and are refused.
    if DOCX_MAIN in types:
        return "docx"
    if XLSX_MAIN in types:
        return "xlsx"
    return "zip"


def _text_type(head):
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text:
        return "svg"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")) or b"<html" in text:
        return "html"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "xml"
    return "unknown"


def identify(data):
    """The code of the file's type in TYPES, from its first bytes (and a package's content types)."""
    head = data[:512]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heic"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith((b"MZ", b"\x7fELF", b"#!")):
        return "exe"
    return _text_type(head)


def _refuse(message, **params):
    raise ValidationError(message, params=params)


def _check_pdf(data):
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _refuse(_("PDF 已加密，无法核验其内容，请上传未加密的文件"))
        if len(reader.pages) < 1:
            _refuse(_("PDF 没有页面"))
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, RecursionError):
        _refuse(_("PDF 已损坏，无法打开"))


def _check_package(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                _refuse(_("文件解压后过大"))
            if archive.testzip() is not None:
                _refuse(_("文件已损坏，无法打开"))
    except zipfile.BadZipFile:
        _refuse(_("文件已损坏，无法打开"))


def check(name, data):
    """(type, kind) of an upload that may be kept; ValidationError saying why not."""
    code = identify(data)
    found = TYPES[code]
    if found.kind is None:
        _refuse(
            _("不支持的文件类型（%(type)s）；只接受 JPEG、PNG、WebP、HEIC 图片，PDF，Word（docx）和 Excel（xlsx）"),
            type=found.label,
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in found.extensions:
        _refuse(
            _("文件内容是%(type)s，与扩展名「%(suffix)s」不符；请确认文件后重新上传"),
            type=found.label,
            suffix=suffix or _("无"),
        )
    if found.kind == Kind.PDF:
        _check_pdf(data)
    elif found.kind in (Kind.DOCX, Kind.XLSX):
        _check_package(data)
    return found
