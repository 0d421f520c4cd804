"""Pages in real headless Chromium: sign up → sign in → API token (shown once) → revoke;
team invitation accepted by a second user; CSRF rejection; screenshots for the docs."""

from __future__ import annotations

import re
import secrets

import pytest
from browser_harness import console_errors, make_driver, require_chromium, screenshot
from loopback import LoopbackServer
from sqlalchemy import select

from server import migrate
from server.app import create_app
from server.billing.usage import record_usage
from server.mail import RecordingMailer
from server.models import User
from server.settings import Settings

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app on SQLite, served by uvicorn on a random loopback port."""
    require_chromium()
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        env="test", database_url=url, secret_key="browser-test-secret-0123456789abcdef0123",
        public_url="http://127.0.0.1", argon2_time_cost=1, argon2_memory_cost=8192,
        argon2_parallelism=1, google_client_id="g-id", google_client_secret="g-secret",
        github_client_id="gh-id", github_client_secret="gh-secret",
    )
    mailer = RecordingMailer()
    app = create_app(settings, mailer=mailer)
    with LoopbackServer(app, lifespan="on") as server:
        server.mailer = mailer
        server.app = app
        yield server


@pytest.fixture
def browser(live, tmp_path):
    driver = make_driver(tmp_path / "profile")
    yield driver
    driver.quit()


def _by(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def _all(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def _fill(driver, **fields):
    for name, value in fields.items():
        element = _by(driver, f'[name="{name}"]')
        element.clear()
        element.send_keys(value)


def _click_and_wait(driver, element, accept_alert=False):
    """Click something that navigates, then wait for the new page to load."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__tcOldPage = true;")
    element.click()
    if accept_alert:
        WebDriverWait(driver, 10).until(ec.alert_is_present()).accept()
    WebDriverWait(driver, 15).until(lambda d: d.execute_script(
        "return !window.__tcOldPage && document.readyState === 'complete'"))


def _submit(driver, form_css="main form"):
    _click_and_wait(driver, _by(driver, f'{form_css} button[type="submit"]'))


def _sign_up_and_in(driver, live, email, name="", shots=False):
    driver.get(live.url + "/signup")
    if shots:
        _fill(driver, display_name=name, email="not-an-email", password="short")
        _submit(driver)
        assert _by(driver, "#f-email").get_attribute("aria-invalid") == "true"
        assert "f-email-error" in _by(driver, "#f-email").get_attribute("aria-describedby")
        screenshot(driver, "signup-errors")
    _fill(driver, display_name=name, email=email, password=PASSWORD)
    _submit(driver)
    assert driver.current_url.endswith("/signin")
    assert "Check your e-mail" in _by(driver, ".notice").text
    if shots:
        screenshot(driver, "signin")
    # follow the confirmation link (API tokens and remote solving need a confirmed e-mail)
    link = re.search(r"/verify-email\?token=\S+", live.mailer.last_to(email).body)[0]
    driver.get(live.url + link)
    assert "confirmed" in _by(driver, "main").text
    driver.get(live.url + "/signin")
    _fill(driver, email=email, password=PASSWORD)
    _submit(driver)
    assert driver.current_url.endswith("/account")


