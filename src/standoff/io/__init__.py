"""Reading and writing model files: the native YAML/JSON format and GMCR+/gmcr-py .gmcr files."""

from __future__ import annotations

from pathlib import Path

from standoff.errors import ModelError
from standoff.model.conflict import Conflict


def load(path: str | Path) -> Conflict:
    """Read a model from ``.yaml``/``.yml``/``.json`` (native) or ``.gmcr`` (GMCR+ / gmcr-py)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".gmcr":
        from standoff.io.gmcr import read_gmcr

        return read_gmcr(path)
    if suffix in {".yaml", ".yml", ".json"}:
        from standoff.io.yaml_format import load_model

        return load_model(path)
    raise ModelError("unknown model file type; use .yaml, .yml, .json or .gmcr", file=str(path))


def save(conflict: Conflict, path: str | Path) -> None:
    """Write a model; the file is written whole or not at all (temp file, then rename)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".gmcr":
        from standoff.io.gmcr import write_gmcr

        write_gmcr(conflict, path)
    elif suffix in {".yaml", ".yml", ".json"}:
        from standoff.io.yaml_format import write_model

        write_model(conflict, path)
    else:
        raise ModelError("unknown model file type; use .yaml, .yml, .json or .gmcr", file=str(path))
