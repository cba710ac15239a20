"""What a page says, for reading aloud: the words a screen reader finds on it, in its order.

The narrator reads what Qt's accessibility tree holds for an item, so what is heard on
headphones and what a screen reader says are the same words in the same order: headings,
paragraphs (their glossary terms are words of the paragraph, not read twice as links),
a picture's alt text and description, where the visitor is ("Story · 3 of 7"), and the
buttons that are content (the people a page names). A whole page leaves out the buttons of
its bars (tool bars: Next and Previous, Home and Back, Home's four ways in), which would be
read between the paragraphs; a single focused item is read with its own name
whatever it is, as a screen reader says the control it is on.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtQuick import QQuickItem, QQuickWindow

Role = QAccessible.Role

#: The roles a page is read out from: its words and pictures (not its controls).
_READ_ON_A_PAGE = frozenset(
    {
        Role.StaticText,
        Role.Heading,
        Role.Paragraph,
        Role.Graphic,
        Role.Indicator,
        Role.Cell,
        Role.ListItem,
        Role.Button,
    }
)
#: Deeper than any scene goes: a guard, not a limit.
_DEEPEST = 64
#: The roles never read within a bar of controls.
_CONTROLS = frozenset({Role.Button, Role.CheckBox, Role.Link})


def _words(iface: QAccessibleInterface) -> list[str]:
    name = iface.text(QAccessible.Text.Name).strip()
    said = [name] if name else []
    description = iface.text(QAccessible.Text.Description).strip()
    if description and description != name:
        said.append(description)
    return said


def _walk(
    iface: QAccessibleInterface, item: QQuickItem, out: list[str], depth: int, in_bar: bool
) -> None:
    """Collect what is read of ``iface`` and what lies under it, where it is ``item`` or
    inside it (the tree is walked from the window: an item with no accessible role of its
    own, as a screen's root, has no place in it, its children hang from the one above)."""
    if not iface.isValid() or depth > _DEEPEST:
        return
    # Hidden things are not read; things scrolled out of sight are (the rest of a long
    # page, a page still gliding in as it is asked for).
    if iface.state().invisible:
        return
    obj = iface.object()
    if isinstance(obj, QQuickItem):
        inside = obj is item or item.isAncestorOf(obj)
        if not inside and not obj.isAncestorOf(item):
            return  # another part of the window
    else:
        inside = False  # the window itself
    role = iface.role()
    if inside and role in _READ_ON_A_PAGE and not (in_bar and role in _CONTROLS):
        said = _words(iface)
        out.extend(said)
        if said or role == Role.StaticText:
            return  # what is inside is in its words (a paragraph's links, a row's texts)
    in_bar = in_bar or (inside and role == Role.ToolBar)
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None:
            _walk(child, item, out, depth + 1, in_bar)


def page_text(
    window: QQuickWindow | None, item: QQuickItem | None, after: QQuickItem | None = None
) -> str:
    """Everything ``item`` (in ``window``) shows to read, then what ``after`` shows, in
    reading order, as one plain text (sentences kept apart by line breaks, where the
    speech engine pauses). "" for no item. (The window is passed, not asked of the item:
    PySide 6.12 takes the window ``QQuickItem.window()`` returns for its own and deletes
    it with the wrapper.)"""
    if item is None or window is None:
        return ""
    _activate()
    root = QAccessible.queryAccessibleInterface(window)
    if root is None:
        return ""
    out: list[str] = []
    for part in (item, after):
        if part is not None:
            _walk(root, part, out, 0, False)
    return "\n".join(_dedupe(out))


def item_text(window: QQuickWindow | None, item: QQuickItem | None) -> str:
    """What a screen reader says of the one focused ``item``: its name and description, or,
    for an item with no name of its own (a card, a row), the words inside it."""
    iface = _interface(item)
    if iface is None:
        return ""
    own = _words(iface)
    return "\n".join(own) if own else page_text(window, item)


def _activate() -> None:
    # As an assistive technology that connects does: Qt Quick fills in names only then.
    if not QAccessible.isActive():
        QAccessible.setActive(True)


def _interface(item: QQuickItem | None) -> QAccessibleInterface | None:
    if item is None:
        return None
    _activate()
    iface = QAccessible.queryAccessibleInterface(item)
    return iface if iface is not None and iface.isValid() else None


def _dedupe(lines: list[str]) -> list[str]:
    """Each line once: a picture named by its caption and then the caption, a photograph's
    description and then the caption panel that shows it again."""
    return list(dict.fromkeys(lines))
