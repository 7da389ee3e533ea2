"""The guest lifecycle commands as menu items: Pause, Resume, Power off, Power on.

One place builds them for the layer diagram's context menu on a guest and for
the window's Guests menu: one item per GuestCommand (the core's vocabulary,
labelled by labels.guest_command_label), enabled when the session says the
guest can be given it now (GuestView.commands), triggering
controller.command_guest.  Natively every item is disabled: there is no VMM.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from .labels import GuestCommand, guest_command_label


def add_guest_commands(menu: QMenu, controller, guest: str) -> list[QAction]:
    """Add the four commands for `guest` to `menu`; returns the actions, in order."""
    view = controller.session.guest(guest)
    actions = []
    for command in GuestCommand:
        action = menu.addAction(guest_command_label(command))
        action.setObjectName(f"guest-{command.value}")
        action.setData((guest, command.value))
        action.setEnabled(command in view.commands)
        action.triggered.connect(
            lambda _=False, g=guest, c=command.value: controller.command_guest(g, c))
        actions.append(action)
    return actions
