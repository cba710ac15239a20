"""`kiosk proof`: find what a visitor would miss, on every screen, before opening day.

Each state the walk reaches (kiosk.ui.walk) is inspected in the live scene:

- a text that is elided, cut by its container or by the window's edge, unless the container
  scrolls and says so (a visible scroll cue in that direction);
- a text or control overlapped by another text or control;
- a control outside the window, or smaller than the minimum touch target, or (with the
  seated option on) outside the rows a seated visitor reaches;
- text under 7:1 contrast against what is behind it, and a control whose fill and border
  both fall under 3:1 against what is behind it (WCAG 2.2, 1.4.6 and 1.4.11).

The colour behind an item is worked out from the scene itself: the window's colour with
every rectangle painted before the item at that point laid over it (with its opacity). A
picture behind a text counts as unknown, and is a finding: text over a photograph needs a
backing of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.ui.options import Held

#: WCAG 2.2 enhanced contrast for text (1.4.6) and non-text contrast (1.4.11).
TEXT_CONTRAST = 7.0
NON_TEXT_CONTRAST = 3.0
#: Less than this many pixels does not count as overlapping, cut or too small (rounding).
SLACK = 1.5

#: Kinds of finding.
CLIPPED = "clipped"
ELIDED = "elided"
OVERLAPPED = "overlapped"
OFF_SCREEN = "off-screen"
OUT_OF_REACH = "out of reach"
SMALL = "small target"
CONTRAST = "contrast"


@dataclass(frozen=True)
class Finding:
    """One thing wrong on one screen, in one language, at one size."""

    screen: str  # the state's label: "Story, page 3 of 7, scrolled to the end"
    item: str  # which item: its name, or its text, and where it sits
    problem: str  # one of the kinds above
    detail: str  # what exactly, in words
    lang: str = ""
    size: str = ""
    state: str = ""  # the state's file name, as `kiosk render` writes it
    #: The visitor's options held on for the walk ("large-text seated"; "" for none), so
    #: that a curator knows which mode failed.
    options: str = ""

    def line(self) -> str:
        """The finding as one line of the report: "1280x800 en large-text · Home · …"."""
        where = " ".join(part for part in (self.size, self.lang, self.options) if part)
        return f"{where} · {self.screen} · {self.item}: {self.problem}: {self.detail}"


# --- the scene ----------------------------------------------------------------------------


def _class(obj: QObject) -> str:
    """The QML type name of an item ("KioskButton", "Text"), without the engine's suffix."""
    name = obj.metaObject().className()
    for cut in ("_QMLTYPE_", "_QML_"):
        name = name.split(cut)[0]
    return name.removeprefix("QQuick")


def _is_text(item: QQuickItem) -> bool:
    return item.inherits("QQuickText") or item.inherits("QQuickTextEdit")


def _is_control(item: QQuickItem) -> bool:
    """Something a visitor taps: a button, or an item with a tap handler of its own."""
    if item.inherits("QQuickAbstractButton"):
        return True
    return any(
        child.inherits("QQuickTapHandler") and child.property("enabled")
        for child in item.children()
    )


def _is_shield(item: QQuickItem) -> bool:
    return _class(item) == "InputShield"


def _is_scroller(item: QQuickItem) -> bool:
    return item.inherits("QQuickFlickable")


@dataclass
class _Node:
    item: QQuickItem
    order: int  # paint order: later nodes are drawn over earlier ones
    ancestors: tuple[QQuickItem, ...]
    opacity: float  # effective, the ancestors' included
    rect: QRectF  # the item's own rectangle, in the scene
    shown: QRectF  # the part of it not clipped away by an ancestor or the window
    clippers: tuple[QQuickItem, ...]  # clipping ancestors, innermost first


