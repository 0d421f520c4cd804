"""ThermoCraft's bundled thermal solver: finite volumes on a snapped Cartesian grid.

FreeCAD-free: the workbench, the ``thermocraft`` command line and the server all drive it
through :mod:`solver.model` (the data contract) and :func:`solver.api.solve`.
"""

__version__ = "0.1.0"
