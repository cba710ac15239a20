"""Key names as Qt spells them, without Qt: the config file's keymap is checked here.

``kiosk config show`` and ``kiosk validate`` run without a display, so the names a keymap
may use are listed in plain Python: every name ``QKeySequence`` writes for a key of its own
(``QKeySequence(key).toString(PortableText)``), a few spellings it also reads ("Escape" for
"Esc"), any single character, and modifiers before them ("Ctrl+Right", "Num+Enter").
tests/ui/test_keys.py checks this list against the Qt the kiosk runs on.
"""

from __future__ import annotations

import difflib

#: Every multi-character key name Qt writes, in Qt::Key order (generated from PySide6 6.x).
# fmt: off
QT_NAMES: tuple[str, ...] = (
    "Space", "Esc", "Tab", "Backtab", "Backspace", "Return", "Enter", "Ins", "Del", "Pause",
    "Print", "SysReq", "Clear", "Home", "End", "Left", "Up", "Right", "Down", "PgUp", "PgDown",
    "Shift", "Control", "Meta", "Alt", "CapsLock", "NumLock", "ScrollLock", "F1", "F2", "F3",
    "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12", "F13", "F14", "F15", "F16", "F17",
    "F18", "F19", "F20", "F21", "F22", "F23", "F24", "F25", "F26", "F27", "F28", "F29", "F30",
    "F31", "F32", "F33", "F34", "F35", "Menu", "Help", "Code input", "Multiple Candidate",
    "Previous Candidate", "Kanji", "Muhenkan", "Henkan", "Romaji", "Hiragana", "Katakana",
    "Hiragana Katakana", "Zenkaku", "Hankaku", "Zenkaku Hankaku", "Touroku", "Massyo",
    "Kana Lock", "Kana Shift", "Eisu Shift", "Eisu toggle", "Hangul", "Hangul Start",
    "Hangul End", "Hangul Hanja", "Hangul Jamo", "Hangul Romaja", "Hangul Jeonja",
    "Hangul Banja", "Hangul PreHanja", "Hangul PostHanja", "Hangul Special", "Back", "Forward",
    "Stop", "Refresh", "Volume Down", "Volume Mute", "Volume Up", "Bass Boost", "Bass Up",
    "Bass Down", "Treble Up", "Treble Down", "Media Play", "Media Stop", "Media Previous",
    "Media Next", "Media Record", "Media Pause", "Toggle Media Play/Pause", "Home Page",
    "Favorites", "Search", "Standby", "Open URL", "Launch Mail", "Launch Media", "Launch (0)",
    "Launch (1)", "Launch (2)", "Launch (3)", "Launch (4)", "Launch (5)", "Launch (6)",
    "Launch (7)", "Launch (8)", "Launch (9)", "Launch (A)", "Launch (B)", "Launch (C)",
    "Launch (D)", "Launch (E)", "Launch (F)", "Monitor Brightness Up",
    "Monitor Brightness Down", "Keyboard Light On/Off", "Keyboard Brightness Up",
    "Keyboard Brightness Down", "Power Off", "Wake Up", "Eject", "Screensaver", "WWW", "Memo",
    "LightBulb", "Shop", "History", "Add Favorite", "Hot Links", "Adjust Brightness", "Finance",
    "Community", "Media Rewind", "Back Forward", "Application Left", "Application Right",
    "Book", "CD", "Calculator", "To-do list", "Clear Grab", "Close", "Copy", "Cut", "Display",
    "DOS", "Documents", "Spreadsheet", "Browser", "Game", "Go", "iTouch", "Logoff", "Market",
    "Meeting", "Keyboard Menu", "Menu PB", "My Sites", "News", "Home Office", "Option", "Paste",
    "Phone", "Calendar", "Reply", "Reload", "Rotate Windows", "Rotation PB", "Rotation KB",
    "Save", "Send", "Spellchecker", "Split Screen", "Support", "Task Panel", "Terminal",
    "Tools", "Travel", "Video", "Word Processor", "XFer", "Zoom In", "Zoom Out", "Away",
    "Messenger", "WebCam", "Mail Forward", "Pictures", "Music", "Battery", "Bluetooth",
    "Wireless", "Ultra Wide Band", "Media Fast Forward", "Audio Repeat", "Audio Random Play",
    "Subtitle", "Audio Cycle Track", "Time", "Hibernate", "View", "Top Menu", "Power Down",
    "Suspend", "Adjust contrast", "Launch (G)", "Launch (H)", "Touchpad Toggle", "Touchpad On",
    "Touchpad Off", "Microphone Mute", "Red", "Green", "Yellow", "Blue", "Channel Up",
    "Channel Down", "Guide", "Info", "Settings", "Microphone Volume Up",
    "Microphone Volume Down", "Keyboard", "New", "Open", "Find", "Undo", "Redo", "Select",
    "Yes", "No", "Cancel", "Printer", "Execute", "Sleep", "Play", "Zoom", "Exit", "Context1",
    "Context2", "Context3", "Context4", "Call", "Hangup", "Flip", "Toggle Call/Hangup",
    "Voice Dial", "Last Number Redial", "Camera Shutter", "Camera Focus",
)
# fmt: on

