"""Triangle-mesh and STEP utilities for bodies (FreeCAD-free)."""
