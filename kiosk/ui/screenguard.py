"""Staying in charge of the screen: the kiosk's window puts itself back when another program
moves, shrinks, hides, minimizes or covers it, and knows how long it has been off screen.

A gallery machine runs other programs now and then (an update notifier, a remote-support
tool, a stray script): any X client may unmap, move, resize or cover another client's
window, and without a window manager nobody puts it back. The process would stay alive
with a black screen and keep pinging the watchdog. So in kiosk mode :class:`ScreenGuard`
reacts to what Qt reports (visibility, window state, geometry, expose events) by showing
the window again, full screen, at its screen's geometry; X says nothing when another
window is merely stacked above ours, so the guard also raises the window every few
seconds (one asynchronous request, sent at once: measured at about 9 µs of CPU a tick,
nothing). Qt queues such requests until it next draws or reads from X, and a kiosk at rest
does neither for seconds: the guard sends its own at once (:func:`flush_x`). A window
destroyed by another client (``XDestroyWindow``) looks to Qt like an unmapped one; when
mapping it again does not bring it back, the guard makes a new one. Under Wayland (cage) no
other client can do any of this, and the guard only restores what Qt itself reports.

:class:`Exposure` tells the watchdog (:mod:`kiosk.ui.systemd`) for how long the window has
not been on screen: from the moment it was hidden, minimized or unmapped until a frame is
swapped again while it is exposed. A window that stays off screen for longer than the
watchdog interval stops the pings, and systemd restarts the kiosk.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QNativeInterface, QWindow
from PySide6.QtQuick import QQuickWindow

log = logging.getLogger(__name__)

#: How often the window raises itself above whatever another client stacked on it (ms).
RAISE_MS = 2000

#: How soon after a change the window puts itself back (ms): long enough to coalesce the
#: burst of events one change makes, and to let a re-map's own expose event arrive.
SETTLE_MS = 100

#: A reassertion of one kind is logged at most this often (s): a program that keeps
#: fighting the kiosk must not fill the log.
LOG_EVERY = 60.0


@functools.cache
def _xcb_flush() -> Callable[[int], int] | None:
    """libxcb's ``xcb_flush``, or None when libxcb cannot be loaded. By its soname: the
    library Qt's X platform has already loaded (``find_library`` would run ldconfig)."""
    try:
        flush = ctypes.CDLL("libxcb.so.1").xcb_flush
    except (OSError, AttributeError):
        return None
    flush.argtypes = [ctypes.c_void_p]
    flush.restype = ctypes.c_int
    return flush


def flush_x() -> bool:
    """Send the X requests Qt has queued (a raise, a map) now, not when Qt next draws or
    reads from X: an idle kiosk does neither for seconds. Whether they were sent (False
    off X, or without libxcb). On the GUI thread, as Qt's own flushes are."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication) or app.platformName() != "xcb":
        return False  # (PySide returns an X11 interface on other platforms too)
    native = app.nativeInterface()
    flush = _xcb_flush()
    if not isinstance(native, QNativeInterface.QX11Application) or flush is None:
        return False
    connection = native.connection()
    return bool(connection) and flush(connection) > 0


class Exposure(QObject):
    """How long the window has not been on screen (see the module).

    Off screen from construction until the first frame, and from an expose event that says
    the window is no longer exposed (unmapped, hidden, minimized) until a frame is swapped
    while it is exposed again."""

    def __init__(self, window: QQuickWindow, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self._window = window
        self._clock = clock
        self._unseen_since: float | None = clock()
        window.installEventFilter(self)
        window.visibilityChanged.connect(self._visibility)
        # frameSwapped comes from the render thread: a slot of this (GUI-thread) object
        # is called queued, on the GUI thread.
        window.frameSwapped.connect(self._frame)

    def unseen_for(self) -> float:
        """Seconds the window has not been on screen (0 while it is)."""
        since = self._unseen_since
        return 0.0 if since is None else max(0.0, self._clock() - since)

    def _lost(self) -> None:
        if self._unseen_since is None:
            self._unseen_since = self._clock()

    @Slot(QWindow.Visibility)
    def _visibility(self, visibility: QWindow.Visibility) -> None:
        if visibility in (QWindow.Visibility.Hidden, QWindow.Visibility.Minimized):
            self._lost()

    @Slot()
    def _frame(self) -> None:
        if self._unseen_since is not None and self._window.isExposed():
            self._unseen_since = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note an expose event that takes the window off screen; never consume it."""
        if event.type() == QEvent.Type.Expose and not self._window.isExposed():
            self._lost()
        return False