#: Other spellings Qt reads for the same keys, and the name it writes for each.
ALIASES: dict[str, str] = {
    "Escape": "Esc",
    "Delete": "Del",
    "Insert": "Ins",
    "Page Up": "PgUp",
    "Page Down": "PgDown",
}

#: Modifiers as Qt writes them before a key ("Num" is a key of the numeric keypad).
MODIFIERS: tuple[str, ...] = ("Ctrl", "Shift", "Alt", "Meta", "Num")

_BY_FOLDED = {name.casefold(): name for name in QT_NAMES} | {
    alias.casefold(): name for alias, name in ALIASES.items()
}
_MODIFIERS = {m.casefold(): m for m in MODIFIERS}


class KeyNameError(ValueError):
    """A key name Qt would not read; the message says what to write instead."""


def normalise(text: str) -> str:
    """``text`` as Qt writes it ("escape" → "Esc", "ctrl+right" → "Ctrl+Right").

    Raises KeyNameError for a name Qt would not read, with the nearest names it knows.
    """
    raw = text.strip()
    if not raw:
        raise KeyNameError('an empty key name; name a key as Qt spells it, such as "Right"')
    # "+" separates modifiers, and is a key itself: "Ctrl++" is Ctrl and "+".
    parts = raw.split("+")
    if raw.endswith("+"):
        parts = [*parts[:-2], "+"] if len(parts) > 2 else ["+"]
    *mods, key = (p.strip() for p in parts)
    shown: list[str] = []
    for mod in mods:
        if mod.casefold() not in _MODIFIERS:
            raise KeyNameError(
                f'unknown modifier "{mod}" in "{raw}"; modifiers are ' + ", ".join(MODIFIERS)
            )
        shown.append(_MODIFIERS[mod.casefold()])
    if len(key) == 1:
        return "+".join([*shown, key.upper()])
    name = _BY_FOLDED.get(key.casefold())
    if name is None:
        raise KeyNameError(_unknown(raw, key))
    return "+".join([*shown, name])


def _unknown(raw: str, key: str) -> str:
    squeezed = {n.replace(" ", "").casefold(): n for n in (*QT_NAMES, *ALIASES)}
    near = squeezed.get(key.replace(" ", "").casefold())
    guesses = [near] if near else difflib.get_close_matches(key, [*QT_NAMES, *ALIASES], n=3)
    hint = (" (did you mean " + " or ".join(f'"{g}"' for g in guesses) + "?)") if guesses else ""
    return (
        f'unknown key name "{raw}"{hint}; name keys as Qt spells them: "Right", "Return", '
        '"Esc", "F1", "Volume Up", "Media Next", a single character, or one of these with '
        '"Ctrl+", "Shift+", "Alt+", "Meta+" or "Num+" (the numeric keypad) before it'
    )
