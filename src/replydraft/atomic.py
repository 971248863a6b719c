"""Write a file all at once or not at all.

Every file replydraft writes (exports, drafts, profiles, templates, settings) goes to a
temporary file in the target's folder, is flushed to disk and then renamed over the target,
so a failed or interrupted write leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from replydraft.errors import ReplydraftError


class WriteError(ReplydraftError, OSError):
    """A file could not be written; the message is one line naming the file.

    An OSError, so callers that already handle file-system errors handle this one too.
    """


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temp_path)`, then put the result at `target` in one rename.

    Raises WriteError (the temporary file removed, an existing target untouched) when the
    folder is missing or not writable, the target is read-only or held open by another
    program, the disk is full, or `write` itself fails.
    """
    target = Path(target)
    if target.is_dir():
        raise WriteError(f"{target.name}: 无法写入（这是一个文件夹，不是文件）")
    if target.exists() and not _writable(target):
        raise WriteError(f"{target.name}: 无法写入（文件为只读）")
    temp: Path | None = None
    try:
        temp = _create_temp(target)
        write(temp)
        _fsync_file(temp)
        os.replace(temp, target)
        temp = None
        _fsync_dir(target.parent)
    except WriteError:
        raise
    except OSError as e:
        raise WriteError(f"{target.name}: 无法写入（{_reason(e, target)}）") from e
    except Exception as e:  # a failure inside `write`: still one line for the user
        raise WriteError(f"{target.name}: 写入失败（{type(e).__name__}: {e}）") from e
    finally:
        if temp is not None:
            _remove_quietly(temp)


def write_text_atomic(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `target` atomically (UTF-8, newlines as given)."""
    write_bytes_atomic(target, text.encode(encoding))


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    def write(path: Path) -> None:
        path.write_bytes(data)

    write_atomic(Path(target), write)


def _create_temp(target: Path) -> Path:
    """A new empty file beside the target; the umask applies, as for a normal new file."""
    for _ in range(20):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        if target.exists():
            # Keep the permissions of the file being replaced.
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
        return temp
    raise FileExistsError(errno.EEXIST, "找不到可用的临时文件名", str(target.parent))


def _writable(path: Path) -> bool:
    """The read-only attribute (Windows) or missing owner write bit; root is not exempt."""
    try:
        return bool(path.stat().st_mode & stat.S_IWUSR)
    except OSError:
        return True  # let the write itself report the problem


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable on POSIX; Windows cannot open folders, and needs no such step."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the data itself is synced
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _reason(error: OSError, target: Path) -> str:
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        if target.suffix.lower() == ".docx":
            return "没有写入权限，或文件正在 Word 等程序中打开"
        return "没有写入权限，或文件正在其他程序中打开"
    if isinstance(error, FileNotFoundError) and not target.parent.is_dir():
        return f"文件夹 {target.parent} 不存在"
    if isinstance(error, NotADirectoryError):
        return f"{target.parent} 不是文件夹"
    if error.errno == errno.ENOSPC:
        return "磁盘已满"
    if error.errno == errno.EROFS:
        return "磁盘为只读"
    return error.strerror or str(error)
