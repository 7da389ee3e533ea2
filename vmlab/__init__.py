"""vmlab: a virtualization lab for operating-systems courses."""

__version__ = "0.1.0"
