"""The daily digest e-mail sent by `send_reminders`: one mail per person with an address, in Chinese (plain text and
HTML) with links from SITE_URL, only the kinds the person has not turned off; sent once; a failed send is logged and
retried on the next run; through Django's SMTP backend to a local server (aiosmtpd)."""

import datetime as dt
import email
import email.policy
import io
import logging
import socket

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from portal.models import EmailDigest, EmailOptOut, Notification
from tests.factories import make_project
from tests.test_shell import _settings_check

DAY = dt.date(2025, 6, 20)
SITE = "https://xmdb.example.gov.cn"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def zone(users, unit_a, settings):
    """Unit A's milestone due in 3 days and one turned yellow today; staff_a and the manager have an address."""
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = LOCMEM
    for name, address in (("staff_a", "a@example.cn"), ("manager", "m@example.cn")):
        users[name].email = address
        users[name].save()
    project = make_project(
        unit_a,
        code="A1",
        name="甲项目",
        year=2025,
        milestones=[
            {"name": "临期节点", "planned_date": DAY + dt.timedelta(days=3)},
            {"name": "转黄节点", "planned_date": DAY - dt.timedelta(days=1)},
        ],
    )
    with time_machine.travel(dt.datetime(2025, 6, 19, 22, 30, tzinfo=dt.UTC), tick=False):  # 06:30 in Shanghai
        yield project


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    counts = {line.split()[0]: int(line.split()[1]) for line in out.getvalue().splitlines()}
    return counts, err.getvalue()


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_one_digest_per_person_with_an_address_in_chinese_with_links(zone):
    counts, _err = run()
    assert counts["emails_sent"] == 2 and counts["emails_failed"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cn", "m@example.cn"]  # staff_b, admin: no address
    staff = mails_to("a@example.cn")[0]
    assert staff.subject == "【项目督办】2025-06-20 提醒摘要（2 条）"
    body = staff.body
    assert body.startswith("staff_a，您好：") and "截至 2025-06-20，您有 2 条新的提醒：" in body
    assert "【节点临期】\n- 节点临期：A1 甲项目「临期节点」计划 2025-06-23 完成，还有 3 天。" in body
    assert f"  {SITE}/projects/{zone.pk}/#milestones" in body
    assert f"{SITE}/notifications/email/" in body and "【节点转为黄色】" in body
    html, kind = staff.alternatives[0]
    assert kind == "text/html" and f'<a href="{SITE}/projects/{zone.pk}/#milestones">节点临期：A1 甲项目' in html
    manager = mails_to("m@example.cn")[0]
    assert "节点转为黄色" in manager.body and "节点临期" not in manager.body  # managers: the change of color only
    mailed = Notification.objects.filter(user__email__in=["a@example.cn", "m@example.cn"])
    assert mailed.count() == 3 and not mailed.filter(emailed_at__isnull=True).exists()
    assert Notification.objects.filter(user__username="admin", emailed_at__isnull=True).exists()


def test_a_second_run_sends_nothing(zone):
    run()
    counts, _err = run()
    assert set(counts.values()) == {0} and len(mail.outbox) == 2


def test_a_kind_turned_off_is_not_mailed_but_stays_in_the_bell(zone, users):
    EmailOptOut.objects.create(user=users["staff_a"], kind="due_soon")
    EmailOptOut.objects.create(user=users["manager"], kind="turned_yellow")
    counts, _err = run()
    assert counts["emails_sent"] == 1
    [staff] = mail.outbox
    assert staff.to == ["a@example.cn"] and "节点临期" not in staff.body and "转黄节点" in staff.body
    kept = Notification.objects.get(user=users["staff_a"], kind="due_soon")
    assert kept.emailed_at is None and kept.read_at is None


def test_a_failed_send_is_logged_and_retried_on_the_next_run_never_twice(zone, settings, caplog):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nothing listens there
    with caplog.at_level(logging.ERROR, logger="portal.digest"):
        counts, err = run()
    assert counts["emails_sent"] == 0 and counts["emails_failed"] == 2
    assert "发送失败：" in err and "staff_a" in err
    assert "daily digest to staff_a (a@example.cn) failed" in caplog.text
    assert not Notification.objects.filter(emailed_at__isnull=False).exists() and not EmailDigest.objects.exists()

    settings.EMAIL_BACKEND = LOCMEM  # the relay is back
    counts, _err = run()
    assert counts["emails_sent"] == 2 and counts["emails_failed"] == 0
    counts, _err = run()
    assert counts["emails_sent"] == 0 and len(mail.outbox) == 2
    assert list(EmailDigest.objects.values_list("lines", flat=True).order_by("lines")) == [1, 2]


def test_next_days_digest_carries_only_the_new_notifications(zone):
    run()
    with time_machine.travel(dt.datetime(2025, 6, 20, 22, 30, tzinfo=dt.UTC), tick=False):
        counts, _err = run()
    assert counts["emails_sent"] == 1  # staff_a: the milestone is still due soon (2 days); the manager: nothing new
    assert "还有 2 天" in mail.outbox[-1].body and "还有 3 天" not in mail.outbox[-1].body


def test_no_mail_without_site_url_the_reminders_are_still_made(zone, settings):
    settings.SITE_URL = ""
    counts, err = run()
    assert "未设置 SITE_URL" in err and "emails_sent" not in counts and mail.outbox == []
    assert counts["due_soon"] == 1


def test_dry_run_and_no_mail_send_nothing(zone):
    counts, _err = run("--dry-run")
    assert counts["emails_sent"] == 0 and mail.outbox == []  # a dry run makes no reminder to mail
    counts, _err = run("--no-mail")
    assert "emails_sent" not in counts and mail.outbox == [] and Notification.objects.exists()
    counts, _err = run("--dry-run")
    assert counts["emails_sent"] == 2 and mail.outbox == []


# --- the real path: Django's SMTP backend to a local SMTP server --------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_digest_goes_through_smtp_to_a_local_server(zone, settings):
    controller_module = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd 未安装：跳过经 SMTP 发送的测试")
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    port = _free_port()
    controller = controller_module.Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = SMTP
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
        settings.DEFAULT_FROM_EMAIL = "xmdb@example.gov.cn"
        counts, _err = run()
    finally:
        controller.stop()
    assert counts["emails_sent"] == 2
    assert sorted(e.rcpt_tos[0] for e in received) == ["a@example.cn", "m@example.cn"]
    envelope = next(e for e in received if e.rcpt_tos == ["a@example.cn"])
    assert envelope.mail_from == "xmdb@example.gov.cn"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"].strip() == "【项目督办】2025-06-20 提醒摘要（2 条）"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "节点临期：A1 甲项目「临期节点」" in text and f"{SITE}/projects/{zone.pk}/#milestones" in text
    assert f'href="{SITE}/notifications/"' in html


# --- the setting page and SITE_URL ---------------------------------------------------------------------------


def test_people_turn_off_the_mail_of_a_kind_on_their_settings_page(users, client_for):
    client = client_for("staff_a")
    assert 'href="/notifications/email/"' in client.get("/notifications/").content.decode()
    page = client.get("/notifications/email/").content.decode()
    assert "不接收邮件" in page and "节点临期" in page and "没有邮箱地址" in page
    response = client.post("/notifications/email/", {"kinds": ["due_soon", "turned_red"]})
    assert response.status_code == 302
    assert set(users["staff_a"].email_opt_outs.values_list("kind", flat=True)) == {"due_soon", "turned_red"}
    assert 'value="due_soon" id="id_kinds_0" checked' in client.get("/notifications/email/").content.decode()
    client.post("/notifications/email/", {"kinds": ["due_soon"]})
    assert list(users["staff_a"].email_opt_outs.values_list("kind", flat=True)) == ["due_soon"]
    response = client.post("/notifications/email/", {"kinds": ["nonsense"]})
    assert response.status_code == 200 and "nonsense" in response.content.decode()  # the field's error, re-rendered
    assert list(users["staff_a"].email_opt_outs.values_list("kind", flat=True)) == ["due_soon"]
    assert not EmailOptOut.objects.filter(user=users["staff_b"]).exists()


@pytest.mark.parametrize("value", ["ftp://xmdb.example.gov.cn", "xmdb.example.gov.cn", "https://", "https://x/?a=1"])
def test_a_bad_site_url_names_the_variable(value):
    result = _settings_check(DEBUG="1", SITE_URL=value)
    assert result.returncode != 0 and "SITE_URL" in result.stderr


def test_a_site_url_is_accepted_without_its_trailing_slash(settings):
    assert _settings_check(DEBUG="1", SITE_URL="https://xmdb.example.gov.cn/").returncode == 0
    assert settings.SITE_URL == "http://127.0.0.1:8000"  # DEBUG's default
