"""The site's logging: an expected 403 (PermissionDenied) is one line, without a traceback; errors keep theirs."""

import io
import logging
import sys

import pytest

from portal.logs import RefusalWithoutTraceback

LOGGERS = ("", "django", "django.request")


@pytest.fixture
def log_stream(settings):
    """Every console handler the request's records reach writes to one buffer (with DEBUG on, when Django's own
    console handler would write too); pytest's capturing handlers are left alone."""
    settings.DEBUG = True
    stream = io.StringIO()
    handlers = {h for name in LOGGERS for h in logging.getLogger(name).handlers if type(h) is logging.StreamHandler}
    previous = {handler: handler.setStream(stream) for handler in handlers}
    yield stream
    for handler, old in previous.items():
        if old is not None:
            handler.setStream(old)


def test_a_refusal_is_logged_once_without_a_traceback(client_for, world, log_stream):
    response = client_for("staff_a").get("/reports/unreported/")
    assert response.status_code == 403
    text = log_stream.getvalue()
    assert text.count("Forbidden (Permission denied): /reports/unreported/") == 1
    assert "Traceback" not in text


def test_an_error_keeps_its_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal", None, sys.exc_info())
    assert RefusalWithoutTraceback().filter(record)
    assert record.exc_info[0] is ValueError
