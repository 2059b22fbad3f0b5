"""Permission rows for the landing, 我的待办, the 未报 summary and 催报.

Everyone logged in has a landing and a /my/ page (staff see only their unit's items: tests/test_my_work.py); the
summary, its workbook and 催报 are for managers. 催报 is a POST: a GET is refused (403 for staff, 405 for managers).
"""

from tests.permission_rows import Row

ALL = ("staff_a", "staff_b", "manager", "admin")
MANAGERS = {"staff_a": 403, "staff_b": 403, "manager": 200, "admin": 200}

ROWS = [
    Row("reminders:landing", lambda w: "/start/", get={p: 302 for p in ALL}),
    Row("reminders:my", lambda w: "/my/", get={p: 200 for p in ALL}),
    Row("reminders:unreported", lambda w: "/reports/unreported/?year=2025&as_of=2025-06-30", get=MANAGERS),
    Row("reminders:unreported_xlsx", lambda w: "/reports/unreported/export.xlsx?year=2025", get=MANAGERS),
    Row(
        "reminders:chase",
        lambda w: "/reports/chase/",
        get={"staff_a": 403, "staff_b": 403, "manager": 405, "admin": 405},
        post={"staff_a": 403, "staff_b": 403, "manager": 302, "admin": 302},
        data=lambda w: {"unit": w["unit_a"].pk, "year": 2025, "month": 3},
    ),
]
