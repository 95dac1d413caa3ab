"""The example models shipped with standoff: ``standoff analyze elmira`` reads one by its name.

A wheel carries them in the package (``standoff/examples``); a source tree has
them in its ``examples/`` folder.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["example_hint", "example_path", "examples", "examples_folder"]


def examples_folder() -> Path | None:
    """Where the examples are: inside the installed package (a wheel), or the source tree's examples/."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "examples", package.parents[1] / "examples"):
        if (folder / "elmira.yaml").is_file():
            return folder
    return None


def examples() -> dict[str, Path]:
    """Each example's name (its file name without ``.yaml``) and file, by name."""
    folder = examples_folder()
    if folder is None:
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def example_path(given: str) -> Path | None:
    """The example a bare name (``elmira``: no folder, no extension) stands for, or None."""
    if Path(given).name != given or Path(given).suffix:
        return None
    return examples().get(given)


def example_hint(file: str) -> str:
    """For a missing file named like an example (``examples/elmira.yaml``): how to read the shipped one."""
    name = Path(file).stem
    if Path(file).suffix.lower() != ".yaml" or name not in examples():
        return ""
    return f" (standoff ships this example: read it as {name!r}, e.g. standoff analyze {name})"
