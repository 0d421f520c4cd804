"""``thermocraft`` run in-process (tests, a server) shows the solver's log as ``note:``
lines while a command runs and leaves no handler behind on a stream closed afterwards."""

from __future__ import annotations

import io
import logging
import sys

from solver import cli


def test_notes_show_during_the_command_and_nothing_stays_behind(monkeypatch, tmp_path):
    def noisy_validate(_args) -> int:
        logging.getLogger("thermocraft.solver").info("slow path taken")
        return 0

    monkeypatch.setattr(cli, "cmd_validate", noisy_validate)
    logger = logging.getLogger("thermocraft")
    before = (list(logger.handlers), logger.level)
    during = io.StringIO()  # a caller's captured stderr, closed once the command is over
    monkeypatch.setattr(sys, "stderr", during)
    assert cli.main(["validate", str(tmp_path / "model.json")]) == 0
    assert "note: slow path taken" in during.getvalue()
    assert (list(logger.handlers), logger.level) == before
    during.close()
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)
    logger.warning("a record long after the command")
    assert "Logging error" not in later.getvalue()
