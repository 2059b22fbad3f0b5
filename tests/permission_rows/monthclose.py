"""Permission rows for the month's close: everyone logged in reads the closed months, trends, changes and bulletins
(.docx, .xlsx); only managers close a month (a POST; a GET is refused: 403 for staff, 405 for managers); only
administrators reopen one (403 for the others)."""

import datetime as dt

from monthclose.results import closed_month
from monthclose.services import close_month
from tests.permission_rows import Row

ALL = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}


def june(world):
    """/months/2025/6/ with June 2025 closed (the world's projects are in the 2025 list)."""
    if closed_month(2025, 6) is None:
        close_month(2025, 6, world["users"]["manager"], today=dt.date(2025, 7, 3))
    return "/months/2025/6/"


ROWS = [
    Row("monthclose:months", lambda w: "/months/", get=ALL),
    Row(
        "monthclose:close",
        lambda w: "/months/close/",
        get={"staff_a": 403, "staff_b": 403, "manager": 405, "admin": 405},
        post={"staff_a": 403, "staff_b": 403, "manager": 302, "admin": 302},
        data=lambda w: {"year": 2025, "month": 5},
    ),
    Row("monthclose:trend", lambda w: june(w) and "/months/trend/?year=2025", get=ALL),
    Row("monthclose:unit_trend", lambda w: june(w) and f"/months/trend/unit/{w['unit_a'].pk}/?year=2025", get=ALL),
    Row("monthclose:bulletin", june, get=ALL),
    Row("monthclose:bulletin_docx", lambda w: june(w) + "bulletin.docx", get=ALL),
    Row("monthclose:bulletin_xlsx", lambda w: june(w) + "bulletin.xlsx", get=ALL),
    Row("monthclose:changes", lambda w: june(w) + "changes/", get=ALL),
    Row(
        "monthclose:reopen",
        lambda w: june(w) + "reopen/",
        get={"staff_a": 403, "staff_b": 403, "manager": 403, "admin": 405},
        post={"staff_a": 403, "staff_b": 403, "manager": 403, "admin": 302},
        data=lambda w: {"reason": "补录实际完成时间"},
    ),
]
