"""Proxy serialisation on every FreeCAD version: 0.20 saves a proxy through
``__getstate__``/``__setstate__``; 0.21.2 and 1.x call ``dumps``/``loads`` first and, on
Python >= 3.11, take ``__getstate__`` only when the class defines it (object has one since
3.11, returning ``__dict__``; FreeCAD PR #10769, src/App/PropertyPythonObject.cpp). Every
ThermoCraft proxy and view provider must answer both pairs alike, with JSON FreeCAD can write."""

import importlib
import json
import pkgutil

import pytest


def _proxy_classes():
    import ThermoCraftWorkbench.objects as objects
    from ThermoCraftWorkbench.objects.base import Proxy
    from ThermoCraftWorkbench.viewproviders import ViewProvider
    for info in pkgutil.iter_modules(objects.__path__):
        importlib.import_module(f"{objects.__name__}.{info.name}")
    found, todo = [], [Proxy]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted({*found, ViewProvider}, key=lambda c: f"{c.__module__}.{c.__name__}")


CLASSES = _proxy_classes()


def test_every_saved_proxy_class_is_covered():
    names = {f"{c.__module__}.{c.__name__}" for c in CLASSES}
    assert {"ThermoCraftWorkbench.objects.analysis.Analysis",
            "ThermoCraftWorkbench.objects.condition.Condition",
            "ThermoCraftWorkbench.objects.component.Component",
            "ThermoCraftWorkbench.objects.result.Result",
            "ThermoCraftWorkbench.viewproviders.ViewProvider"} <= names
    assert len(names) >= 10, sorted(names)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_both_serialisation_pairs_give_and_take_the_same_state(cls):
    # FreeCAD restores a proxy without calling __init__ (PyType_GenericAlloc), then loads
    proxy = cls.__new__(cls)
    assert cls.__getstate__ is not object.__getstate__  # 3.11's default would save __dict__
    state = proxy.dumps()
    assert state == proxy.__getstate__()
    text = json.dumps(state)  # what PropertyPythonObject::toString writes
    assert proxy.loads(json.loads(text)) is None
    assert proxy.__setstate__(json.loads(text)) is None
    assert proxy.dumps() == state


def test_a_view_provider_holding_its_object_still_saves(doc):
    """attach() keeps the document object on the proxy: Python 3.11's default
    ``object.__getstate__`` would hand FreeCAD that object, which json cannot write (the
    "FeaturePython is not JSON serializable" failure of FreeCAD issue #10460)."""
    from ThermoCraftWorkbench.viewproviders import ViewProvider
    view = ViewProvider.__new__(ViewProvider)
    view.Object = doc.addObject("App::FeaturePython", "Held")
    assert json.loads(json.dumps(view.dumps())) is None
    with pytest.raises(TypeError):
        json.dumps(object.__getstate__(view))
