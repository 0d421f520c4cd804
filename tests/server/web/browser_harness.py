"""Real headless Chromium (Debian's chromium + chromedriver via Selenium) against the app
served by uvicorn on 127.0.0.1 in a thread (``loopback.LoopbackServer``).

Screenshots go to a temporary folder; to refresh the ones in the docs run
``THERMOCRAFT_SCREENSHOT_DIR=docs/screenshots/server .venv/bin/pytest -m browser tests/server/web``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("THERMOCRAFT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("THERMOCRAFT_CHROMEDRIVER", "/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / os.environ.get(
    "THERMOCRAFT_SCREENSHOT_DIR", str(Path(tempfile.gettempdir()) / "thermocraft-screenshots"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,900", "--force-device-scale-factor=1",
]


def require_chromium() -> None:
    """Skip when Chromium is missing, except in CI (``CI`` set), where that is a failure."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).exists() or shutil.which(p))]
    if not missing:
        return
    message = f"chromium/chromedriver not installed ({', '.join(missing)}); run scripts/setup.sh"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def make_driver(profile: Path):
    """A Chrome WebDriver on Debian's chromium with a fresh profile directory."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in [*CHROMIUM_ARGS, f"--user-data-dir={profile}"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def screenshot(driver, name: str, width: int = 1280) -> Path:
    """Save a full-page PNG in ``SCREENSHOTS`` (see the module docstring)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 900)
    height = driver.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(width, max(720, min(int(height) + 140, 4000)))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 900)
    return path


def console_errors(driver) -> list[str]:
    """Severe console messages (CSP violations, script errors) since the last call; the
    4xx answers the tests provoke on purpose are left out."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"
            and "favicon.ico" not in e["message"]
            and "the server responded with a status of 4" not in e["message"]]