@dataclass
class Scene:
    """The visible items of a window, in paint order, with what clips each."""

    window: QQuickWindow
    nodes: list[_Node] = field(default_factory=list)

    @classmethod
    def of(cls, window: QQuickWindow) -> Scene:
        """Read the scene as it is now."""
        scene = cls(window)
        bounds = QRectF(0, 0, window.width(), window.height())
        scene._visit(window.contentItem(), (), 1.0, bounds, ())
        return scene

    def _visit(
        self,
        item: QQuickItem,
        ancestors: tuple[QQuickItem, ...],
        opacity: float,
        bounds: QRectF,
        clippers: tuple[QQuickItem, ...],
    ) -> None:
        if not item.isVisible():
            return
        opacity *= item.opacity()
        if opacity < 0.01:
            return
        rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
        children = sorted(item.childItems(), key=lambda c: c.z())  # stable: same z keeps order
        below = [c for c in children if c.z() < 0]
        above = [c for c in children if c.z() >= 0]
        inner = (item, *ancestors)
        child_bounds, child_clippers = bounds, clippers
        if item.clip():
            child_bounds = bounds.intersected(rect)
            child_clippers = (item, *clippers)
        for child in below:
            self._visit(child, inner, opacity, child_bounds, child_clippers)
        shown = rect.intersected(bounds)
        self.nodes.append(_Node(item, len(self.nodes), ancestors, opacity, rect, shown, clippers))
        for child in above:
            self._visit(child, inner, opacity, child_bounds, child_clippers)

    def modal_layer(self) -> QQuickItem | None:
        """The overlay that owns all input now (the topmost with an input shield), if any."""
        shields = [n for n in self.nodes if _is_shield(n.item) and n.item.isEnabled()]
        if not shields:
            return None
        return shields[-1].item.parentItem()

    def background(self, node: _Node, point: QPointF) -> QColor | None:
        """The colour behind ``node`` at a scene point (None: a picture is behind it)."""
        colour: QColor | None = QColor(self.window.color())
        for other in self.nodes[: node.order]:
            if other.item in node.ancestors and not other.item.inherits("QQuickRectangle"):
                continue
            if not other.shown.contains(point):
                continue
            if other.item.inherits("QQuickRectangle"):
                fill = QColor(other.item.property("color"))
                alpha = fill.alphaF() * other.opacity
                if alpha <= 0.001:
                    continue
                if colour is None:
                    colour = QColor(fill) if alpha > 0.95 else None
                else:
                    colour = _over(fill, alpha, colour)
            elif other.item.inherits("QQuickImage") and _image_covers(other, point):
                colour = None
        return colour


def _image_covers(node: _Node, point: QPointF) -> bool:
    item = node.item
    if _enum(item, "status") != 1:  # Image.Ready
        return False
    pw, ph = float(item.property("paintedWidth")), float(item.property("paintedHeight"))
    painted = item.mapRectToScene(
        QRectF((item.width() - pw) / 2, (item.height() - ph) / 2, pw, ph)
    ).intersected(node.shown)
    return painted.contains(point)


def _over(top: QColor, alpha: float, below: QColor) -> QColor:
    def mix(a: float, b: float) -> float:
        return a * alpha + b * (1 - alpha)

    return QColor.fromRgbF(
        mix(top.redF(), below.redF()),
        mix(top.greenF(), below.greenF()),
        mix(top.blueF(), below.blueF()),
    )


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


# --- what each item shows -----------------------------------------------------------------


def _text_rect(item: QQuickItem) -> QRectF:
    """Where the glyphs of a text item are, in the scene (its box if it has no content)."""
    cw = float(item.property("contentWidth") or 0)
    ch = float(item.property("contentHeight") or 0)
    w, h = item.width(), item.height()
    left = float(item.property("leftPadding") or 0)
    right = float(item.property("rightPadding") or 0)
    top = float(item.property("topPadding") or 0)
    bottom = float(item.property("bottomPadding") or 0)
    h_align = _enum(item, "effectiveHorizontalAlignment")
    v_align = _enum(item, "verticalAlignment")
    if h_align & int(Qt.AlignmentFlag.AlignRight):
        x = w - right - cw
    elif h_align & int(Qt.AlignmentFlag.AlignHCenter):
        x = left + (w - left - right - cw) / 2
    else:
        x = left
    if v_align & int(Qt.AlignmentFlag.AlignBottom):
        y = h - bottom - ch
    elif v_align & int(Qt.AlignmentFlag.AlignVCenter):
        y = top + (h - top - bottom - ch) / 2
    else:
        y = top
    return item.mapRectToScene(QRectF(x, y, cw, ch))


def _value(item: QQuickItem, expression: str) -> object:
    """A QML expression evaluated on an item: for what PySide6 cannot read as a property
    (Qt Quick's own enum types, grouped properties such as ``border.color``)."""
    context = qmlContext(item)
    if context is None:  # not made by QML: nothing to evaluate in
        return None
    return QQmlExpression(context, item, expression).evaluate()[0]


