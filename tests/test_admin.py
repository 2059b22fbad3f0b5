"""The admin renders every registered model, keeps its query count flat, filters by status and bumps versions."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cockpit.models import ApiToken, YearGoal
from portal.models import LoginEvent
from projects.models import ListEntry, Milestone, ProgressReport, Project
from reminders.models import ReportChase
from tests.factories import make_project
from tests.indicator_factories import add_value, make_indicator, set_target
from tests.supervision_factories import make_order

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
# Records nobody adds by hand: the counted failed logins (django-axes) and the login audit; supervision orders and
# their log, written only on the site, where the rules of supervision.md apply; the chases (催报).
NO_ADD = {"axes.AccessAttempt", "portal.LoginEvent", "supervision.SupervisionOrder", "supervision.OrderLog"}
NO_ADD |= {"reminders.ReportChase"}


def today_plus(n):
    return timezone.localdate() + dt.timedelta(days=n)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def colored_projects(unit, prefix="C"):
    """One project of each color as of today."""
    year = timezone.localdate().year
    specs = {
        "red": [(today_plus(-40), None)],
        "yellow": [(today_plus(-3), None), (today_plus(-50), today_plus(-52))],
        "green": [(today_plus(10), None), (today_plus(-10), today_plus(-10))],
        "blue": [(today_plus(5), today_plus(-35))],
        "none": [(today_plus(-90), None, True)],
    }
    return {
        color: make_project(unit, code=f"{prefix}-{color}", year=year, milestones=ms) for color, ms in specs.items()
    }


@pytest.fixture
def objects(users, unit_a, unit_b):
    projects = colored_projects(unit_a)
    project = projects["red"]
    project.responsible_units.add(unit_b)
    ProgressReport.objects.create(project=project, year=2025, month=3, investment_completed=100)
    indicator = make_indicator("growth", unit=unit_a, code="gdp", name="地区生产总值增速")
    set_target(indicator, "7")
    add_value(indicator, 6, growth="7.2")
    AccessAttempt.objects.create(
        username="staff_a",
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=2,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        attempt_time=timezone.now(),
    )
    LoginEvent.objects.create(kind=LoginEvent.Kind.FAILED, username="staff_a", ip_address="10.0.0.1")
    make_order(
        project, users["manager"], users["staff_a"], "replied", co_units=[unit_b], milestones=project.milestones.all()
    )
    ReportChase.objects.create(unit=unit_a, year=2025, month=3, missing=1, chased_by=users["manager"])
    YearGoal.objects.create(year=2025, list_count=225, investment=620)
    token = ApiToken(name="区数字驾驶舱")
    token.new_key()
    token.save()
    return projects


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_page_renders_with_objects(client_for, objects, model):
    client = client_for("admin")
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"add an object of {model._meta.label} to the `objects` fixture"
    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "changelist"), {"q": "x"}).status_code == 200
    assert client.get(url(model, "add")).status_code == (403 if model._meta.label in NO_ADD else 200)
    assert client.get(url(model, "change", obj.pk)).status_code == 200
    assert client.get(url(model, "history", obj.pk)).status_code == 200


def test_models_of_the_project_are_registered():
    registered = {m._meta.label for m in MODELS}
    expected = {"projects.Unit", "projects.Project", "projects.ListEntry", "projects.Milestone"}
    assert expected | {"projects.ProgressReport", "portal.User", "auth.Group"} <= registered


@pytest.mark.parametrize(
    "query",
    ["", "status=red", "year=THIS_YEAR&batch=ongoing", "level=other", "o=5", "o=-5"],
)
def test_project_changelist_filters_render(client_for, objects, query):
    query = query.replace("THIS_YEAR", str(timezone.localdate().year))
    response = client_for("admin").get(url(Project, "changelist") + "?" + query)
    assert response.status_code == 200


def test_milestone_changelist_filters_render(client_for, objects):
    client = client_for("admin")
    for query in ["status=red", "status=yellow", "status=green", "status=blue", "status=exempt", "o=8", "o=-7"]:
        assert client.get(url(Milestone, "changelist") + "?" + query).status_code == 200


def _changelist_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(Project, "changelist"))
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["cl"].result_list)


def test_project_changelist_query_count_does_not_grow_with_rows(client_for, users, unit_a, unit_b):
    client = client_for("admin")
    for i in range(5):
        make_project(unit_a if i % 2 else unit_b, year=timezone.localdate().year, milestones=[(today_plus(-i), None)])
    few, shown = _changelist_queries(client)
    assert shown == 5
    for i in range(25):
        make_project(unit_a if i % 2 else unit_b, year=timezone.localdate().year, milestones=[(today_plus(-i), None)])
    many, shown = _changelist_queries(client)
    assert shown == 30
    assert few == many
    assert many <= 12, f"{many} queries"


def _listed_codes(client, model, query):
    response = client.get(url(model, "changelist") + "?" + query)
    assert response.status_code == 200
    return response.context["cl"].result_list


@pytest.mark.parametrize("color", ["red", "yellow", "green", "blue", "none"])
def test_project_status_filter_narrows_to_that_color(client_for, objects, color):
    rows = _listed_codes(client_for("admin"), Project, f"status={color}")
    assert [p.code for p in rows] == [f"C-{color}"]
    assert rows[0].status == color


def test_project_status_column_shows_the_labelled_badge(client_for, objects):
    html = client_for("admin").get(url(Project, "changelist")).content.decode()
    assert '<span class="badge red">红色 · 滞后督办</span>' in html
    assert '<span class="badge blue">蓝色 · 超前示范</span>' in html


def test_project_changelist_sorts_by_status(client_for, objects):
    client = client_for("admin")
    rows = _listed_codes(client, Project, "o=5")  # column 5: the status (0 is the action checkbox)
    assert [p.status for p in rows] == ["red", "yellow", "green", "blue", "none"]
    rows = _listed_codes(client, Project, "o=-5.1")
    assert [p.code for p in rows] == ["C-none", "C-blue", "C-green", "C-yellow", "C-red"]


def test_batch_filter_uses_the_chosen_year(client_for, unit_a):
    p = make_project(unit_a, code="Y-1", year=2024, batch="start")
    ListEntry.objects.create(project=p, year=2025, batch="ongoing")
    client = client_for("admin")
    assert [x.code for x in _listed_codes(client, Project, "year=2025&batch=start")] == []
    assert [x.code for x in _listed_codes(client, Project, "year=2024&batch=start")] == ["Y-1"]
    assert [x.code for x in _listed_codes(client, Project, "batch=ongoing")] == ["Y-1"]


def test_milestone_status_filter_narrows(client_for, objects):
    client = client_for("admin")
    red = _listed_codes(client, Milestone, "status=red")
    assert [(m.project.code, m.status) for m in red] == [("C-red", "red")]
    exempt = _listed_codes(client, Milestone, "status=exempt")
    assert [m.project.code for m in exempt] == ["C-none"]
    green = _listed_codes(client, Milestone, "status=green")
    assert sorted(m.project.code for m in green) == ["C-green", "C-green", "C-yellow"]


def test_rows_with_an_actual_date_after_today_can_be_found_for_correction(client_for, objects):
    """Entered before the rule existed (the admin accepted them); the data-check filter lists them."""
    Milestone.objects.filter(project=objects["green"], seq=1).update(actual_date=today_plus(5))
    Project.objects.filter(pk=objects["blue"].pk).update(actual_finish=today_plus(2))
    client = client_for("admin")
    assert [(m.project.code, m.seq) for m in _listed_codes(client, Milestone, "future_actual=yes")] == [("C-green", 1)]
    assert [p.code for p in _listed_codes(client, Project, "future_actual=yes")] == ["C-blue"]
    assert len(_listed_codes(client, Project, "")) == 5
    # Today is not after today: the edge stays off the list.
    Milestone.objects.filter(project=objects["green"], seq=1).update(actual_date=today_plus(0))
    Project.objects.filter(pk=objects["blue"].pk).update(actual_finish=today_plus(0))
    assert list(_listed_codes(client, Milestone, "future_actual=yes")) == []
    assert list(_listed_codes(client, Project, "future_actual=yes")) == []


def test_milestone_list_names_the_project_by_code_with_its_name_on_hover(client_for, objects):
    project = objects["red"]
    html = client_for("admin").get(url(Milestone, "changelist")).content.decode()
    assert f'<span title="{project.name}">{project.code}</span>' in html


# --- edits through the admin bump versions and keep history ---------------------------------------------


def _form_data(response):
    """The POST data of an admin change form as rendered (main form, inline formsets, management forms)."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            elif isinstance(value, dt.date):
                data[field.html_name] = value.isoformat()
            else:
                data[field.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", ()):  # none on a history (revert) page
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def _post_edited(client, model, pk, **values):
    """Open an object's admin change page, set `values` in its form as rendered, and post it."""
    change = url(model, "change", pk)
    data = _form_data(client.get(change))
    data.update(values)
    return client.post(change, data)


def _milestone_rows(response):
    """The milestone rows (formset) of a project's change page."""
    (rows,) = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "milestones"]
    return rows


