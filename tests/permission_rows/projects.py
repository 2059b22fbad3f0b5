"""Permission rows for the project list, the project page and its update forms.

Everyone logged in reads every project; staff of the project's units (staff_a for project_a) and managers
update it; only managers change plans. Staff of another unit get 403 on every edit URL, GET and POST, except the
actual date of a milestone their unit is responsible for (staff_b for a milestone of project_a given to unit B).
"""

import datetime as dt

from projects.models import Milestone
from tests.permission_rows import Row

ALL_OK = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}
EDITORS = {"staff_a": 200, "staff_b": 403, "manager": 200, "admin": 200}
EDITORS_POST = {"staff_a": 302, "staff_b": 403, "manager": 302, "admin": 302}
PLANNERS = {"staff_a": 403, "staff_b": 403, "manager": 200, "admin": 200}
PLANNERS_POST = {"staff_a": 403, "staff_b": 403, "manager": 302, "admin": 302}


def milestone_a(w):
    """A milestone of project_a, made on first use."""
    if "milestone_a" not in w:
        w["milestone_a"] = Milestone.objects.create(
            project=w["project_a"], seq=1, name="主体完工", planned_date=dt.date(2025, 3, 31)
        )
    return w["milestone_a"]


def milestone_b(w):
    """A milestone of project_b (unit B), made on first use."""
    if "milestone_b" not in w:
        w["milestone_b"] = Milestone.objects.create(
            project=w["project_b"], seq=1, name="征地拆迁", planned_date=dt.date(2025, 3, 31)
        )
    return w["milestone_b"]


def milestone_a_for_b(w):
    """A milestone of project_a (unit A) for which unit B is responsible, made on first use."""
    if "milestone_a_for_b" not in w:
        w["milestone_a_for_b"] = Milestone.objects.create(
            project=w["project_a"], seq=2, name="管线迁改", planned_date=dt.date(2025, 3, 31), unit=w["unit_b"]
        )
    return w["milestone_a_for_b"]


def pa(w):
    return f"/projects/{w['project_a'].pk}"


def ms(w, action):
    return f"{pa(w)}/milestones/{milestone_a(w).pk}/{action}/"


ROWS = [
    Row("projects:list", lambda w: "/projects/?status=red&as_of=2025-06-30", get=ALL_OK),
    Row("projects:detail", lambda w: f"{pa(w)}/?as_of=2025-06-30", get=ALL_OK),
    Row(
        "projects:milestone_actual",
        lambda w: ms(w, "actual"),
        get=EDITORS,
        post=EDITORS_POST,
        data=lambda w: {"version": milestone_a(w).version, "actual_date": "2025-03-30", "note": "已完成"},
    ),
    Row(
        "projects:report",
        lambda w: f"{pa(w)}/report/",
        get=EDITORS,
        post=EDITORS_POST,
        data=lambda w: {"version": 0, "year": 2025, "month": 1, "investment_completed": "12.5"},
    ),
    Row(
        "projects:milestone_add",
        lambda w: f"{pa(w)}/milestones/add/",
        get=PLANNERS,
        post=PLANNERS_POST,
        data=lambda w: {"version": 0, "seq": 9, "name": "竣工验收", "planned_date": "2025-12-31"},
    ),
    Row(
        "projects:milestone_edit",
        lambda w: ms(w, "edit"),
        get=PLANNERS,
        post=PLANNERS_POST,
        data=lambda w: {
            "version": milestone_a(w).version,
            "seq": 1,
            "name": "主体完工",
            "planned_date": "2025-04-30",
            "change_reason": "设计变更",
        },
    ),
    Row(
        "projects:milestone_delete",
        lambda w: ms(w, "delete"),
        get=PLANNERS,
        post=PLANNERS_POST,
        data=lambda w: {"version": milestone_a(w).version, "reason": "重复录入"},
    ),
    Row(
        "projects:milestone_actual",
        lambda w: f"{pa(w)}/milestones/{milestone_a_for_b(w).pk}/actual/",
        get=ALL_OK,
        post={"staff_a": 302, "staff_b": 302, "manager": 302, "admin": 302},
        data=lambda w: {"version": milestone_a_for_b(w).version, "actual_date": "2025-03-30", "note": ""},
    ),
    # Objects outside the URL's scope: an unknown project, another project's milestone through project_a's URL.
    Row("projects:detail", lambda w: "/projects/999999/", get={p: 404 for p in ALL_OK}),
    Row(
        "projects:milestone_actual",
        lambda w: f"{pa(w)}/milestones/{milestone_b(w).pk}/actual/",
        get={p: 404 for p in ALL_OK},
        post={p: 404 for p in ALL_OK},
        data=lambda w: {"version": milestone_b(w).version, "actual_date": "2025-03-30", "note": ""},
    ),
]
