"""Output files appear whole or not at all: temp file beside the target, then rename; usual permissions."""

from __future__ import annotations

import hashlib
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


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file, read in 1 MiB chunks (written into every 说明 sheet)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
