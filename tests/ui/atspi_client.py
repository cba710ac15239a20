"""An AT-SPI client for the tests: what a screen reader sees of the kiosk, as JSON.

Run by Debian's own interpreter (``/usr/bin/python3`` with ``python3-pyatspi``), not the
project's venv: pyatspi comes from Debian's GObject introspection and is not on the
package index. ``tests/ui/atspi.py`` runs it inside the private session it starts.

    python3 atspi_client.py tree  --pid PID            the whole tree of that process, JSON
    python3 atspi_client.py press --pid PID NAME [ROLE] the one showing node so named: act
    python3 atspi_client.py press --pid PID --path 0.3.1 NAME   the node there, shown or not
    python3 atspi_client.py press --pid PID --action "Set Focus" NAME   that action, not the first

``--name APP`` picks the application by its accessible name instead of its process id.
Nodes are listed depth first, which is the order a screen reader reads them in. Exit
status: 0 done, 1 the node to press is not there or is not one, 2 bad arguments, 3 the
application never showed up on the accessibility bus.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from typing import Any

import pyatspi  # type: ignore[import-not-found]  # Debian's python3-pyatspi
from gi.repository import Atspi, GLib  # type: ignore[import-not-found]

# How long to wait for the application to register with the accessibility registry: it
# does so a moment after its window shows, and later still on a busy machine.
FIND_SECONDS = 30.0
# A whole walk or press never hangs a test: past this the client exits with a message.
WALL_SECONDS = 120


def _try(call: Any, default: Any = None) -> Any:
    """One D-Bus query; a node that vanished while being walked answers with an error."""
    try:
        return call()
    except (GLib.Error, RuntimeError, AttributeError, NotImplementedError):
        return default


def find_app(pid: int | None, name: str | None) -> Any:
    """The application on the bus: by process id, else by accessible name. Waits for it."""
    deadline = time.monotonic() + FIND_SECONDS
    seen: list[str] = []
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        seen = []
        for i in range(_try(lambda d=desktop: d.childCount, 0)):
            app = _try(lambda i=i, d=desktop: d.getChildAtIndex(i))
            if app is None:
                continue
            app_pid = _try(app.get_process_id)
            app_name = _try(lambda app=app: app.name, "")
            seen.append(f"{app_name!r} (pid {app_pid})")
            ours = (pid is not None and app_pid == pid) or (pid is None and app_name == name)
            if ours and _try(lambda app=app: app.childCount, 0):  # its window is there too
                return app
        if time.monotonic() > deadline:
            want = f"pid {pid}" if pid is not None else repr(name)
            sys.exit(
                f"atspi_client: no application {want} on the accessibility bus after "
                f"{FIND_SECONDS:.0f} s; there: {', '.join(seen) or 'none'}"
            )
        time.sleep(0.1)


def _states(acc: Any) -> list[str]:
    state_set = _try(acc.getState)
    if state_set is None:
        return []
    return sorted(s.value_nick for s in _try(state_set.getStates, []))


def _actions(acc: Any) -> list[str]:
    action = _try(acc.queryAction)
    if action is None:
        return []
    return [
        _try(lambda i=i: action.getName(i), "") for i in range(_try(lambda: action.nActions, 0))
    ]


def _extents(acc: Any) -> list[int] | None:
    component = _try(acc.queryComponent)
    if component is None:
        return None
    box = _try(lambda: component.getExtents(pyatspi.DESKTOP_COORDS))
    return None if box is None else [box.x, box.y, box.width, box.height]


def _attributes(acc: Any) -> dict[str, str]:
    pairs = _try(acc.getAttributes, []) or []
    out = {}
    for pair in pairs:
        key, _, value = pair.partition(":")
        out[key] = value
    return out


def describe(acc: Any, path: list[int]) -> dict[str, Any]:
    """One node, as plain data."""
    attributes = _attributes(acc)
    return {
        "path": path,
        "role": _try(acc.getRoleName, ""),
        "name": _try(lambda: acc.name, "") or "",
        "description": _try(lambda: acc.description, "") or "",
        "states": _states(acc),
        "actions": _actions(acc),
        "locale": _try(acc.get_object_locale) or attributes.get("language"),
        "attributes": attributes,
        "extents": _extents(acc),
    }


def walk(acc: Any, path: list[int], out: list[dict[str, Any]], nodes: list[Any]) -> None:
    """Depth first, children in their index order: the order a screen reader reads."""
    out.append(describe(acc, path))
    nodes.append(acc)
    for i in range(_try(lambda: acc.childCount, 0)):
        child = _try(lambda i=i: acc.getChildAtIndex(i))
        if child is not None:
            walk(child, [*path, i], out, nodes)


def press(
    app: Any, name: str, role: str | None, path: list[int] | None, action: str | None = None
) -> None:
    """Call the first action of the one showing node named ``name`` (and of ``role``); with
    ``path``, of the node so named at that path, showing or not (a screen reader can press
    a hidden node it finds in the tree). ``action``: the one so named instead of the first
    (a screen reader's "move to" is "Set Focus")."""
    out: list[dict[str, Any]] = []
    nodes: list[Any] = []
    walk(app, [], out, nodes)
    hits = [
        (node, acc)
        for node, acc in zip(out, nodes, strict=True)
        if node["name"] == name
        and (role is None or node["role"] == role)
        and ("showing" in node["states"] if path is None else node["path"] == path)
    ]
    what = repr(name) + (f" ({role})" if role else "") + (f" at {path}" if path else "")
    if not hits:
        named = [f"{n['role']} {n['name']!r}" for n in out if "showing" in n["states"]]
        sys.stderr.write(f"atspi_client: no showing node {what}; showing: {named}\n")
        sys.exit(1)
    if len(hits) > 1:
        paths = [f"{n['role']} at {n['path']}" for n, _ in hits]
        sys.stderr.write(f"atspi_client: {len(hits)} showing nodes {what}: {paths}\n")
        sys.exit(1)
    node, acc = hits[0]
    if not node["actions"]:
        sys.stderr.write(f"atspi_client: {what} at {node['path']} has no action\n")
        sys.exit(1)
    index = (
        0 if action is None else next((i for i, a in enumerate(node["actions"]) if a == action), -1)
    )
    if index < 0:
        sys.stderr.write(
            f"atspi_client: {what} at {node['path']} has no action {action!r}, "
            f"only {node['actions']}\n"
        )
        sys.exit(1)
    if not acc.queryAction().doAction(index):
        sys.stderr.write(f"atspi_client: {what}: action {node['actions'][index]!r} refused\n")
        sys.exit(1)
    print(json.dumps({"pressed": node}))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="atspi_client")
    parser.add_argument("command", choices=("tree", "press"))
    parser.add_argument("args", nargs="*")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--pid", type=int)
    who.add_argument("--name")
    parser.add_argument("--path", help="press: the node's child index path, as 0.3.1")
    parser.add_argument("--action", help="press: the action's name (default: the first)")
    opts = parser.parse_args(argv)

    def too_long(*_: object) -> None:
        sys.exit(f"atspi_client: {opts.command} took longer than {WALL_SECONDS} s")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(WALL_SECONDS)
    # One call to a busy application may take a while; the default (a few seconds) would
    # drop nodes from a walk on a loaded machine.
    Atspi.set_timeout(10_000, 30_000)
    app = find_app(opts.pid, opts.name)
    if opts.command == "tree":
        if opts.args:
            parser.error("tree takes no arguments")
        out: list[dict[str, Any]] = []
        walk(app, [], out, [])
        json.dump({"app": _try(lambda: app.name, ""), "nodes": out}, sys.stdout)
    else:
        if not 1 <= len(opts.args) <= 2:
            parser.error("press NAME [ROLE]")
        path = None if opts.path is None else [int(i) for i in opts.path.split(".") if i]
        role = opts.args[1] if len(opts.args) > 1 else None
        press(app, opts.args[0], role, path, opts.action)


if __name__ == "__main__":
    main(sys.argv[1:])
