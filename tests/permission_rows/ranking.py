"""Permission rows for the ranking (红黄榜) and its workbook: every logged-in user reads them; they only read."""

from tests.permission_rows import Row

ALL = ("staff_a", "staff_b", "manager", "admin")

ROWS = [
    Row(
        "ranking:page",
        lambda w: "/ranking/?year=2025&as_of=2025-06-30",
        get={p: 200 for p in ALL},
        post={p: 405 for p in ALL},
    ),
    Row(
        "ranking:xlsx",
        lambda w: "/ranking/ranking.xlsx?year=2025&as_of=2025-06-30",
        get={p: 200 for p in ALL},
        post={p: 405 for p in ALL},
    ),
]
