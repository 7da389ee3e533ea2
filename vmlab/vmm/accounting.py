"""Cycle attribution now lives below the VMM, in vmlab.observe.accounting.

Kept so that `from vmlab.vmm.accounting import ...` still works.
"""

from ..observe.accounting import *  # noqa: F401,F403
from ..observe.accounting import __all__  # noqa: F401
