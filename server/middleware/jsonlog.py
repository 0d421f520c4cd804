"""Structured JSON logging with the current request id."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "thermocraft_request_id", default=None
)

_STD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id_var.get()
        if rid:
            data["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STD and key not in data and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to ``sys.stderr`` as it is when a record is written, not as it was when the
    handler was made: a test runner's capture (or a redirect) replaces and closes streams,
    and a record from a request ending later must not go to a closed one (``--- Logging
    error ---`` with ``ValueError: I/O operation on closed file``)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # StreamHandler.__init__ assigns it
        pass


def configure_logging(level: str = "INFO", json_format: bool = True) -> None:
    """Send the root logger to stderr, as JSON lines when ``json_format``."""
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter() if json_format else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):  # ours from a previous call, or logging.basicConfig's
        if getattr(old, "_thermocraft", False) or type(old) is logging.StreamHandler:
            root.removeHandler(old)
    handler._thermocraft = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("uvicorn.access").propagate = False
    logging.getLogger("uvicorn.access").disabled = True
