"""Physics formulas, one module per phenomenon; each function is named for what it computes and
cites its source and range of validity.

Temperatures in degC unless a name says kelvin; conductances in W/K, coefficients in W/(m^2 K).
"""
