"""Permission rows for supervision: everyone logged in reads the ledger, an order, its notice and the export; 待督办,
new drafts and their edits are for managers; the moves follow the table (tests/test_supervision_moves.py checks
every state; these rows check each URL once, on an order of unit A with unit B as co-unit)."""

import datetime as dt

from django.utils import timezone

from tests.permission_rows import Row
from tests.supervision_factories import make_order

ALL_OK = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}
MANAGERS = {"staff_a": 403, "staff_b": 403, "manager": 200, "admin": 200}


def order(w, state="issued"):
    """An order of project_a (unit A leads, unit B helps) in `state`, made once per world and state."""
    key = f"order_{state}"
    if key not in w:
        today = timezone.localdate()
        w[key] = make_order(
            w["project_a"], w["users"]["manager"], w["users"]["staff_a"], state, co_units=[w["unit_b"]], today=today
        )
    return w[key]


def act(action, state, data=None):
    def path(w):
        return f"/supervision/{order(w, state).pk}/{action}/"

    def post(w):
        fields = {"version": order(w, state).version, **(data or {})}
        return {f"{action}-{name}": value for name, value in fields.items()}

    return path, post


def draft_data(w):
    return {
        "version": order(w, "draft").version,
        "level": "order",
        "lead_unit": w["unit_a"].pk,
        "reason": "节点逾期",
        "requirements": "请反馈",
        "reply_due": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    }


def _move(name, state, get=None, post=None, data=None):
    path, post_data = act(name, state, data)
    return Row("supervision:action", path, get={p: 405 for p in ALL_OK}, post=post, data=post_data)


LEAD_ONLY = {"staff_a": 302, "staff_b": 403, "manager": 403, "admin": 403}
MANAGERS_POST = {"staff_a": 403, "staff_b": 403, "manager": 302, "admin": 302}

ROWS = [
    Row("supervision:ledger", lambda w: f"/supervision/?year=2025&unit={w['unit_a'].pk}", get=ALL_OK),
    Row("supervision:export_xlsx", lambda w: "/supervision/export.xlsx?overdue=1", get=ALL_OK),
    Row("supervision:todo", lambda w: "/supervision/todo/?year=2025", get=MANAGERS),
    # Nothing selected: back to 待督办 with a message.
    Row(
        "supervision:todo_preview",
        lambda w: "/supervision/todo/preview/",
        get={p: 405 for p in ALL_OK},
        post={"staff_a": 403, "staff_b": 403, "manager": 302, "admin": 302},
    ),
    # An empty preview issues nothing and goes to the ledger.
    Row(
        "supervision:todo_issue",
        lambda w: "/supervision/todo/issue/",
        get={p: 405 for p in ALL_OK},
        post={"staff_a": 403, "staff_b": 403, "manager": 302, "admin": 302},
        data=lambda w: {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
    ),
    Row("supervision:new", lambda w: f"/supervision/new/?project={w['project_a'].pk}", get=MANAGERS),
    Row("supervision:new", lambda w: "/supervision/new/", get=MANAGERS),
    Row(
        "supervision:new",
        lambda w: f"/supervision/new/?project={w['project_a'].pk}",
        post=MANAGERS_POST,
        data=lambda w: {**draft_data(w), "version": ""},
    ),
    Row("supervision:detail", lambda w: f"/supervision/{order(w).pk}/", get=ALL_OK),
    Row("supervision:detail", lambda w: "/supervision/999999/", get={p: 404 for p in ALL_OK}),
    Row("supervision:print", lambda w: f"/supervision/{order(w).pk}/print/", get=ALL_OK),
    Row("supervision:docx", lambda w: f"/supervision/{order(w).pk}/notice.docx", get=ALL_OK),
    Row(
        "supervision:edit",
        lambda w: f"/supervision/{order(w, 'draft').pk}/edit/",
        get=MANAGERS,
        post=MANAGERS_POST,
        data=draft_data,
    ),
    _move("acknowledge", "issued", post=LEAD_ONLY),
    _move("reply", "acknowledged", post=LEAD_ONLY, data={"measures": "已推进", "cause": "funds"}),
    _move("note", "issued", post={"staff_a": 403, "staff_b": 302, "manager": 403, "admin": 403}, data={"text": "配合"}),
    _move("chase", "issued", post=MANAGERS_POST, data={"text": ""}),
    _move("close", "replied", post=MANAGERS_POST, data={"note": "已核验"}),
    _move("unknown", "issued", post={p: 404 for p in ALL_OK}),
]
