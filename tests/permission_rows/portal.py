"""Permission rows for the site shell (see tests/test_permission_matrix.py)."""

from tests.permission_rows import Row

ALL_OK = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}

ROWS = [
    Row("dashboard", lambda w: "/", get=ALL_OK),
    Row("password_change", lambda w: "/accounts/password/", get=ALL_OK),
    Row("password_change_done", lambda w: "/accounts/password/done/", get=ALL_OK),
    Row("logout", lambda w: "/accounts/logout/", post={p: 302 for p in ALL_OK}),
]


def notification(w):
    """A notification of staff_a, made once per world."""
    if "notification" not in w:
        from portal.notifications import notify

        notify([w["users"]["staff_a"]], kind="order_issued", text="测试", url="/", obj=w["project_a"])
        w["notification"] = w["users"]["staff_a"].notifications.get()
    return w["notification"]


ROWS += [
    Row("notifications", lambda w: "/notifications/", get=ALL_OK),
    Row(
        "notifications_read_all",
        lambda w: "/notifications/read-all/",
        get={p: 405 for p in ALL_OK},
        post={p: 302 for p in ALL_OK},
    ),
    # Another person's notification is not found.
    Row(
        "notification_read",
        lambda w: f"/notifications/{notification(w).pk}/read/",
        get={p: 405 for p in ALL_OK},
        post={"staff_a": 302, "staff_b": 404, "manager": 404, "admin": 404},
    ),
]

# Everyone sets their own e-mail settings (不接收邮件); nobody else's.
ROWS += [
    Row(
        "notification_email",
        lambda w: "/notifications/email/",
        get=ALL_OK,
        post={p: 302 for p in ALL_OK},
        data=lambda w: {"kinds": ["due_soon"]},
    ),
]
