"""Permission rows for the site shell (see tests/test_permission_matrix.py)."""

from tests.permission_rows import Row

ALL_OK = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}

ROWS = [
    Row("dashboard", lambda w: "/", get=ALL_OK),
    Row("password_change", lambda w: "/accounts/password/", get=ALL_OK),
    Row("password_change_done", lambda w: "/accounts/password/done/", get=ALL_OK),
    Row("logout", lambda w: "/accounts/logout/", post={p: 302 for p in ALL_OK}),
]
