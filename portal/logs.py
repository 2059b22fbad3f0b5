"""Logging filters of the site's LOGGING setting (portal.settings)."""

import logging

from django.core.exceptions import PermissionDenied


class RefusalWithoutTraceback(logging.Filter):
    """An expected refusal (PermissionDenied, a 403 the page explains) is logged as its one line, without the
    traceback Django attaches: it is not an error of the site. Other records pass unchanged."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