def test_admin_edit_of_project_and_inline_milestone_bumps_versions(client_for, objects):
    client = client_for("admin")
    project = objects["red"]
    milestone = project.milestones.get()
    change = url(Project, "change", project.pk)
    data = _form_data(client.get(change))
    data["name"] = "改名后的项目"
    data["milestones-0-actual_date"] = timezone.localdate().isoformat()
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    milestone.refresh_from_db()
    assert (project.name, project.version) == ("改名后的项目", 2)
    assert (milestone.actual_date, milestone.version) == (timezone.localdate(), 2)
    assert milestone.history.first().history_user.username == "admin"
    assert project.history.first().history_user.username == "admin"


def test_unchanged_inline_rows_keep_their_version(client_for, objects):
    client = client_for("admin")
    project = objects["yellow"]
    change = url(Project, "change", project.pk)
    data = _form_data(client.get(change))
    data["milestones-1-name"] = "补充后的节点名称"
    assert client.post(change, data).status_code == 302
    first, second = project.milestones.order_by("seq")
    assert (first.version, second.version) == (1, 2)


def test_admin_edit_of_milestone_bumps_its_version(client_for, objects):
    client = client_for("admin")
    milestone = objects["yellow"].milestones.get(seq=1)
    change = url(Milestone, "change", milestone.pk)
    data = _form_data(client.get(change))
    data["planned_date"] = today_plus(30).isoformat()
    data["change_reason"] = "征地延期"
    assert client.post(change, data).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.planned_date, milestone.version) == (today_plus(30), 2)
    assert milestone.baseline_date == today_plus(-3)
    assert milestone.history.first().history_change_reason == "征地延期"


