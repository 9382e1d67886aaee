"""Output files appear whole or not at all: temp file beside the target, then rename; usual permissions.

Every writer goes through ``atomic_output`` (one file) or removes its staging folder on any exception, so an
interruption (Ctrl-C, SIGTERM — the CLI turns it into KeyboardInterrupt), a full disk or a file-size limit
leaves nothing half-written behind. Environment faults become one Chinese line (exit 2) naming the target.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fuzong_cli.errors import FuzongError, os_error_message


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


@contextmanager
def atomic_output(path: str | Path, suffix: str = ".tmp", opened_by: str = "Excel/WPS") -> Iterator[str]:
    """Yield a hidden temporary file name beside ``path``; when the block ends, rename it onto ``path``.

    On any exception the temporary file is removed. A locked target (``PermissionError`` on the rename, as
    when Excel holds the file on Windows) and every other OSError (no permission on the folder, read-only
    folder, disk full, file-size limit) become a FuzongError in Chinese naming ``path``.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".fuzong-", suffix=suffix, dir=path.parent)
    except OSError as exc:
        raise FuzongError(os_error_message(exc, path.parent, writing=True)) from None
    os.close(fd)
    try:
        yield tmp
        normal_permissions(tmp)
        os.replace(tmp, path)
    except PermissionError:
        discard(tmp)
        raise FuzongError(f"无法写入 {path}：文件可能正在 {opened_by} 中打开，请关闭后重试。") from None
    except OSError as exc:
        discard(tmp)
        raise FuzongError(os_error_message(exc, path, writing=True)) from None
    except BaseException as exc:
        discard(tmp)
        code = io_errno(exc)
        if code is not None:  # lxml reports a failed write as SerialisationError("IO_EFBIG")
            raise FuzongError(
                os_error_message(OSError(code, os.strerror(code)), path, writing=True)
            ) from None
        raise


def io_errno(exc: BaseException) -> int | None:
    """The errno behind a library's own wrapping of a failed write (lxml: ``IO_ENOSPC``, ``IO_EFBIG``…)."""
    import errno
    import re

    found = re.search(r"\bIO_(E[A-Z]+)\b", str(exc))
    return getattr(errno, found.group(1), None) if found else None


@contextmanager
def remove_new_entries(folder: Path) -> Iterator[None]:
    """For writers that put several files straight into ``folder``: on any exception, remove what this run
    added (and the folder itself when this run created it), so a failed run leaves nothing half-done."""
    import shutil

    folder = Path(folder)
    existed = folder.exists()
    before = set(os.listdir(folder)) if existed else set()
    try:
        yield
    except BaseException:
        if not existed:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.is_dir():
            for name in set(os.listdir(folder)) - before:
                target = folder / name
                shutil.rmtree(target, ignore_errors=True) if target.is_dir() else discard(target)
        raise


def quiet_worker() -> None:
    """In a worker process: Ctrl-C goes to the whole console group, but only the parent handles it (it stops
    the pool and cleans up), so a worker ignores it instead of printing a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file, read in 1 MiB chunks (written into every 说明 sheet)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
