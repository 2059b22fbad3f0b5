"""Images are re-encoded before they are kept: Pillow decodes the pixels and writes a new file, so nothing but the
picture survives (no EXIF, no trailing payload, no embedded profile or script). The capture time and the GPS
position are read from the EXIF first, and a thumbnail is made.
"""

import datetime as dt
import io
import warnings
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

THUMBNAIL_PIXELS = 320
JPEG_QUALITY = 85
FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}


@dataclass
class Processed:
    content: bytes
    extension: str  # of the kept file: .jpg, or .png for a PNG (transparency and line drawings stay sharp)
    thumbnail: bytes
    width: int
    height: int
    taken_at: dt.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None


def _taken_at(exif):
    """The capture time (DateTimeOriginal, else DateTime) as an aware datetime; its offset when the EXIF has one,
    else the site's time zone (cameras write local time)."""
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    raw = sub.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    if not isinstance(raw, str):
        return None
    try:
        moment = dt.datetime.strptime(raw.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = sub.get(ExifTags.Base.OffsetTimeOriginal)
    if isinstance(offset, str):
        try:
            return dt.datetime.strptime(f"{moment:%Y-%m-%d %H:%M:%S}{offset.strip()}", "%Y-%m-%d %H:%M:%S%z")
        except ValueError:
            pass
    return timezone.make_aware(moment)


def _degrees(value, ref, limit):
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if str(ref).strip().upper() in ("S", "W"):
        decimal = -decimal
    if not -limit <= decimal <= limit:
        return None
    return Decimal(str(decimal)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _position(exif):
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    latitude = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef), 90)
    longitude = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef), 180)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _encode(image, fmt):
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def process(data):
    """The re-encoded image with its metadata; ValidationError when Pillow cannot decode it safely."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as source:
                if source.format not in FORMATS:
                    raise ValidationError(_("图片格式不受支持"))
                exif = source.getexif()
                taken_at, (latitude, longitude) = _taken_at(exif), _position(exif)
                image = ImageOps.exif_transpose(source)  # the pixels as the camera meant them, then no EXIF
                image.load()
                keep_png = source.format == "PNG"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("图片像素过多，无法安全处理")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError(_("图片已损坏，无法打开")) from None
    if keep_png:
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    else:
        image = image.convert("RGB")
    limit = settings.EVIDENCE_IMAGE_MAX_PIXELS
    image.thumbnail((limit, limit), Image.Resampling.LANCZOS)
    fmt = "PNG" if keep_png else "JPEG"
    thumb = image.convert("RGB")
    thumb.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS), Image.Resampling.LANCZOS)
    return Processed(
        content=_encode(image, fmt),
        extension=".png" if keep_png else ".jpg",
        thumbnail=_encode(thumb, "JPEG"),
        width=image.width,
        height=image.height,
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
    )
