"""The panels of the lab window, one module each."""
