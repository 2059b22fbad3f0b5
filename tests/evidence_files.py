"""Files for the attachment tests, made in memory: photos with EXIF (capture time, GPS), a PDF, office files."""

import io
import zipfile

from PIL import Image

from projects.models import ProgressReport


def photo(fmt="JPEG", size=(64, 48), color=(200, 80, 40), taken="2026:11:03 10:21:00", gps=(29.5, 106.3)):
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make: must not survive
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    if gps:
        lat, lon = gps
        exif.get_ifd(0x8825).update({1: "N", 2: (lat, 0.0, 0.0), 3: "E", 4: (lon, 0.0, 0.0)})
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def pdf():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, "PDF")
    return out.getvalue()


def office(main_type):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override PartName="/x" ContentType="{main_type}"/></Types>')
        archive.writestr("word/document.xml", "<w/>")
    return out.getvalue()


def make_report(project, year=2026, month=11):
    return ProgressReport.objects.create(project=project, year=year, month=month, investment_completed=1)
