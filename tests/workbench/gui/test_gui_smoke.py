import pytest

pytestmark = pytest.mark.gui


def test_workbench_activates(gui):
    assert gui.activeWorkbench().name() == "ThermoCraftWorkbench"
