"""Outgoing mail behind a small interface; the default writes to the log, ``SmtpMailer``
delivers through an SMTP server (``THERMOCRAFT_SMTP_HOST`` set)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING, Protocol

from server.errors import ServiceUnavailable

if TYPE_CHECKING:
    from server.settings import Settings

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


class MailNotSent(ServiceUnavailable):
    """The SMTP server refused the message or could not be reached (503)."""


class SmtpMailer:
    """Delivers each message over SMTP (standard library ``smtplib``): implicit TLS
    (``ssl``, port 465), ``starttls`` (587) or plain (``none``, a local relay), with
    optional AUTH. A connection per message keeps it safe across worker threads."""

    def __init__(self, host: str, port: int, sender: str, *, security: str = "starttls",
                 username: str = "", password: str = "", timeout: float = 10.0,
                 tls_context: ssl.SSLContext | None = None) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.security, self.username, self.password = security, username, password
        self.timeout = timeout
        self.tls_context = tls_context or ssl.create_default_context()

    def message(self, mail: Mail) -> EmailMessage:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, mail.to, mail.subject
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2].strip(">") or None)
        msg.set_content(mail.body)
        return msg

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                    context=self.tls_context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            smtp.starttls(context=self.tls_context)
        return smtp

    def send(self, mail: Mail) -> None:
        try:
            with self._connect() as smtp:
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(self.message(mail))
        except (OSError, smtplib.SMTPException) as exc:
            log.error("mail to=%s not sent: %s", mail.to, exc)
            raise MailNotSent("Could not send e-mail right now; try again later",
                              retry_after=60) from exc
        log.info("mail to=%s subject=%s sent via %s:%d", mail.to, mail.subject,
                 self.host, self.port)


def mailer_from_settings(settings: Settings) -> Mailer:
    """SMTP when ``smtp_host`` is set, else the log mailer."""
    if not settings.smtp_host:
        return LogMailer()
    return SmtpMailer(settings.smtp_host, settings.smtp_port, settings.mail_from,
                      security=settings.smtp_security, username=settings.smtp_username,
                      password=settings.smtp_password, timeout=settings.smtp_timeout_seconds)