def test_a_planned_date_changed_in_the_admin_needs_a_reason_as_on_the_pages(client_for, objects):
    client = client_for("manager")
    milestone = objects["yellow"].milestones.get(seq=1)
    change = url(Milestone, "change", milestone.pk)
    response = _post_edited(client, Milestone, milestone.pk, planned_date=today_plus(30).isoformat())
    assert response.context["adminform"].form.errors["change_reason"] == ["修改计划完成时间必须填写理由"]
    project_change = url(Project, "change", milestone.project_id)
    data = _form_data(client.get(project_change))
    data["milestones-0-planned_date"] = today_plus(30).isoformat()
    response = client.post(project_change, data)
    assert _milestone_rows(response).forms[0].errors["change_reason"] == ["修改计划完成时间必须填写理由"]
    milestone.refresh_from_db()
    assert (milestone.planned_date, milestone.version) == (today_plus(-3), 1)
    data["milestones-0-change_reason"] = "设计变更"
    assert client.post(project_change, data).status_code == 302
    milestone.refresh_from_db()
    assert milestone.planned_date == today_plus(30)
    assert milestone.history.first().history_change_reason == "设计变更"
    # Other edits and new milestones need none.
    data = _form_data(client.get(change))
    data["note"] = "补充说明"
    assert client.post(change, data).status_code == 302
    data = _form_data(client.get(project_change))
    total = int(data["milestones-TOTAL_FORMS"])
    data.update(
        {
            "milestones-TOTAL_FORMS": str(total + 1),
            f"milestones-{total}-seq": "9",
            f"milestones-{total}-name": "新增节点",
            f"milestones-{total}-planned_date": today_plus(60).isoformat(),
        }
    )
    assert client.post(project_change, data).status_code == 302
    assert milestone.project.milestones.get(seq=9).baseline_date == today_plus(60)


