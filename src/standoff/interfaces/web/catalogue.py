"""The models the start page offers: two examples shipped with standoff and the files given to
``standoff serve``; the only files the web app reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standoff.interfaces.web.models import SUFFIXES
from standoff.io.examples import examples_folder

EXAMPLES = ("hanoi-2019.yaml", "elmira.yaml")
"""The examples offered on the start page, first Hanoi (1,152 states) then Elmira (the classic case)."""


@dataclass(frozen=True)
class Entry:
    """One offered model: its id in URLs, its file and where it came from."""

    id: str
    path: Path
    origin: str  # "example" or "command line"


class Catalogue:
    """The offered models, fixed when the server starts."""

    def __init__(self, models: Sequence[Path] = (), *, examples: bool = True) -> None:
        entries: list[Entry] = []
        folder = examples_folder() if examples else None
        if folder is not None:
            entries += [
                Entry(Path(f).stem, folder / f, "example") for f in EXAMPLES if (folder / f).is_file()
            ]
        for number, path in enumerate(models, start=1):
            entries.append(Entry(f"model-{number}", Path(path).resolve(), "command line"))
        self._entries = {e.id: e for e in entries}

    def listing(self) -> list[dict[str, Any]]:
        """The models as the start page lists them (their names are read from the files, when readable)."""
        return [self._describe(e) for e in self._entries.values()]

    def _describe(self, entry: Entry) -> dict[str, Any]:
        info: dict[str, Any] = {"id": entry.id, "file": entry.path.name, "origin": entry.origin}
        try:
            from standoff.io import load

            conflict = load(entry.path)
            info |= {
                "name": conflict.name,
                "decision_makers": list(conflict.decision_maker_names),
                "options": len(conflict.options),
                "problem": None,
            }
        except Exception as error:  # any problem is shown on the start page; the model opens as text
            info |= {"name": entry.path.name, "decision_makers": [], "options": 0, "problem": str(error)}
        return info

    def read(self, model_id: str) -> dict[str, Any] | None:
        """An offered model's text, format and file name; None for an id not offered."""
        entry = self._entries.get(model_id)
        if entry is None:
            return None
        try:
            text = entry.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            return {
                "id": model_id,
                "name": entry.path.name,
                "format": "yaml",
                "model": "",
                "problem": str(error),
            }
        return {
            "id": model_id,
            "name": entry.path.name,
            "format": SUFFIXES.get(entry.path.suffix.lower(), "yaml"),
            "model": text,
            "problem": None,
        }
