"""The one exception type users see: a Chinese message and an exit code."""

from __future__ import annotations

import os


class FuzongError(Exception):
    """An error the user can fix. ``message`` is one or two lines of plain Chinese.

    Exit codes follow SPEC §1: 2 = could not run (bad file, missing column, bad policy, output exists).
    """

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


def os_error_message(exc: OSError, path: object = None, writing: bool | None = None) -> str:
    """An OSError (permission, full disk, file-size limit, read-only folder…) as one line of plain Chinese
    naming the path and what to do. ``writing``: True/False when the caller knows the direction."""
    import errno as E

    where = path if path is not None else (exc.filename or "")
    if str(where) and os.path.basename(str(where)).startswith(
        "."
    ):  # a hidden temporary entry: name its folder
        where = os.path.dirname(str(where)) or "."
        writing = True if writing is None else writing
    code = exc.errno
    if code in (E.ENOSPC, getattr(E, "EDQUOT", -1)):
        return f"磁盘空间不足，无法写入 {where}。请清理磁盘或换一个有空间的输出位置后重试。"
    if code == E.EFBIG:
        return f"文件超出了系统允许的大小上限，无法写入 {where}。请换一个输出位置或联系管理员放宽限制。"
    if code == E.EROFS:
        return f"{where} 所在的位置是只读的，无法写入。请用 -o 换一个可以写入的文件夹。"
    if code in (E.EACCES, E.EPERM) or isinstance(exc, PermissionError):
        if writing is False:
            return f"没有权限读取 {where}。请检查文件权限，或把文件复制到自己的文件夹后重试。"
        if writing and os.path.isdir(str(where)):
            return f"没有权限在文件夹 {where} 中写入文件。请检查文件夹权限，或用 -o 换一个可以写入的位置。"
        if writing:
            return f"没有权限写入 {where}。请检查文件夹权限（文件也可能正在 Excel/WPS 中打开），或用 -o 换一个输出位置。"
        return f"没有权限访问 {where}。请检查文件和文件夹的权限，或换一个位置后重试。"
    if code == E.ENOENT:
        return f"找不到 {where}。请检查文件名和所在文件夹。"
    if code == E.EISDIR:
        return f"{where} 是一个文件夹，不是文件。请给出具体的文件名。"
    if code == E.ENOTDIR:
        return f"{where} 的路径中有一段不是文件夹。请检查路径。"
    if code == E.EIO:
        return f"读写 {where} 时发生磁盘错误（可能是 U 盘或网络盘断开）。请检查存储设备后重试。"
    return f"读写 {where} 时出错（系统错误码 {code}）。请检查该位置是否可用，或换一个位置后重试。"