def test_signup_signin_token_shown_once_and_revoked(live, browser):
    email = f"ada-{secrets.token_hex(3)}@example.com"
    _sign_up_and_in(browser, live, email, "Ada Lovelace", shots=True)
    assert "Your plan: Free" in _by(browser, "#plan-heading").text
    assert _by(browser, 'a[aria-current="page"]').text == "Account"
    screenshot(browser, "account")
    screenshot(browser, "account-narrow", width=420)

    browser.get(live.url + "/tokens")
    _fill(browser, name="FreeCAD laptop", expires_in_days="90")
    _by(browser, 'input[value="solve"]').click()
    _click_and_wait(browser, _by(browser, 'form[action="/tokens"] button[type="submit"]'))
    token = _by(browser, "#new-token-value").get_attribute("value")
    assert re.fullmatch(r"tc_[A-Za-z0-9_-]{20,}", token)
    _by(browser, "button[data-copy]").click()
    assert _by(browser, "button[data-copy]").text == "Copied"
    screenshot(browser, "api-token-created")

    browser.get(live.url + "/tokens")
    assert token not in browser.page_source
    assert not _all(browser, "#new-token-value")
    assert "FreeCAD laptop" in _by(browser, "tbody").text
    screenshot(browser, "api-tokens")
    _click_and_wait(browser, _by(browser, 'form[action$="/revoke"] button'), accept_alert=True)
    assert "Token revoked" in _by(browser, ".notice").text
    assert "You have no API tokens" in _by(browser, "main").text

    with live.app.state.sessionmaker() as db:  # some stored models, through billing's service
        user = db.scalar(select(User).where(User.email == email))
        record_usage(db, user, "storage_bytes", 12.5 * 1024 * 1024)
    browser.get(live.url + "/usage")
    assert "Remote-solve minutes" in _by(browser, "table").text
    screenshot(browser, "usage")
    assert console_errors(browser) == []


def test_invite_member_and_accept(live, browser, tmp_path):
    owner = f"owner-{secrets.token_hex(3)}@example.com"
    member = f"member-{secrets.token_hex(3)}@example.com"
    _sign_up_and_in(browser, live, owner, "Grace Owner")
    browser.get(live.url + "/teams")
    _fill(browser, name="Thermal Lab")
    _submit(browser)
    assert _by(browser, "h1").text == "Thermal Lab"
    team_url = browser.current_url
    _fill(browser, email=member)
    _click_and_wait(browser, _by(browser, 'form[action$="/invite"] button'))
    assert f"Invitation sent to {member}" in _by(browser, ".notice").text
    assert member in _by(browser, "#invitations-heading + table").text
    link = re.search(r"(/invitations/accept\?token=\S+)",
                     live.mailer.last_to(member).body).group(1)

    guest = make_driver(tmp_path / "guest")
    try:
        _sign_up_and_in(guest, live, member, "Mary Member")
        guest.get(live.url + link)
        screenshot(guest, "accept-invitation")
        _submit(guest)
        assert guest.current_url == team_url
        assert "Welcome to the team" in _by(guest, ".notice").text
    finally:
        guest.quit()

    browser.get(team_url)
    assert member in _by(browser, "#members-heading + table").text
    _fill(browser, email="colleague@example.com")
    _click_and_wait(browser, _by(browser, 'form[action$="/invite"] button'))
    screenshot(browser, "team")
    assert console_errors(browser) == []


def test_csrf_rejected_in_browser(live, browser):
    browser.get(live.url + "/signin")
    browser.execute_script(
        "document.querySelector('input[name=csrf_token]').value = 'forged-token';")
    _fill(browser, email="someone@example.com", password=PASSWORD)
    _submit(browser)
    assert _by(browser, "h1").text == "Form rejected"
    assert "could not be verified" in _by(browser, "main").text
    screenshot(browser, "csrf-rejected")


def test_signin_page_has_oauth_buttons_and_visible_focus(live, browser):
    browser.get(live.url + "/signin")
    hrefs = [a.get_attribute("href") for a in _all(browser, ".oauth a")]
    assert any("/auth/oauth/google/start" in h for h in hrefs)
    assert any("/auth/oauth/github/start" in h for h in hrefs)
    labels = {lab.get_attribute("for") for lab in _all(browser, "label")}
    for field in _all(browser, "main input:not([type=hidden])"):
        assert field.get_attribute("id") in labels
    _by(browser, "#f-email").click()
    outline = browser.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert [h.tag_name for h in _all(browser, "h1, h2")][:1] == ["h1"]
    assert _all(browser, "header") and _all(browser, "nav") and _all(browser, "main")


def test_api_docs_render_offline(live, browser):
    """Swagger UI draws the operations from this server's own assets (no CDN reachable)."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live.url + "/docs")
    WebDriverWait(browser, 30).until(lambda d: len(_all(d, ".opblock")) > 10)
    assert "/auth/login" in _by(browser, "#swagger-ui").text
    assert console_errors(browser) == []  # no CSP violation, no script error
