"""The user's settings: one typed model, its defaults in one place, stored as TOML.

Window geometry is the GUI's business (QSettings); everything else lives here.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w

from replydraft.atomic import write_text_atomic
from replydraft.errors import ReplydraftError
from replydraft.storage.base import archive_problem


class SettingsError(ReplydraftError):
    """A settings file that cannot be read; the message names the file and the problem."""


# How a setting's expected and found types read to the user.
_TYPE_NAMES = {
    "int": "整数",
    "float": "数字",
    "str": "文本",
    "bool": "布尔值（true 或 false）",
    "list": "列表",
}
# tomllib ends its messages with where the error is: "... (at line 3, column 5)" or
# "... (at end of document)".
_TOML_AT = re.compile(
    r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|(?P<end>end of document))\)$"
)


def _type_name(value: object) -> str:
    name = type(value).__name__
    return _TYPE_NAMES.get(name, name)


def _read_problem(exc: Exception) -> str:
    """Why the settings file could not be read, in the user's words."""
    if isinstance(exc, tomllib.TOMLDecodeError):
        m = _TOML_AT.match(str(exc))
        if m:
            where = "文件末尾" if m["end"] else f"第 {m['line']} 行第 {m['column']} 列"
            return f"设置文件不是有效的 TOML（{where}：{m['what']}）"
        return f"设置文件不是有效的 TOML（{exc}）"
    if isinstance(exc, UnicodeDecodeError):
        return f"设置文件不是 UTF-8 编码（第 {exc.start + 1} 个字节），请以 UTF-8 保存"
    if isinstance(exc, OSError):
        return f"无法读取设置文件（{exc.strerror or exc}）"
    return f"无法读取设置文件（{exc}）"


@dataclass
class Settings:
    default_bureau: str = "example"
    default_template: str = ""  # "" = choose from the proposal (member/members/organisation…)
    archive: str = ""  # "" = the archive in the user data folder
    autosave_seconds: int = 5
    open_after_export: bool = True
    recent_files: list[str] = field(default_factory=list)
    last_folder: str = ""  # where the window last saved or exported: its dialogs open there
    bureau_set_up: bool = False  # the window's first-run step (set up the bureau) was offered
    max_recent: int = 10

    def remember(self, path: str | os.PathLike[str]) -> None:
        """Put `path` first in the recent files, without duplicates."""
        p = str(path)
        self.recent_files = [p] + [r for r in self.recent_files if r != p]
        del self.recent_files[self.max_recent :]

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read `path`; a missing file gives the defaults, a broken one a SettingsError."""
        if not path.is_file():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{path}: {_read_problem(exc)}") from exc
        return cls._from_dict(path, data)

    @classmethod
    def _from_dict(cls, path: Path, data: dict[str, Any]) -> Settings:
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value, default = data[f.name], getattr(defaults, f.name)
            # bool is an int to Python, not to the user: autosave_seconds = true is a mistake.
            if not isinstance(value, type(default)) or isinstance(value, bool) != isinstance(
                default, bool
            ):
                raise SettingsError(
                    f"{path}: '{f.name}' 应为{_type_name(default)}，而不是{_type_name(value)}"
                )
            values[f.name] = value
        problem = archive_problem(values.get("archive", ""))
        if problem:
            raise SettingsError(f"{path}: {problem}")
        return cls(**values)

    def save(self, path: Path) -> None:
        """Write atomically, so a crash never leaves half a settings file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, tomli_w.dumps(asdict(self)))