def _enum(item: QQuickItem, name: str) -> int:
    """An enum property as a number."""
    value = _value(item, f"{name} + 0")
    return int(value) if isinstance(value, (int, float)) else 0


def _label(item: QQuickItem, ancestors: Iterable[QQuickItem]) -> str:
    """How a finding names an item: its name or text, and the nearest named item around it."""
    own = item.objectName()
    text = item.property("text")
    if not own and isinstance(text, str) and text.strip():
        words = " ".join(text.split())
        own = f'"{words[:48]}…"' if len(words) > 48 else f'"{words}"'
    own = own or _class(item)
    for outer in ancestors:
        if outer.objectName():
            return f"{outer.objectName()} › {own}"
    return own


def _big(rect: QRectF) -> bool:
    return rect.width() > SLACK and rect.height() > SLACK


def _cue_shows(flick: QQuickItem, vertical: bool) -> bool:
    """Whether a scrolling view shows a scroll cue in that direction (Theme's ScrollCue)."""
    want = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
    for child in flick.childItems():
        if child.objectName() != "scrollCue" or not child.isVisible():
            continue
        if _enum(child, "orientation") == int(want.value) and child.opacity() > 0.01:
            return True
    return False


def _scrolls(flick: QQuickItem, vertical: bool) -> bool:
    if vertical:
        return float(flick.property("contentHeight")) > flick.height() + SLACK
    return float(flick.property("contentWidth")) > flick.width() + SLACK


def _pages(flick: QQuickItem) -> bool:
    """A view that shows one page at a time (the pager): what it cuts is the next page."""
    return flick.inherits("QQuickListView") and _enum(flick, "snapMode") == 2  # SnapOneItem


def _cut(node: _Node, drawn: QRectF, window: QRectF) -> str | None:
    """Why part of ``drawn`` cannot be seen, or None when all of it can (or can scroll in)."""
    seen = drawn.intersected(node.shown)
    lost_w = drawn.width() - seen.width()
    lost_h = drawn.height() - seen.height()
    if lost_w <= SLACK and lost_h <= SLACK:
        return None
    hidden = seen.isEmpty()
    for clipper in node.clippers:
        box = clipper.mapRectToScene(QRectF(0, 0, clipper.width(), clipper.height()))
        cut_h = drawn.top() < box.top() - SLACK or drawn.bottom() > box.bottom() + SLACK
        cut_w = drawn.left() < box.left() - SLACK or drawn.right() > box.right() + SLACK
        if not (cut_h or cut_w):
            continue
        if _is_scroller(clipper):
            if _pages(clipper) and hidden:
                return None  # on another page of a pager
            ok_h = not cut_h or (_scrolls(clipper, True) and _cue_shows(clipper, True))
            ok_w = not cut_w or (_scrolls(clipper, False) and _cue_shows(clipper, False))
            if ok_h and ok_w:
                return None
            which = "below or above" if cut_h else "beside"
            name = clipper.objectName() or _class(clipper)
            return f"cut by {name}, with no scroll cue for what is {which}"
        return f"cut by the edge of {clipper.objectName() or _class(clipper)}"
    if not window.contains(drawn):
        return "runs off the window"
    return None


