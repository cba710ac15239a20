"""The kiosk's accessibility tree as assistive technology gets it: Qt's own accessible
interfaces (QAccessibleInterface), walked from the window in the order a screen reader
reads them. The AT-SPI bridge serves exactly these to Orca; tests/ui/test_atspi.py checks
the bridge itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QAccessible, QAccessibleInterface, QWindow
from PySide6.QtQuick import QQuickItem


@dataclass
class Node:
    """One accessible object: its role, name, description, actions, state and children."""

    role: str
    name: str
    description: str
    actions: list[str]
    depth: int
    item: QQuickItem | None
    focused: bool = False
    selected: bool = False
    checked: bool = False
    expanded: bool = False
    children: list[Node] = field(default_factory=list)

    def walk(self) -> list[Node]:
        """This node and everything under it, in reading order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def _node(iface: QAccessibleInterface, depth: int) -> Node | None:
    if not iface.isValid():
        return None
    state = iface.state()
    if state.invisible or state.offscreen:
        return None
    actions = iface.actionInterface()
    obj = iface.object()
    node = Node(
        role=iface.role().name,
        name=iface.text(QAccessible.Text.Name),
        description=iface.text(QAccessible.Text.Description),
        actions=list(actions.actionNames()) if actions is not None else [],
        depth=depth,
        item=obj if isinstance(obj, QQuickItem) else None,
        focused=bool(state.focused),
        selected=bool(state.selected),
        checked=bool(state.checked),
        expanded=bool(state.expanded),
    )
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and (made := _node(child, depth + 1)) is not None:
            node.children.append(made)
    return node


def tree(window: QWindow) -> Node:
    """The window's accessible tree (what is shown: invisible objects are left out). The
    accessibility of the process is switched on first, as an assistive technology that
    connects switches it on: Qt Quick Controls fill in their names and roles only then."""
    QAccessible.setActive(True)
    iface = QAccessible.queryAccessibleInterface(window)
    assert iface is not None, "the window has no accessible interface"
    root = _node(iface, 0)
    assert root is not None
    return root


def nodes(window: QWindow) -> list[Node]:
    """Every shown accessible object, in reading order."""
    return tree(window).walk()


def press(window: QWindow, name: str, role: str | None = None) -> None:
    """Do the press action of the one shown object called ``name`` (as a screen reader
    does: no input event)."""
    found = [n for n in nodes(window) if n.name == name and (role is None or n.role == role)]
    found = [n for n in found if "Press" in n.actions]
    assert len(found) == 1, f"{len(found)} pressable objects called {name!r}"
    target = found[0]
    iface = QAccessible.queryAccessibleInterface(target.item)
    assert iface is not None and iface.actionInterface() is not None
    iface.actionInterface().doAction("Press")
