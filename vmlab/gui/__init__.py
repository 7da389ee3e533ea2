"""The lab window (PySide6).  Panels observe a Session through the controller."""