def inspect(
    window: QQuickWindow, min_target: float, reach: tuple[float, float] | None = None
) -> list[tuple[str, str, str]]:
    """What is wrong in the window now: (item, problem, detail) triples. ``reach``: with
    the seated option, the rows (top, bottom) every control must keep between."""
    scene = Scene.of(window)
    layer = scene.modal_layer()
    nodes = [n for n in scene.nodes if layer is None or n.item is layer or layer in n.ancestors]
    bounds = QRectF(0, 0, window.width(), window.height())
    out: list[tuple[str, str, str]] = []

    def visible(n: _Node) -> bool:
        return _big(n.shown)

    def inside_shield(n: _Node) -> bool:
        return _is_shield(n.item) or any(_is_shield(a) for a in n.ancestors)

    texts = [n for n in nodes if _is_text(n.item) and str(n.item.property("text") or "").strip()]
    controls = [
        n
        for n in nodes
        if _is_control(n.item)
        and n.item.isEnabled()
        and not inside_shield(n)
        and n.item.objectName() != "staffCorner"  # the hidden way in: invisible by design
    ]

    for n in texts:
        name = _label(n.item, n.ancestors)
        if n.item.property("truncated"):
            out.append((name, ELIDED, "shortened with … (not all of it is shown)"))
        drawn = _text_rect(n.item)
        why = _cut(n, drawn, bounds)
        if why:
            kind = OFF_SCREEN if why == "runs off the window" else CLIPPED
            out.append((name, kind, why))
    for n in controls:
        name = _label(n.item, n.ancestors)
        why = _cut(n, n.rect, bounds)
        if why:
            kind = OFF_SCREEN if why == "runs off the window" else CLIPPED
            out.append((name, kind, why))
        if reach is not None and visible(n):
            top, bottom = reach
            if n.shown.top() < top - SLACK or n.shown.bottom() > bottom + SLACK:
                out.append(
                    (
                        name,
                        OUT_OF_REACH,
                        f"rows {n.shown.top():.0f}–{n.shown.bottom():.0f}, outside the seated "
                        f"visitor's {top:.0f}–{bottom:.0f}",
                    )
                )
        if min(n.rect.width(), n.rect.height()) < min_target - SLACK:
            out.append(
                (
                    name,
                    SMALL,
                    f"{n.rect.width():.0f}×{n.rect.height():.0f} px, "
                    f"under the {min_target:.0f} px minimum",
                )
            )

    # Overlaps: between texts, and between a text or control and a control not around it.
    shown_texts = [n for n in texts if visible(n)]
    shown_controls = [n for n in controls if visible(n)]

    def related(a: _Node, b: _Node) -> bool:
        return a.item in b.ancestors or b.item in a.ancestors

    def clash(a: _Node, ra: QRectF, b: _Node, rb: QRectF) -> bool:
        return not related(a, b) and _big(ra.intersected(rb))

    text_rects = {id(n): _text_rect(n.item).intersected(n.shown) for n in shown_texts}
    for i, a in enumerate(shown_texts):
        for b in shown_texts[i + 1 :]:
            if clash(a, text_rects[id(a)], b, text_rects[id(b)]):
                out.append(
                    (
                        _label(a.item, a.ancestors),
                        OVERLAPPED,
                        f"by the text {_label(b.item, b.ancestors)}",
                    )
                )
        for c in shown_controls:
            if clash(a, text_rects[id(a)], c, c.shown):
                out.append(
                    (
                        _label(a.item, a.ancestors),
                        OVERLAPPED,
                        f"by the control {_label(c.item, c.ancestors)}",
                    )
                )
    # The scroll cue stands beside the content, never on it (a bar over the first letters
    # of a line, or across a row of buttons).
    cues = [n for n in nodes if n.item.objectName() == "scrollCue" and visible(n)]
    for cue in cues:
        view = cue.item.parentItem()
        where = _label(view, ()) if view is not None else "a view"
        for n in shown_texts:
            if _big(text_rects[id(n)].intersected(cue.shown)):
                out.append(
                    (_label(n.item, n.ancestors), OVERLAPPED, f"by the scroll cue of {where}")
                )
        # Buttons only: a cell whose target takes in its gutter is drawn inside it.
        for c in shown_controls:
            if c.item.inherits("QQuickAbstractButton") and _big(c.shown.intersected(cue.shown)):
                out.append(
                    (_label(c.item, c.ancestors), OVERLAPPED, f"by the scroll cue of {where}")
                )
    for i, a in enumerate(shown_controls):
        for b in shown_controls[i + 1 :]:
            if clash(a, a.shown, b, b.shown):
                out.append(
                    (
                        _label(a.item, a.ancestors),
                        OVERLAPPED,
                        f"by the control {_label(b.item, b.ancestors)}",
                    )
                )

    # Contrast: each text against what is behind its glyphs; each control's boundary.
    by_item = {id(n.item): n for n in nodes}
    for n in shown_texts:
        if not n.item.isEnabled():
            continue  # an inactive control's words (WCAG exempts them)
        area = text_rects[id(n)]
        if not _big(area):
            continue
        ink = QColor(n.item.property("color"))
        worst: float | None = None
        over_picture = False
        for point in _samples(area):
            behind = scene.background(n, point)
            if behind is None:
                over_picture = True
                continue
            front = _over(ink, ink.alphaF() * n.opacity, behind)
            ratio = contrast(front, behind)
            worst = ratio if worst is None else min(worst, ratio)
        name = _label(n.item, n.ancestors)
        if over_picture:
            out.append((name, CONTRAST, "lies over a picture with no backing of its own"))
        elif worst is not None and worst < TEXT_CONTRAST - 0.005:
            out.append((name, CONTRAST, f"{worst:.2f}:1 against its background, under 7:1"))
    for n in shown_controls:
        bg = n.item.property("background")
        if not isinstance(bg, QQuickItem) or not bg.inherits("QQuickRectangle"):
            continue
        bg_node = by_item.get(id(bg))
        if bg_node is None:
            continue
        # What is behind the button's own background (a control's background is drawn
        # first, under the control and its label).
        behind = scene.background(bg_node, n.shown.center())
        if behind is None:
            continue
        fill = _over(QColor(bg.property("color")), bg_node.opacity, behind)
        fill_ratio = contrast(fill, behind)
        border_ratio = 1.0
        width = _value(bg, "border.width")
        if isinstance(width, (int, float)) and width >= 1:
            edge = _over(QColor(_value(bg, "border.color")), bg_node.opacity, behind)
            border_ratio = contrast(edge, behind)
        if max(fill_ratio, border_ratio) < NON_TEXT_CONTRAST - 0.005:
            out.append(
                (
                    _label(n.item, n.ancestors),
                    CONTRAST,
                    f"its edge does not stand out: fill {fill_ratio:.2f}:1 and border "
                    f"{border_ratio:.2f}:1 against the background, under 3:1",
                )
            )
    return out


