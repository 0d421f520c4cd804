"""SmtpMailer against a real SMTP server (aiosmtpd) on loopback: delivery, AUTH, refusal."""

from __future__ import annotations

import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from server.app import create_app
from server.mail import Mail, MailNotSent, SmtpMailer, mailer_from_settings


class Inbox:
    """aiosmtpd handler keeping every delivered message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"mailer" and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(),
                            authenticator=_authenticator, auth_require_tls=False)
    controller.start()
    yield controller, inbox
    controller.stop()


def test_delivers_with_auth(smtp):
    controller, inbox = smtp
    mailer = SmtpMailer("127.0.0.1", controller.port, "ThermoCraft <no-reply@example.com>",
                        security="none", username="mailer", password="s3cret", timeout=5)
    mailer.send(Mail("ada@example.com", "Hello", "Line one\nLine two\n"))
    sender, recipients, raw = inbox.messages[0]
    msg = message_from_bytes(raw)
    assert sender == "no-reply@example.com" and recipients == ["ada@example.com"]
    assert msg["Subject"] == "Hello" and msg["Message-ID"] and msg["Date"]
    assert msg.get_payload(decode=True).decode().splitlines() == ["Line one", "Line two"]


def test_wrong_credentials_and_unreachable_server_are_503(smtp):
    controller, inbox = smtp
    wrong = SmtpMailer("127.0.0.1", controller.port, "no-reply@example.com", security="none",
                       username="mailer", password="nope", timeout=5)
    with pytest.raises(MailNotSent) as refused:
        wrong.send(Mail("ada@example.com", "x", "y"))
    assert refused.value.status_code == 503 and inbox.messages == []
    down = SmtpMailer("127.0.0.1", _free_port(), "no-reply@example.com", security="none",
                      timeout=2)
    with pytest.raises(MailNotSent):
        down.send(Mail("ada@example.com", "x", "y"))


def test_app_sends_signup_mail_over_smtp(smtp, settings, clean_engine):
    controller, inbox = smtp
    s = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": controller.port,
                                    "smtp_security": "none", "smtp_username": "mailer",
                                    "smtp_password": "s3cret"})
    assert isinstance(mailer_from_settings(s), SmtpMailer)
    assert type(mailer_from_settings(settings)).__name__ == "LogMailer"
    from fastapi.testclient import TestClient

    with TestClient(create_app(s, engine=clean_engine)) as c:
        r = c.post("/auth/signup", json={"email": "smtp@example.com",
                                         "password": "long enough password"})
    assert r.status_code == 202
    _, recipients, raw = inbox.messages[-1]
    assert recipients == ["smtp@example.com"] and b"/verify-email?token=" in raw
