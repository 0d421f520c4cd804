"""Linear algebra for the 7-point finite-volume operator."""
