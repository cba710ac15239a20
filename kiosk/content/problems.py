"""Problems found in a bundle, and the report that collects them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Severity(StrEnum):
    """An error stops a bundle from loading; a warning does not (unless ``--strict``)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bundle, located as precisely as we can."""

    severity: Severity
    code: str
    message: str
    file: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: "
        if self.path:
            text += f"{self.path}: "
        return text + self.message

    def to_json(self) -> dict[str, Any]:
        """A plain dict for ``--json`` reports."""
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


@dataclass
class Report:
    """Everything found while loading one bundle."""

    source: Path
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        path: str = "",
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        """Record a problem (in the bundle's ``bundle.json`` unless ``file`` says otherwise)."""
        self.problems.append(
            Problem(severity, code, message, file or str(self.source), path, line, column)
        )

    def error(self, code: str, message: str, path: str = "", **kw: Any) -> None:
        """Record an error."""
        self.add(Severity.ERROR, code, message, path, **kw)

    def warning(self, code: str, message: str, path: str = "", **kw: Any) -> None:
        """Record a warning."""
        self.add(Severity.WARNING, code, message, path, **kw)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the bundle from loading."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not."""
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def ok(self, *, strict: bool = False) -> bool:
        """Whether the bundle passes: no errors, and with ``strict`` no warnings either."""
        return not (self.problems if strict else self.errors)

    def summary(self) -> str:
        """One line: "2 errors, 1 warning"."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return f"{n(len(self.errors), 'error')}, {n(len(self.warnings), 'warning')}"