def _samples(rect: QRectF) -> Iterator[QPointF]:
    """The centre of a text and four points inside its corners."""
    yield rect.center()
    dx, dy = rect.width() * 0.25, rect.height() * 0.25
    c = rect.center()
    for sx, sy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
        yield QPointF(c.x() + sx * dx, c.y() + sy * dy)


# --- the command --------------------------------------------------------------------------

DEFAULT_SIZES = [(1280, 800), (1920, 1080), (1080, 1920), (3840, 2160)]


def report(findings: list[Finding], *, as_json: bool) -> str:
    """The findings as `kiosk proof` prints them."""
    if as_json:
        return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)
    if not findings:
        return "no findings: every text fits or scrolls with a cue, every control is clear"
    lines = [f.line() for f in findings]
    lines.append(f"{len(findings)} finding(s)")
    return "\n".join(lines)


#: How long a state with findings is left before it is inspected again.
RECHECK_MS = 150


def proof(
    bundle: Path,
    *,
    sizes: list[tuple[int, int]] | None = None,
    languages: list[str] | None = None,
    screen_inches: float = 43.0,
    progress: bool = False,
    options: Held | None = None,
) -> list[Finding]:
    """Walk every state of ``bundle`` at each size and language; return what is wrong.
    ``options``: the visitor's options held on for the whole walk (none by default)."""
    from kiosk.ui.shoot import Shooter
    from kiosk.ui.walk import hold, settle, wait

    held = options or Held()
    findings: list[Finding] = []
    with Shooter(bundle, screen_inches=screen_inches) as shooter:
        hold(shooter.view, held)
        theme = shooter.theme
        for size, lang, state in shooter.states(sizes or DEFAULT_SIZES, languages):
            min_target = float(theme.property("targetSize"))
            opts = shooter.view.options
            reach = (
                (float(opts.property("reachTop")), float(opts.property("reachBottom")))
                if opts.property("seated")
                else None
            )
            found = inspect(shooter.view.window, min_target, reach)
            if found:
                # A finding must hold on a second settled frame: on a loaded machine a
                # list can be caught between two layouts, which no visitor ever sees.
                wait(RECHECK_MS)
                settle(shooter.view)
                again = set(inspect(shooter.view.window, min_target, reach))
                found = [f for f in found if f in again]
            for item, problem, detail in found:
                findings.append(
                    Finding(
                        screen=state.label,
                        item=item,
                        problem=problem,
                        detail=detail,
                        lang=lang,
                        size=f"{size[0]}x{size[1]}",
                        state=state.name,
                        options=held.label,
                    )
                )
            if progress:
                where = " ".join(p for p in (f"{size[0]}x{size[1]}", lang, held.label) if p)
                print(f"\r{where} {state.name:<50}", end="", flush=True)
    if progress:
        print("\r" + " " * 90 + "\r", end="", flush=True)
    return findings