def test_reverting_a_planned_date_in_the_admin_needs_a_reason_too(client_for, objects, users):
    from projects.services import change_milestone

    milestone = objects["yellow"].milestones.get(seq=1)
    fields = {f: getattr(milestone, f) for f in ("seq", "name", "unit", "note", "is_exempt", "exempt_reason")}
    change_milestone(
        milestone, version=1, user=users["manager"], change_reason="征地延期", planned_date=today_plus(30), **fields
    )
    client = client_for("manager")
    page = _revert_page(milestone)  # back to the first version's date
    data = _form_data(client.get(page))
    response = client.post(page, data)
    assert response.context["adminform"].form.errors["change_reason"] == ["修改计划完成时间必须填写理由"]
    data["change_reason"] = "恢复原计划"
    assert client.post(page, data).status_code == 302
    milestone.refresh_from_db()
    assert milestone.planned_date == today_plus(-3)
    assert milestone.history.first().history_change_reason == "恢复原计划"


@pytest.mark.parametrize("field", ["actual_start", "actual_finish"])
def test_the_admin_refuses_a_project_actual_date_after_today(client_for, objects, field):
    client = client_for("admin")
    project = objects["green"]
    response = _post_edited(client, Project, project.pk, **{field: today_plus(1).isoformat()})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [f"不能晚于今天（{timezone.localdate().isoformat()}）"]
    project.refresh_from_db()
    assert (getattr(project, field), project.version) == (None, 1)


def test_the_admin_refuses_a_milestone_actual_date_after_today_on_its_page_and_in_the_project(client_for, objects):
    client = client_for("admin")
    milestone = objects["green"].milestones.get(seq=1)
    response = _post_edited(client, Milestone, milestone.pk, actual_date=today_plus(1).isoformat())
    assert response.status_code == 200 and "actual_date" in response.context["adminform"].form.errors
    project_change = url(Project, "change", milestone.project_id)
    data = _form_data(client.get(project_change))
    data["milestones-0-actual_date"] = today_plus(1).isoformat()
    response = client.post(project_change, data)
    assert response.status_code == 200
    assert "actual_date" in _milestone_rows(response).forms[0].errors
    milestone.refresh_from_db()
    assert (milestone.actual_date, milestone.version) == (None, 1)
    # Today itself is an actual date.
    data["milestones-0-actual_date"] = timezone.localdate().isoformat()
    assert client.post(project_change, data).status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual_date == timezone.localdate()


def _record_actual_meanwhile(milestone, users):
    from projects.services import record_actual

    record_actual(
        milestone, version=milestone.version, actual_date=today_plus(-1), note="已完成", user=users["staff_a"]
    )


def test_an_admin_form_opened_before_a_page_edit_does_not_save_over_it(client_for, objects, users):
    client = client_for("admin")
    milestone = objects["yellow"].milestones.get(seq=1)
    change = url(Milestone, "change", milestone.pk)
    data = _form_data(client.get(change))
    _record_actual_meanwhile(milestone, users)
    data["note"] = "管理员的说明"
    response = client.post(change, data)
    assert response.status_code == 200
    assert "保存被拒绝" in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.actual_date, milestone.note, milestone.version) == (today_plus(-1), "已完成", 2)


