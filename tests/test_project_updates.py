"""The project page and its updates: access, optimistic locking, baseline and slip, reports, history."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation

from projects.models import Milestone, ProgressReport
from tests.factories import make_project

TODAY = dt.date(2025, 7, 15)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 7, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def project(unit_a, unit_b):
    return make_project(
        unit_a,
        code="A-100",
        name="科学大道",
        annual_plan=Decimal("1200"),
        milestones=[(dt.date(2025, 5, 1), None), (dt.date(2025, 9, 30), None)],
    )


def ms(project, seq=1):
    return Milestone.objects.get(project=project, seq=seq)


def url(project, tail=""):
    return f"/projects/{project.pk}/{tail}"


def actual_url(project, seq=1):
    return url(project, f"milestones/{ms(project, seq).pk}/actual/")


def edit_url(project, seq=1):
    return url(project, f"milestones/{ms(project, seq).pk}/edit/")


def test_staff_records_an_actual_date_and_the_color_changes(project, client_for):
    c = client_for("staff_a")
    html = c.get(url(project)).content.decode()
    assert "红色 · 滞后督办" in html
    m = ms(project)
    response = c.post(actual_url(project), {"version": m.version, "actual_date": "2025-07-10", "note": "已完成"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.actual_date, m.note, m.version) == (dt.date(2025, 7, 10), "已完成", 2)
    html = c.get(url(project)).content.decode()
    assert "逾期完成 70 天" in html
    assert m.history.first().history_user.username == "staff_a"


def test_future_actual_date_is_refused(project, client_for):
    c = client_for("staff_a")
    m = ms(project)
    response = c.post(actual_url(project), {"version": m.version, "actual_date": "2025-07-16"})
    assert response.status_code == 200
    assert "不能晚于今天" in response.content.decode()
    assert response.context["form"].errors["actual_date"]
    m.refresh_from_db()
    assert m.actual_date is None and m.version == 1


def test_the_service_refuses_a_future_actual_date_on_its_own(project, users):
    """The rule is the model field's: a caller without the page's form is held to it too."""
    from django.core.exceptions import ValidationError

    from projects.services import record_actual

    m = ms(project)
    with pytest.raises(ValidationError) as refused:
        record_actual(m, version=m.version, actual_date=dt.date(2025, 7, 16), note="", user=users["staff_a"])
    assert refused.value.message_dict == {"actual_date": ["不能晚于今天（2025-07-15）"]}
    m.refresh_from_db()
    assert m.actual_date is None and m.version == 1
    record_actual(m, version=m.version, actual_date=TODAY, note="", user=users["staff_a"])
    m.refresh_from_db()
    assert m.actual_date == TODAY


def test_two_stale_saves_are_refused_with_the_current_values(project, client_for):
    m = ms(project)
    first = client_for("staff_a").post(actual_url(project), {"version": 1, "actual_date": "2025-07-01", "note": "甲"})
    assert first.status_code == 302
    for attempt in ("乙", "丙"):  # both opened the form at version 1
        response = client_for("manager").post(
            actual_url(project), {"version": 1, "actual_date": "2025-06-01", "note": attempt}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "保存被拒绝" in html
        assert response.context["form"].initial["note"] == "甲"  # the current values are shown
        assert response.context["form"].initial["version"] == 2
        assert attempt in html  # and what the user tried to save
    m.refresh_from_db()
    assert (m.note, m.actual_date, m.version) == ("甲", dt.date(2025, 7, 1), 2)


def test_manager_changes_a_planned_date_with_a_reason_and_the_baseline_stays(project, client_for):
    c = client_for("manager")
    m = ms(project)
    data = {"version": 1, "seq": 1, "name": m.name, "planned_date": "2025-08-15", "unit": m.unit_id}
    response = c.post(edit_url(project), data)
    assert response.status_code == 200
    assert response.context["form"].errors["change_reason"]
    response = c.post(edit_url(project), {**data, "change_reason": "征地延期"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.planned_date, m.baseline_date, m.slip_days) == (dt.date(2025, 8, 15), dt.date(2025, 5, 1), 106)
    assert m.history.first().history_change_reason == "征地延期"
    html = c.get(url(project)).content.decode()
    assert "2025-05-01" in html and "+106" in html and "征地延期" in html


@pytest.mark.parametrize(
    "planned,reason,refused",
    [
        (dt.date(2025, 5, 1), "", False),  # the same date: no reason needed
        (dt.date(2025, 8, 15), "", True),
        (dt.date(2025, 8, 15), "   ", True),  # blank is no reason
        (dt.date(2025, 8, 15), "征地延期", False),
    ],
)
def test_the_service_holds_a_plan_change_to_its_reason(project, users, planned, reason, refused):
    """The same rule as the page form and the admin (projects.validators), for a caller without a form."""
    from django.core.exceptions import ValidationError

    from projects.services import change_milestone

    m = ms(project)
    fields = {f: getattr(m, f) for f in ("seq", "name", "unit", "note", "is_exempt", "exempt_reason")}
    call = lambda: change_milestone(  # noqa: E731
        m, version=1, user=users["manager"], change_reason=reason, planned_date=planned, **fields
    )
    if refused:
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.message_dict == {"change_reason": ["修改计划完成时间必须填写理由"]}
        m.refresh_from_db()
        assert (m.planned_date, m.version) == (dt.date(2025, 5, 1), 1)
    else:
        call()
        m.refresh_from_db()
        assert (m.planned_date, m.version) == (planned, 2)


def test_stale_plan_change_is_refused(project, client_for):
    c = client_for("manager")
    m = ms(project)
    base = {"seq": 1, "name": m.name, "planned_date": "2025-08-15", "change_reason": "调整"}
    assert c.post(edit_url(project), {**base, "version": 1}).status_code == 302
    response = c.post(edit_url(project), {**base, "version": 1, "planned_date": "2025-10-01"})
    assert response.status_code == 200 and "保存被拒绝" in response.content.decode()
    m.refresh_from_db()
    assert m.planned_date == dt.date(2025, 8, 15)


def test_a_delete_opened_before_an_edit_is_refused_and_the_milestone_stays(project, client_for):
    m = ms(project)
    delete = url(project, f"milestones/{m.pk}/delete/")
    assert client_for("manager").get(delete).context["form"].initial["version"] == 1
    done = {"version": 1, "actual_date": "2025-07-10", "note": "已完成"}
    assert client_for("staff_a").post(actual_url(project), done).status_code == 302
    response = client_for("manager").post(delete, {"version": 1, "reason": "重复录入"})
    assert response.status_code == 200 and "保存被拒绝" in response.content.decode()
    assert response.context["form"].initial["version"] == 2  # confirming again deletes what is there now
    m.refresh_from_db()
    assert (m.actual_date, m.version) == (dt.date(2025, 7, 10), 2)


def test_a_stored_value_the_form_does_not_show_is_named_when_it_refuses_a_save(project, client_for):
    """An actual date after today stored before the rule (the admin accepted it) blocks a plan change with a message
    naming it, not a server error; the plan stays as it was until the date is corrected."""
    Milestone.objects.filter(project=project, seq=1).update(actual_date=dt.date(2025, 8, 1))
    c = client_for("manager")
    m = ms(project)
    data = {"version": 1, "seq": 1, "name": "改名", "planned_date": "2025-05-01", "unit": m.unit_id}
    response = c.post(edit_url(project), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["实际完成时间：不能晚于今天（2025-07-15）"]
    name = m.name
    m.refresh_from_db()
    assert (m.name, m.version) == (name, 1)
    fix = {"version": 1, "actual_date": "2025-07-10"}
    assert c.post(actual_url(project), fix).status_code == 302
    assert c.post(edit_url(project), {**data, "version": 2}).status_code == 302


def test_manager_exempts_adds_and_removes_milestones(project, client_for):
    c = client_for("manager")
    m = ms(project)
    data = {"version": 1, "seq": 1, "name": m.name, "planned_date": "2025-05-01", "is_exempt": "on"}
    response = c.post(edit_url(project), data)
    assert response.context["form"].errors["exempt_reason"]
    assert c.post(edit_url(project), {**data, "exempt_reason": "政策调整"}).status_code == 302
    m.refresh_from_db()
    assert m.is_exempt and m.exempt_reason == "政策调整"
    added = c.post(
        url(project, "milestones/add/"), {"version": 0, "seq": 3, "name": "竣工", "planned_date": "2025-12-31"}
    )
    assert added.status_code == 302
    new = ms(project, 3)
    assert new.baseline_date == dt.date(2025, 12, 31) and new.unit_id == project.lead_unit_id
    duplicate = c.post(
        url(project, "milestones/add/"), {"version": 0, "seq": 3, "name": "重复", "planned_date": "2025-12-31"}
    )
    assert duplicate.status_code == 200 and duplicate.context["form"].errors
    delete = url(project, f"milestones/{new.pk}/delete/")
    assert c.post(delete, {"version": 1}).status_code == 200  # a reason is required
    assert c.post(delete, {"version": 1, "reason": "重复录入"}).status_code == 302
    assert not Milestone.objects.filter(pk=new.pk).exists()
    assert Milestone.history.filter(id=new.pk, history_type="-").get().history_change_reason == "重复录入"


def test_a_taken_sequence_number_is_refused_on_its_field_in_words(project, client_for):
    manager = client_for("manager")
    data = {"version": 0, "seq": 2, "name": "竣工", "planned_date": "2025-12-31"}
    response = manager.post(url(project, "milestones/add/"), data)
    assert response.context["form"].errors["seq"] == ["该项目已有序号为 2 的节点"]
    edit = {"version": 1, "seq": 2, "name": ms(project).name, "planned_date": "2025-05-01"}
    response = manager.post(edit_url(project), edit)
    assert response.context["form"].errors["seq"] == ["该项目已有序号为 2 的节点"]
    assert sorted(project.milestones.values_list("seq", flat=True)) == [1, 2]


def test_staff_cannot_change_plans_or_edit_other_units_projects(project, client_for, unit_b):
    m = ms(project)
    staff_a = client_for("staff_a")
    assert staff_a.get(edit_url(project)).status_code == 403
    assert (
        staff_a.post(edit_url(project), {"version": 1, "seq": 1, "name": "x", "planned_date": "2026-01-01"}).status_code
        == 403
    )
    staff_b = client_for("staff_b")
    assert staff_b.post(actual_url(project), {"version": 1, "actual_date": "2025-07-01"}).status_code == 403
    assert staff_b.post(url(project, "report/"), {"version": 0, "year": 2025, "month": 6}).status_code == 403
    # Through a project of their own unit, the milestone of another project is not found.
    own = make_project(unit_b, code="B-100")
    assert (
        staff_b.post(url(own, f"milestones/{m.pk}/actual/"), {"version": 1, "actual_date": "2025-07-01"}).status_code
        == 404
    )
    m.refresh_from_db()
    assert m.actual_date is None and m.planned_date == dt.date(2025, 5, 1)
    # The page shows no edit links to those who cannot edit.
    html = staff_b.get(url(project)).content.decode()
    assert "/actual/" not in html and "/report/" not in html


def test_staff_of_a_responsible_unit_may_update(unit_a, unit_b, client_for):
    shared = make_project(unit_a, code="S-1", responsible_units=[unit_b], milestones=[(dt.date(2025, 5, 1), None)])
    response = client_for("staff_b").post(actual_url(shared), {"version": 1, "actual_date": "2025-07-01"})
    assert response.status_code == 302


def test_staff_record_the_milestones_their_unit_is_responsible_for_in_another_units_project(
    project, client_for, unit_b
):
    """The overdue list names a milestone's responsible unit (责任单位): its staff can clear it, nothing more."""
    theirs = Milestone.objects.create(
        project=project, seq=3, name="管线迁改", planned_date=dt.date(2025, 5, 1), unit=unit_b
    )
    staff_b = client_for("staff_b")
    html = staff_b.get(url(project)).content.decode()
    assert f"milestones/{theirs.pk}/actual/" in html
    assert f"milestones/{ms(project).pk}/actual/" not in html and "/report/" not in html
    response = staff_b.post(
        url(project, f"milestones/{theirs.pk}/actual/"), {"version": 1, "actual_date": "2025-07-01"}
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.actual_date == dt.date(2025, 7, 1)
    assert staff_b.post(actual_url(project), {"version": 1, "actual_date": "2025-07-01"}).status_code == 403
    assert staff_b.post(url(project, "report/"), report_data()).status_code == 403


def report_data(**extra):
    return {
        "version": 0,
        "year": 2025,
        "month": 6,
        "investment_completed": "300",
        "image_progress": "主体完工",
        **extra,
    }


def test_monthly_report_is_one_per_month_and_a_second_filing_corrects_it(project, client_for):
    c = client_for("staff_a")
    assert c.post(url(project, "report/"), report_data()).status_code == 302
    form = c.get(url(project, "report/") + "?year=2025&month=6").context["form"]
    assert form.initial["version"] == 1 and form.initial["investment_completed"] == Decimal("300")
    assert c.post(url(project, "report/"), report_data(version=1, investment_completed="350")).status_code == 302
    report = ProgressReport.objects.get(project=project)
    assert (report.investment_completed, report.version) == (Decimal("350"), 2)
    assert [h.investment_completed for h in report.history.order_by("history_id")] == [Decimal("300"), Decimal("350")]
    html = c.get(url(project)).content.decode()
    assert "更正" in html and "300.00" in html and "350.00" in html


def test_a_filing_made_meanwhile_is_not_overwritten(project, client_for):
    assert client_for("staff_a").post(url(project, "report/"), report_data()).status_code == 302
    response = client_for("manager").post(url(project, "report/"), report_data(investment_completed="999"))
    assert response.status_code == 200 and "保存被拒绝" in response.content.decode()
    assert response.context["form"].initial["investment_completed"] == Decimal("300")
    assert ProgressReport.objects.get(project=project).investment_completed == Decimal("300")


def test_report_for_a_future_month_or_negative_amount_is_refused(project, client_for):
    c = client_for("staff_a")
    response = c.post(url(project, "report/"), report_data(month=8))
    assert response.context["form"].errors["month"]
    response = c.post(url(project, "report/"), report_data(investment_completed="-1"))
    assert response.context["form"].errors["investment_completed"]
    assert not ProgressReport.objects.exists()


def test_the_report_form_saves_the_month_it_shows_and_says_which(project, client_for):
    """The month is chosen by the picker above the form (GET); the form itself carries it hidden, so a save goes to
    the month whose values it showed, and a refused month is said in words on the page."""
    c = client_for("staff_a")
    html = c.get(url(project, "report/") + "?year=2025&month=6").content.decode()
    assert "填报 2025 年 6 月" in html
    post_form = html[html.index('<form method="post"') :]
    assert '<input type="hidden" name="year" value="2025"' in post_form
    assert '<input type="hidden" name="month" value="6"' in post_form
    response = c.post(url(project, "report/"), report_data(month=8))
    assert "不能填报尚未开始的月份" in response.content.decode()


def test_project_page_shows_investment_status_and_missing_months(project, client_for):
    ProgressReport.objects.create(project=project, year=2025, month=2, investment_completed=Decimal("600"))
    response = client_for("staff_b").get(url(project) + "?as_of=2025-06-30")
    entry = response.context["entries"][0]
    assert entry.investment.color == "green"  # 50 % done, 50 % of time
    assert entry.investment.missing_months == [1, 3, 4, 5, 6]
    assert "绿色 · 投资正常" in response.content.decode()
    assert "未报月份：1、3、4、5、6" in response.content.decode()
    english_client = client_for("staff_b")
    english_client.cookies["django_language"] = "en"
    english = english_client.get(url(project) + "?as_of=2025-06-30")
    assert "Months not reported: 1, 3, 4, 5, 6" in english.content.decode()


def test_a_project_has_responsible_units_and_a_milestone_one_responsible_unit_in_english(project, client_for):
    c = client_for("staff_b")
    c.cookies["django_language"] = "en"
    html = c.get(url(project)).content.decode()
    assert "<dt>Responsible units</dt>" in html  # the project's
    assert "<th>Responsible unit</th>" in html  # a milestone's column
    assert '<span class="late">75 days overdue</span>' in html  # plural-aware, the unit named


def test_project_page_as_of(project, client_for):
    response = client_for("staff_b").get(url(project) + "?as_of=2025-05-10")
    assert response.context["status"] == "yellow"
    # Without a date the page is as of today, and its date field says so.
    assert 'name="as_of" value="2025-07-15"' in client_for("staff_b").get(url(project)).content.decode()
    assert client_for("staff_b").get(url(project) + "?as_of=2025-06-10").context["status"] == "red"


def test_project_page_query_count_is_pinned(project, client_for, django_assert_num_queries):
    c = client_for("manager")
    for seq in range(3, 13):
        Milestone.objects.create(project=project, seq=seq, name=f"节点{seq}", planned_date=dt.date(2025, seq, 1))
    for month in range(1, 7):
        c.post(url(project, "report/"), report_data(month=month))
        c.post(url(project, "report/"), report_data(month=month, version=1, investment_completed="1"))
    c.get(url(project))
    # session, user, project, responsible units, 2 permission lookups, the bell, the 我的待办 badge (2), milestones,
    # reports, entries, units, 4 histories, the project's supervision orders and its attachments (the panels of
    # projects/extensions.py): the same whatever the number of milestones, reports and changes
    # (+1: a manager's badge counts orders (reminders/work.py))
    with django_assert_num_queries(20):
        response = c.get(url(project))
    assert len(response.context["changes"]) > 20


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "manager", "admin"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pages_render_for_every_persona_in_both_languages(project, client_for, persona, language):
    c = client_for(persona)
    c.cookies["django_language"] = language
    pages = ["/projects/?year=2025", url(project), url(project, "report/"), actual_url(project), edit_url(project)]
    expected = {"staff_a": [200] * 4 + [403], "staff_b": [200, 200, 403, 403, 403]}.get(persona, [200] * 5)
    for page, code in zip(pages, expected, strict=True):
        response = c.get(page)
        assert response.status_code == code, page
        if code == 200:
            html = response.content.decode()
            with translation.override(language):
                assert f'lang="{language}"' in html
            if language == "en":
                assert "项目清单" not in html  # the navigation and headings are translated


def test_the_report_service_itself_refuses_a_future_month(project, users):
    from django.core.exceptions import ValidationError

    from projects import services

    later = timezone.localdate() + dt.timedelta(days=40)
    with pytest.raises(ValidationError) as refused:
        services.file_report(
            project, version=0, year=later.year, month=later.month, user=users["manager"], investment_completed=1
        )
    assert "month" in refused.value.message_dict
    assert not project.progress_reports.exists()
