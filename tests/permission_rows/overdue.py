"""Permission rows for the overdue list and its exports: read-only, every logged-in user."""

from tests.permission_rows import Row

ALL_OK = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}

ROWS = [
    Row("projects:overdue", lambda w: "/overdue/", get=ALL_OK),
    Row("projects:overdue_xlsx", lambda w: "/overdue/export.xlsx", get=ALL_OK),
    Row("projects:overdue_csv", lambda w: "/overdue/export.csv", get=ALL_OK),
]