def test_a_project_saved_with_an_outdated_milestone_row_is_refused(client_for, objects, users):
    """The inline row still shows the old (empty) actual date; saving it would undo the staff's entry."""
    client = client_for("admin")
    project = objects["red"]
    milestone = project.milestones.get()
    change = url(Project, "change", project.pk)
    data = _form_data(client.get(change))
    _record_actual_meanwhile(milestone, users)
    data["name"] = "改名后的项目"
    response = client.post(change, data)
    assert response.status_code == 200 and "保存被拒绝" in response.content.decode()
    project.refresh_from_db()
    milestone.refresh_from_db()
    assert project.name != "改名后的项目" and milestone.actual_date == today_plus(-1)


def _revert_page(milestone):
    first = milestone.history.order_by("history_id").first()
    return reverse("admin:projects_milestone_simple_history", args=[milestone.pk, first.history_id])


def test_reverting_to_an_earlier_version_numbers_it_after_the_latest(client_for, objects, users):
    client = client_for("admin")
    milestone = objects["yellow"].milestones.get(seq=1)
    _record_actual_meanwhile(milestone, users)  # version 2
    page = _revert_page(milestone)
    response = client.post(page, _form_data(client.get(page)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    milestone.refresh_from_db()
    assert (milestone.actual_date, milestone.version) == (None, 3)


def test_a_revert_page_opened_before_another_edit_does_not_save_over_it(client_for, objects, users):
    client = client_for("admin")
    milestone = objects["yellow"].milestones.get(seq=1)
    page = _revert_page(milestone)
    data = _form_data(client.get(page))
    _record_actual_meanwhile(milestone, users)
    response = client.post(page, data)
    assert response.status_code == 200 and "保存被拒绝" in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.actual_date, milestone.version) == (today_plus(-1), 2)


def test_manager_sees_the_admin_too(client_for, objects):
    # Managers have model permissions on projects; the admin is their tool as well.
    response = client_for("manager").get(url(Project, "changelist"))
    assert response.status_code == 200


def test_the_two_box_unit_picker_speaks_chinese(client_for):
    """Every text of the admin's two-box picker script has a Chinese translation: Django 5.2's own catalog lacks
    some, ours supplies them (checked against the script itself, so a Django upgrade that adds one shows here)."""
    import re
    from pathlib import Path

    import django
    from django.utils.translation.trans_real import DjangoTranslation
    from django.views.i18n import JavaScriptCatalog

    script = Path(django.__file__).parent / "contrib/admin/static/admin/js/SelectFilter2.js"
    texts = set(re.findall(r"""gettext\((['"])(.+?)\1\)""", script.read_text()))
    assert len(texts) >= 10
    paths = JavaScriptCatalog().get_paths(["django.contrib.admin"])
    chinese = DjangoTranslation("zh-hans", domain="djangojs", localedirs=paths)
    assert [text for _quote, text in sorted(texts) if chinese.gettext(text) == text] == []
    # And the catalog the admin pages load carries ours.
    client = client_for("admin")
    assert "\\u5168\\u9009%s" in client.get(reverse("admin:jsi18n")).content.decode()  # 全选%s


@pytest.mark.parametrize(
    "language, shown, not_shown",
    [
        ("zh-hans", ["登录锁定", "登录尝试"], ["Axes", "Access attempts"]),
        ("en", ["Login lockout", "Access attempts"], []),
    ],
)
def test_the_login_lockouts_section_of_the_admin_reads_in_the_users_language(client_for, language, shown, not_shown):
    client = client_for("admin")
    client.cookies["django_language"] = language
    page = client.get(reverse("admin:index")).content.decode()
    assert all(text in page for text in shown) and not any(text in page for text in not_shown)
