"""Physical constants."""

STEFAN_BOLTZMANN = 5.670374419e-8  # W/(m^2 K^4), CODATA 2018
KELVIN = 273.15  # degC to K
