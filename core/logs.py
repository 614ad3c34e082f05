"""Structured logs: one JSON object per line, with secrets and e-mail addresses left out.

Production sends every log record to stdout through ``JsonFormatter`` (see
``agirtot/settings/production.py`` and ``gunicorn.conf.py``), so that the platform's log
collector can index them by field. The request middleware (``core/middleware.py``)
adds one line per request with its method, path, status, duration and user id.

Nothing secret should reach a log line, whatever a library logs: values under
sensitive names (password, token, Authorization, cookie, e-mail…) are replaced, and
e-mail addresses, bearer keys, API keys and ``password=…`` pairs are masked inside
every string, messages and tracebacks included. URL parts that carry a secret (the
keys of password-reset and e-mail confirmation links) are masked in logged paths.

This module is imported by gunicorn's master process too: it must not need Django's
settings at import time.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REDACTED = "[redacted]"

# Field names whose values never appear in a log line (compared in lower case, as substrings).
_SENSITIVE_NAMES = ("password", "passwd", "secret", "token", "authorization", "cookie", "email", "courriel")
# URL keyword arguments that carry a secret (allauth's and Django's reset and confirmation links).
SECRET_URL_KWARGS = frozenset({"key", "token", "uidb36", "uidb64"})

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[\w.~+/=-]+")
# Wagtail's API keys start with "wagtail_".
_API_KEY = re.compile(r"\bwagtail_[\w-]{8,}")
_SECRET_PAIR = re.compile(
    r"(?i)\b(password\d?|passwd|pwd|secret|token|key|sessionid|csrftoken|csrfmiddlewaretoken)"
    r"(['\"]?\s*[=:]\s*['\"]?)[^\s&;,'\"]+"
)


def scrub(text: str) -> str:
    """The text with e-mail addresses, bearer and API keys and ``secret=value`` pairs masked."""
    text = _EMAIL.sub(REDACTED, text)
    text = _BEARER.sub(lambda match: f"{match.group(1)} {REDACTED}", text)
    text = _API_KEY.sub(REDACTED, text)
    return _SECRET_PAIR.sub(lambda match: f"{match.group(1)}{match.group(2)}{REDACTED}", text)


def _is_sensitive(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in _SENSITIVE_NAMES)


def redact(value: Any) -> Any:
    """The value with sensitive entries replaced and every string scrubbed, at any depth."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {
            key: REDACTED if isinstance(key, str) and _is_sensitive(key) else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    return value


def request_path(request: Any) -> str:
    """The request's path, with the URL parts that carry a secret replaced."""
    path = scrub(getattr(request, "path", "") or "")
    match = getattr(request, "resolver_match", None)
    if match is not None:
        secrets = [str(value) for name, value in match.kwargs.items() if name in SECRET_URL_KWARGS and value]
        # Longest first, so that a short value never splits a longer one before it is masked.
        for secret in sorted(secrets, key=len, reverse=True):
            path = path.replace(secret, REDACTED)
    return path


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time, level, logger, message, then the record's extra fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        # Django's request loggers attach the request object itself (and its query string);
        # keep only its method and masked path.
        request = log_data.pop("request", None)
        if request is not None and hasattr(request, "method"):
            log_data.setdefault("method", request.method)
            log_data.setdefault("path", request_path(request))
        if "status_code" in log_data:
            log_data.setdefault("status", log_data.pop("status_code"))
        time = log_data.pop("time", None)
        ordered = {"time": time, **log_data} if time is not None else log_data
        return redact(ordered)


def level_for_status(status: int) -> int:
    """Server errors are errors, refused requests warnings, the rest information."""
    if status >= 500:
        return logging.ERROR
    if status >= 400:
        return logging.WARNING
    return logging.INFO
