"""Process trees from /proc, for the benchmarks that measure a program with its children."""

from __future__ import annotations

from collections.abc import Mapping


def descendants(parents: Mapping[int, int], root: int) -> set[int]:
    """``root`` and every process under it, from a map of process → parent process."""
    found = {root}
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in found and child not in found:
                found.add(child)
                grew = True
    return found
