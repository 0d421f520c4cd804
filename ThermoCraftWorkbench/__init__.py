"""ThermoCraft's FreeCAD workbench package.

Empty for now: the workbench (analysis container, component palette, solve task panel,
result overlays) is built by the workbench issue, on top of :mod:`solver.model` and
:func:`solver.api.solve`.
"""
