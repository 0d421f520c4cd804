"""Files named by a model stay inside its folder, and refusals do not tell what exists."""

from __future__ import annotations

import os

import pytest

from solver.model.paths import ModelFileError, model_file_problems, resolve_model_file


@pytest.fixture
def folder(tmp_path):
    model_dir = tmp_path / "model"
    (model_dir / "parts").mkdir(parents=True)
    (model_dir / "parts" / "a.step").write_text("ISO-10303-21;")
    (tmp_path / "secret.step").write_text("outside")
    return model_dir


def _message(path, base, attachments=None):
    problems = model_file_problems(path, base, "STEP file", "bodies[0].geometry.path",
                                   attachments)
    assert len(problems) == 1 and problems[0].path == "bodies[0].geometry.path"
    return problems[0].message


def test_a_file_inside_the_folder_resolves(folder):
    assert resolve_model_file("parts/a.step", folder) == (folder / "parts" / "a.step").resolve()
    os.symlink("parts/a.step", folder / "link.step")  # a symlink staying inside is fine
    assert resolve_model_file("link.step", folder) == (folder / "parts" / "a.step").resolve()


@pytest.mark.parametrize("path, reason", [
    ("/etc/passwd", "not absolute"), ("/proc/self/environ", "not absolute"),
    ("~/.bashrc", "no '~'"), ("../secret.step", "no '..'"), ("parts/../../secret.step", "no '..'"),
    ("C:\\Windows\\win.ini", "not absolute"), ("", "is empty"), ("a\x00b", "NUL"),
])
def test_paths_refused_from_their_text(folder, path, reason):
    assert reason in _message(path, folder)


def test_same_message_whether_or_not_the_target_exists(folder):
    os.symlink(folder.parent / "secret.step", folder / "out.step")  # exists, outside
    os.symlink(folder.parent / "missing.step", folder / "dangling.step")
    os.mkfifo(folder / "fifo.step")
    os.symlink("/dev/zero", folder / "dev.step")
    (folder / "dir.step").mkdir()
    def strip(msg, name):
        return msg.replace(repr(name), "NAME")
    messages = {strip(_message(n, folder), n) for n in
                ("out.step", "dangling.step", "missing.step", "fifo.step", "dev.step",
                 "dir.step")}
    assert len(messages) == 1
    assert "no readable regular file of that name inside the model's folder" in messages.pop()


def test_attachments_mode_takes_names_only(folder):
    blob = folder / "parts" / "a.step"
    attachments = {"sha256:ab12": blob}
    assert resolve_model_file("sha256:ab12", folder, attachments=attachments) == blob
    assert "attachments" in _message("parts/a.step", folder, attachments)
    with pytest.raises(ModelFileError):
        resolve_model_file("sha256:ffff", folder, attachments={})


def test_messages_print_safely_for_any_string(folder):
    message = _message("\ud800bad.step", folder)
    message.encode("utf-8")  # a lone surrogate is escaped, not carried into the text