class ScreenGuard(QObject):
    """Keeps a kiosk-mode window shown, full screen, on ``target()``'s geometry, on top.

    Event-driven: a change Qt reports schedules one reassertion (after :data:`SETTLE_MS`);
    only the stacking, which X does not report, is re-asserted by a timer. Inactive until
    :meth:`start`; :meth:`stop` before the window is meant to close or leave full screen."""

    def __init__(
        self,
        window: QQuickWindow,
        target: Callable[[], QRect | None],
        *,
        raise_ms: int = RAISE_MS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._target = target
        self._active = False
        self._unmapped = False  # an expose event said "not exposed", none since said "exposed"
        self._remaps = 0  # maps tried since the window was last exposed
        self._logged: dict[str, tuple[float, int]] = {}  # kind → (last logged, since then)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.reassert)
        self._raiser = QTimer(self)
        self._raiser.setInterval(raise_ms)
        self._raiser.timeout.connect(self._raise)
        window.visibilityChanged.connect(self._changed)
        window.windowStateChanged.connect(self._changed)
        for signal in (window.xChanged, window.yChanged, window.widthChanged):
            signal.connect(self._changed)
        window.heightChanged.connect(self._changed)
        window.installEventFilter(self)

    @property
    def active(self) -> bool:
        """Whether the guard keeps the window in place (kiosk mode)."""
        return self._active

    def start(self) -> None:
        """Keep the window in place from now on."""
        self._active = True
        if QGuiApplication.platformName() == "xcb":  # see the module: X only
            self._raiser.start()

    def stop(self) -> None:
        """Let the window go (leaving kiosk mode, quitting, closing)."""
        self._active = False
        self._raiser.stop()
        self._settle.stop()

    @Slot()
    def _changed(self, *_args: object) -> None:
        if self._active and not self._settle.isActive():
            self._settle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An expose event that leaves the window unexposed (another client unmapped it)
        schedules a reassertion; the event itself goes on to Qt."""
        if event.type() == QEvent.Type.Expose:
            # Qt has updated isExposed() before the event reaches the filters.
            self._unmapped = not self._window.isExposed() and self._window.isVisible()
            if self._window.isExposed():
                self._remaps = 0
            if self._unmapped:
                self._changed()
        return False

    @Slot()
    def _raise(self) -> None:
        if self._active:
            self._window.raise_()
            flush_x()

    @Slot()
    def reassert(self) -> None:
        """Put the window back now: shown, not minimized, mapped, on its screen's geometry,
        on top. Does nothing (not even a request) for what is already right."""
        if not self._active:
            return
        window = self._window
        state = window.windowState()
        fixed = True
        if not window.isVisible() or state & Qt.WindowState.WindowMinimized:
            self._note("shown", "hid or minimized the kiosk's window; showing it again")
            window.showFullScreen()
        elif self._unmapped and not window.isExposed():
            # Unmapped by another client: Qt still thinks it is shown, so show() alone
            # would do nothing. Hiding and showing maps the window again; if that did not
            # bring it back, the window itself is gone (XDestroyWindow by another client,
            # which Qt does not notice): a new one is made.
            self._remaps += 1
            window.hide()
            if self._remaps > 1:
                self._note("made", "destroyed the kiosk's window; making a new one")
                window.destroy()
            else:
                self._note("mapped", "unmapped the kiosk's window; mapping it again")
            window.showFullScreen()
        elif not state & Qt.WindowState.WindowFullScreen:
            window.showFullScreen()
        else:
            fixed = False
        rect = self._target()
        if rect is not None and window.geometry() != rect:
            now = window.geometry()
            self._note(
                "geometry",
                f"moved or resized the kiosk's window to {now.width()}×{now.height()} at "
                f"{now.x()},{now.y()}; covering the screen again",
            )
            window.setGeometry(rect)
            fixed = True
        if fixed and QGuiApplication.platformName() == "xcb":
            # On top, with the keyboard (staff typing a PIN): X only. Wayland has no such
            # requests (Qt warns on requestActivate) and lets no other client change our
            # window; offscreen and eglfs have one window and warn that raise() does nothing.
            window.raise_()
            window.requestActivate()
            flush_x()

    def _note(self, kind: str, what: str) -> None:
        """Log one reassertion of ``kind``; at most once per :data:`LOG_EVERY` seconds."""
        now = time.monotonic()
        last, quiet = self._logged.get(kind, (float("-inf"), 0))
        if now - last < LOG_EVERY:
            self._logged[kind] = (last, quiet + 1)
            return
        more = f" ({quiet} more times in the last {LOG_EVERY:.0f} s)" if quiet else ""
        log.warning("another program %s%s", what, more)
        self._logged[kind] = (now, 0)
