"""Outgoing mail behind a small interface; the default writes to the log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("thermocraft.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...


class LogMailer:
    """Writes every message to the ``thermocraft.mail`` logger (the default)."""

    def send(self, mail: Mail) -> None:
        log.info("mail to=%s subject=%s\n%s", mail.to, mail.subject, mail.body)


class RecordingMailer:
    """Keeps sent messages in ``outbox`` (for tests)."""

    def __init__(self) -> None:
        self.outbox: list[Mail] = []

    def send(self, mail: Mail) -> None:
        self.outbox.append(mail)

    def last_to(self, address: str) -> Mail:
        return next(m for m in reversed(self.outbox) if m.to == address.lower())
