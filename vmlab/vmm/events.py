"""The events now live below the VMM, in vmlab.observe.events (the native engine logs them too).

Kept so that `from vmlab.vmm.events import ...` (and a technique's `from .events import ...`)
still works.
"""

from ..observe.events import *  # noqa: F401,F403
from ..observe.events import __all__  # noqa: F401
