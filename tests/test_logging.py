"""The site's logging: an expected 403 (PermissionDenied) is one line, without a traceback; errors keep theirs."""

import logging
import sys

import pytest

from portal.logs import RefusalWithoutTraceback

LOGGERS = ("", "django", "django.request")


@pytest.fixture
def logged(settings, monkeypatch):
    """The lines the console handlers that a request's records reach would write (with DEBUG on, when Django's own
    console handler writes too); pytest's capturing handlers are left alone."""
    settings.DEBUG = True
    lines = []
    handlers = {h for name in LOGGERS for h in logging.getLogger(name).handlers if type(h) is logging.StreamHandler}
    for handler in handlers:
        monkeypatch.setattr(handler, "emit", lambda record, handler=handler: lines.append(handler.format(record)))
    return lines


def test_a_refusal_is_logged_once_without_a_traceback(client_for, world, logged):
    response = client_for("staff_a").get("/reports/unreported/")
    assert response.status_code == 403
    text = "\n".join(logged)
    assert text.count("Forbidden (Permission denied): /reports/unreported/") == 1
    assert "Traceback" not in text


def test_an_error_keeps_its_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal", None, sys.exc_info())
    assert RefusalWithoutTraceback().filter(record)
    assert record.exc_info[0] is ValueError
