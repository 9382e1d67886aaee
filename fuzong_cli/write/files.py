"""Output files appear whole or not at all: temp file beside the target, then rename; usual permissions.

This is the one place that knows how: every file is written through ``atomic_output`` (workbooks of both
backends, .docx, .zip, policy TOML: ``atomic_write_bytes`` / ``atomic_write_text``), every folder through
``atomic_folder`` (or ``new_staging_folder`` + ``publish_folder``), a set of files put straight into a folder
through ``remove_new_entries``. So an interruption (Ctrl-C, SIGTERM — the CLI turns it into KeyboardInterrupt),
a full disk or a file-size limit leaves nothing half-written behind. Environment faults become one Chinese line
(exit 2) naming the target.
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


def atomic_write_bytes(data: bytes, path: str | Path, opened_by: str = "Excel/WPS") -> None:
    """``data`` written to ``path`` whole or not at all."""
    with atomic_output(path, ".tmp", opened_by=opened_by) as tmp, open(tmp, "wb") as fh:
        fh.write(data)


def atomic_write_text(text: str, path: str | Path, suffix: str = ".tmp") -> None:
    """UTF-8 text with ``\\n`` line ends written to ``path`` whole or not at all."""
    with atomic_output(path, suffix, opened_by="记事本等编辑器") as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


def new_staging_folder(target: Path) -> Path:
    """A hidden temporary folder beside ``target`` to write a folder output into (``publish_folder`` at the end)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    normal_permissions(staging, directory=True)
    return staging


def publish_folder(staging: Path, target: Path) -> None:
    """Move the finished staging folder to ``target`` (replacing an old one, which the caller allowed)."""
    import shutil

    if target.exists():
        try:
            shutil.rmtree(target)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise FuzongError(
                f"无法替换输出文件夹 {target}：{exc.strerror}。文件可能正在使用，请关闭后重试。"
            ) from None
    os.replace(staging, target)


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a staging folder beside ``target``; when the block ends, it becomes ``target``. On any exception
    the staging folder is removed and ``target`` is left as it was."""
    import shutil

    staging = new_staging_folder(target)
    try:
        yield staging
        publish_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
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
