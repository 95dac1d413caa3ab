"""Writing files whole or not at all: a temporary file beside the target, then a rename.

A failed or interrupted write leaves an existing file exactly as it was and
removes the temporary file; a replaced file keeps its permissions.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from standoff.errors import StandoffError


class WriteError(StandoffError):
    """A file could not be written; the message says which and why."""


def write_atomically(
    path: str | os.PathLike[str], write: Callable[[Path], object], *, what: str = "file"
) -> None:
    """Call ``write`` on a temporary file next to ``path``, then rename it over ``path``.

    The temporary file keeps the target's extension (writers may look at it).
    Problems are reported as :class:`WriteError`: "cannot write the {what} to {path}: {reason}".
    """
    target = Path(path)
    if target.is_dir():
        raise WriteError(f"cannot write the {what} to {target}: it is a directory")
    folder = target.parent
    try:
        descriptor, name = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}.", suffix=f".tmp{target.suffix}"
        )
    except OSError as error:
        reason = error.strerror or str(error)
        if not folder.exists():
            reason = f"the directory {folder} does not exist"
        elif not folder.is_dir():
            reason = f"{folder} is not a directory"
        raise WriteError(f"cannot write the {what} to {target}: {reason}") from None
    os.close(descriptor)
    temporary = Path(name)
    try:
        write(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644)
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteError(f"cannot write the {what} to {target}: {error.strerror or error}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomically(path: str | os.PathLike[str], text: str, *, what: str = "file") -> None:
    """Write UTF-8 ``text`` to ``path`` whole or not at all."""
    write_atomically(
        path, lambda temporary: temporary.write_text(text, encoding="utf-8", newline="\n"), what=what
    )
