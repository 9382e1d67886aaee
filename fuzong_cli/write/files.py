"""Output files appear whole or not at all: temp file beside the target, then rename; usual permissions."""

from __future__ import annotations

import os
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def normal_permissions(path: str | Path, directory: bool = False) -> None:
    """mkstemp/mkdtemp create private (0600/0700) entries; give the finished output the usual permissions."""
    if os.name != "nt":
        os.chmod(path, (0o777 if directory else 0o666) & ~_umask())


def discard(path: str | Path) -> None:
    """Remove a temporary file, quietly."""
    try:
        os.unlink(path)
    except OSError:
        pass
