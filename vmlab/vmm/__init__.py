"""The virtual machine monitor: VCPUs, partitions, scheduling, techniques, events."""

from .costs import CostModel
from .guest import GuestSpec
from .monitor import VM_EXIT, VMM

__all__ = ["CostModel", "GuestSpec", "VM_EXIT", "VMM"]
