"""The import_projects command and the upload → preview → confirm pages."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.data_version import current_token
from projects.models import Milestone, PendingImport, Project
from tests.test_excel_import import MILESTONE_HEADER, PROJECT_HEADER, SAMPLE, good_project, row_counts, xlsx


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_projects", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def bad_file(tmp_path, unit_a):
    path = tmp_path / "坏文件.xlsx"
    rows = [PROJECT_HEADER, good_project(**{"牵头单位": "甲单位"}), good_project("XM-2", **{"批次": "施工"})]
    path.write_bytes(xlsx({"项目": rows, "节点": [MILESTONE_HEADER, ["XM-9", 1, "节点", "2025-13-01"]]}))
    return path


def test_command_imports_and_prints_the_summary(db, users):
    out, _err = call(str(SAMPLE), "--user", "manager")
    assert "单位: created 2, updated 0, unchanged 0" in out
    assert "项目: created 3, updated 0, unchanged 0" in out
    assert "节点: created 4, updated 0, unchanged 0" in out
    assert Project.history.filter(history_user=users["manager"], history_change_reason="sample-list.xlsx").count() == 3
    out, _err = call(str(SAMPLE))
    assert "节点: created 0, updated 0, unchanged 4" in out


def test_command_dry_run_writes_nothing(db):
    before = row_counts()
    out, _err = call(str(SAMPLE), "--dry-run")
    assert "项目: created 3" in out and "dry run" in out
    assert row_counts() == before


def test_command_exits_1_with_every_error_on_stderr_and_writes_nothing(bad_file):
    before = row_counts()
    with pytest.raises(CommandError) as failure:
        call(str(bad_file))
    assert failure.value.returncode == 1
    assert "4 error(s)" in str(failure.value)  # 批次, 牵头单位 of row 3; 项目编号, 计划完成时间 of 节点 row 2
    assert row_counts() == before


def test_command_error_lines_name_sheet_row_and_column(bad_file, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_projects", str(bad_file)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "项目, 3, 批次: " in err
    assert "节点, 2, 计划完成时间: " in err
    assert "[2025-13-01]" in err  # the cell as it was typed


def test_command_refuses_unknown_user_and_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="no user"):
        call(str(SAMPLE), "--user", "nobody")
    with pytest.raises(CommandError, match="cannot read"):
        call(str(tmp_path / "missing.xlsx"))


# --- pages ------------------------------------------------------------------------------------------------


def upload(client, data, name="清单.xlsx"):
    return client.post("/projects/import/", {"file": SimpleUploadedFile(name, data)})


def test_manager_previews_then_confirms_an_import(client_for, users):
    client = client_for("manager")
    assert "下载导入模板" in client.get("/projects/import/").content.decode()
    before = row_counts()
    response = upload(client, SAMPLE.read_bytes(), "sample-list.xlsx")
    page = response.content.decode()
    assert response.status_code == 200 and "SL-2025-002 2025" in page and 'name="token"' in page
    assert response.context["result"].sheets["项目"].created == 3
    assert row_counts() == before  # the preview writes nothing
    token = response.context["token"]
    response = client.post("/projects/import/confirm/", {"token": token})
    assert response.status_code == 200 and response.context["result"].applied
    assert Milestone.objects.count() == 4
    assert {r.history_user for r in Project.history.all()} == {users["manager"]}
    # The upload is used once.
    response = client.post("/projects/import/confirm/", {"token": token})
    assert response.status_code == 302 and response["Location"] == "/projects/import/"


def _preview_token(client):
    response = upload(client, SAMPLE.read_bytes(), "sample-list.xlsx")
    assert response.context["token"]
    return response.context["token"]


def _confirm(client, token):
    return client.post("/projects/import/confirm/", {"token": token})


def test_the_checked_workbook_waits_in_the_database_not_in_the_session(client_for):
    client = client_for("manager")
    _preview_token(client)
    # Every request of the user loads the session: it stays small while an upload waits.
    assert len(str(dict(client.session))) < 1000
    (pending,) = PendingImport.objects.all()
    assert (pending.user.username, pending.filename, bytes(pending.data)) == (
        "manager",
        "sample-list.xlsx",
        SAMPLE.read_bytes(),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the data version changes at commit
def test_a_waiting_workbook_is_not_list_data_for_the_cached_aggregates(client_for):
    client = client_for("manager")
    token_before = current_token()
    token = _preview_token(client)
    assert PendingImport.objects.exists() and current_token() == token_before
    assert _confirm(client, token).context["result"].applied
    assert current_token() != token_before  # the import itself is list data


def test_only_the_uploader_can_confirm(client_for, users):
    token = _preview_token(client_for("manager"))
    response = _confirm(client_for("admin"), token)
    assert response.status_code == 302 and not Project.objects.filter(code__startswith="SL-").exists()
    response = _confirm(client_for("manager"), token)
    assert response.status_code == 200 and response.context["result"].applied


def test_a_new_upload_replaces_the_waiting_one(client_for, unit_a):
    client = client_for("manager")
    first = _preview_token(client)
    rows = [PROJECT_HEADER, good_project(**{"牵头单位": "甲单位", "计划开工": "2025/02/30"})]
    upload(client, xlsx({"项目": rows}))  # not importable: nothing waits now
    assert not PendingImport.objects.exists()
    assert _confirm(client, first).status_code == 302 and not Project.objects.exists()
    second = _preview_token(client)
    response = _confirm(client, first)  # from a page left open on the first preview
    assert response.status_code == 302 and not Project.objects.exists()
    assert "已被您之后上传的文件取代" in client.get(response["Location"]).content.decode()
    assert _confirm(client, second).context["result"].applied


def _age(user, age):
    PendingImport.objects.filter(user=user).update(created_at=timezone.now() - age)


def _expire(user):
    _age(user, PendingImport.MAX_AGE + dt.timedelta(seconds=1))


def test_an_upload_waits_one_day(client_for, users):
    token = _preview_token(client_for("manager"))
    _preview_token(client_for("admin"))
    _expire(users["manager"])
    assert _confirm(client_for("manager"), token).status_code == 302 and not Project.objects.exists()
    # Expired workbooks go at anyone's next confirmation or upload; the others wait.
    assert [p.user.username for p in PendingImport.objects.all()] == ["admin"]
    _expire(users["admin"])
    _preview_token(client_for("manager"))
    assert [p.user.username for p in PendingImport.objects.all()] == ["manager"]


def test_an_upload_a_minute_short_of_a_day_still_confirms(client_for, users):
    token = _preview_token(client_for("manager"))
    _age(users["manager"], PendingImport.MAX_AGE - dt.timedelta(minutes=1))
    assert _confirm(client_for("manager"), token).context["result"].applied


def test_the_daily_cleanup_deletes_only_expired_workbooks(client_for, users):
    _preview_token(client_for("manager"))
    _preview_token(client_for("admin"))
    _expire(users["manager"])
    out = io.StringIO()
    call_command("clear_expired_imports", stdout=out)
    assert out.getvalue().strip() == "expired pending imports deleted: 1"
    assert [p.user.username for p in PendingImport.objects.all()] == ["admin"]


def test_preview_shows_the_error_table_and_offers_no_confirm(client_for, unit_a):
    rows = [PROJECT_HEADER, good_project(**{"牵头单位": "甲单位", "计划开工": "2025/02/30"})]
    response = upload(client_for("manager"), xlsx({"项目": rows}))
    page = response.content.decode()
    assert "发现 1 处错误" in page
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", page)
    assert cells[:4] == ["项目", "2", "计划开工", "2025/02/30"] and cells[4].startswith("不是有效日期")
    assert 'name="token"' not in page
    response = client_for("manager").post("/projects/import/confirm/", {"token": "x"})
    assert response.status_code == 302 and not Project.objects.exists()


def test_upload_of_something_else_is_one_clear_error(client_for):
    response = upload(client_for("manager"), b"%PDF-1.4 not a workbook", "报告.pdf")
    errors = [e.message for e in response.context["result"].errors]
    assert errors == ["文件不是可读取的 Excel 工作簿（.xlsx）或 CSV 文件"]


def test_upload_larger_than_the_limit_is_refused(client_for, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    response = upload(client_for("manager"), b"x" * (1024 * 1024 + 10))
    assert response.status_code == 200
    assert "文件过大：上限为 1 MB" in response.content.decode()
    assert "result" not in response.context


def test_staff_cannot_import(client_for):
    response = upload(client_for("staff_a"), SAMPLE.read_bytes())
    assert response.status_code == 403 and not Project.objects.filter(code__startswith="SL-").exists()
