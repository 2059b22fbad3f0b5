"""Demo site photos (形象进度) for the demo list (projects.demo): pictures of a building site drawn with Pillow (no
downloads), with a capture time in the report's month and a GPS position in the zone written into their EXIF, kept
on the latest monthly reports of the first demo projects through the upload service, so that they are checked,
re-encoded, thumbnailed and stored under MEDIA_ROOT (or the configured storage) like any upload.

Idempotent: a report that already has an attachment gets none."""

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from portal.demo import demo_actor
from projects.models import ProgressReport, Project

from . import services
from .models import Attachment

PROJECTS = 4  # the first demo projects of the year's list (by code) that have reports
REPORTS = 2  # their latest reports: the gallery shows two months
VIEWS = ("east", "west")  # two photos a report, the site seen from two sides
SIZE = (960, 640)
ZONE = (29.585, 106.305)  # 重庆高新区 (西部科学城), roughly


def _exif_degrees(value):
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return (float(degrees), float(minutes), seconds)


def draw_site_photo(caption, *, floors, seed, taken_at, position):
    """A JPEG of a building site: sky, ground, a concrete frame `floors` storeys high, a tower crane, the caption;
    with the capture time and GPS position in its EXIF."""
    rng = random.Random(seed)
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.68)
    for y in range(horizon):  # the sky, lighter towards the horizon
        shade = y / horizon
        draw.line([(0, y), (width, y)], fill=(int(90 + 110 * shade), int(150 + 70 * shade), int(215 + 30 * shade)))
    for _ in range(6):  # hills behind the site
        x = rng.randint(-100, width)
        draw.ellipse([x, horizon - rng.randint(40, 110), x + rng.randint(220, 420), horizon + 60], fill=(70, 115, 75))
    draw.rectangle([0, horizon, width, height], fill=(150, 120, 85))
    left = rng.randint(160, 320)
    bay, storey, bays = 70, 42, 5
    right = left + bay * bays
    for floor in range(floors):  # slabs and columns, bottom up
        y = horizon - storey * (floor + 1)
        draw.rectangle([left - 6, y, right + 6, y + 8], fill=(185, 185, 180))
        for column in range(bays + 1):
            x = left + column * bay
            draw.rectangle([x - 5, y + 8, x + 5, y + storey], fill=(165, 165, 160))
    top = horizon - storey * floors
    for column in range(bays + 1):  # reinforcement waiting for the next storey
        x = left + column * bay
        draw.line([(x, top), (x, top - 24)], fill=(120, 60, 40), width=3)
    mast = right + 90
    jib = max(top - 120, 40)
    draw.rectangle([mast - 8, jib, mast + 8, horizon], outline=(230, 180, 20), width=4)
    for y in range(jib, horizon, 24):  # the mast's lattice
        draw.line([(mast - 8, y), (mast + 8, y + 24)], fill=(230, 180, 20), width=2)
    draw.rectangle([mast - 260, jib - 10, mast + 90, jib + 6], fill=(230, 180, 20))
    draw.rectangle([mast + 50, jib + 6, mast + 90, jib + 40], fill=(110, 110, 110))  # counterweight
    hook = rng.randint(mast - 240, mast - 60)
    draw.line([(hook, jib + 6), (hook, jib + 150)], fill=(40, 40, 40), width=2)
    draw.rectangle([hook - 14, jib + 150, hook + 14, jib + 166], fill=(60, 90, 140))
    draw.rectangle([0, height - 44, width, height], fill=(30, 30, 30))
    draw.text((16, height - 36), caption, fill=(255, 255, 255), font=ImageFont.load_default(size=24))

    exif = Image.Exif()
    exif[0x0110] = "Demo site camera"  # Model: dropped when the upload is re-encoded
    exif.get_ifd(0x8769)[0x9003] = f"{taken_at:%Y:%m:%d %H:%M:%S}"  # DateTimeOriginal, local time
    exif.get_ifd(0x8769)[0x9011] = f"{taken_at:%z}"[:3] + ":" + f"{taken_at:%z}"[3:]  # OffsetTimeOriginal
    latitude, longitude = position
    exif.get_ifd(0x8825).update(
        {1: "N", 2: _exif_degrees(latitude), 3: "E", 4: _exif_degrees(longitude)}  # GPSLatitude(Ref), Longitude
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def _reports(year):
    """The latest reports of the first demo projects of `year`'s list that have reports."""
    listed = ProgressReport.objects.in_list(year).values("project_id")
    projects = Project.objects.filter(pk__in=listed).order_by("code")[:PROJECTS]
    for project in projects:
        reports = ProgressReport.objects.filter(project=project, year=year).select_related("project__lead_unit")
        yield from reports.order_by("-month")[:REPORTS]


def _taken_at(report, index, today):
    """In the report's month, on the 20th (or earlier, never after the load day), mid-morning."""
    day = dt.date(report.year, report.month, 20)
    day = min(day, today) if (day.year, day.month) == (today.year, today.month) else day
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9 + 2 * index, 15 * index)))


def load_demo_photos(today=None):
    """Attach the demo photos to the demo reports that have none; returns how many photos were kept."""
    today = today or timezone.localdate()
    kept = 0
    for report in _reports(today.year):
        if Attachment.objects.of_owner(report).exists():
            continue
        project = report.project
        position = (ZONE[0] + (project.pk % 7) * 0.004, ZONE[1] + (project.pk % 5) * 0.005)
        files = []
        for index, view in enumerate(VIEWS):
            taken_at = _taken_at(report, index, today)
            caption = f"{project.code}  {report.year}-{report.month:02d}  {view}"
            data = draw_site_photo(
                caption,
                floors=min(1 + report.month // 2, 8),
                seed=f"{project.code}-{report.month}-{view}",
                taken_at=timezone.localtime(taken_at),
                position=position,
            )
            files.append(SimpleUploadedFile(f"现场照片-{report.month:02d}月-{index + 1}.jpg", data, "image/jpeg"))
        services.attach(report, services.prepare(files), demo_actor(project.lead_unit))
        kept += len(files)
    return kept
