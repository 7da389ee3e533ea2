"""Observation, below the VMM: typed events and their log, cycle attribution, vocabularies.

Both engines use it: the bare machine (the native engine) and the VMM log
the same kinds of events and attribute every cycle the same way, so
everything above reads one model whatever runs.
"""
