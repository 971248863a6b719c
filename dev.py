#!/usr/bin/env python3
"""Set up the project's virtual environment, then start the app or run the tests.

    python3 dev.py run [ARGS...]    set up, then start the desktop app (ARGS go to `replydraft gui`)
    python3 dev.py test [ARGS...]   set up, then ruff, mypy and the whole pytest suite (ARGS go to pytest)
    python3 dev.py cli ARGS...      set up, then run the command line, e.g. `python3 dev.py cli list`

Needs only Python 3.11 to 3.13 and the package registry. The environment lives in .venv/ and is
reinstalled when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".replydraft-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env() -> Path:
    """Create .venv and install the project (with test tools) unless it is current."""
    if not (3, 11) <= sys.version_info[:2] <= (3, 13):
        # The pinned PySide6 (pyproject.toml) has wheels for 3.9-3.13 only.
        sys.exit(f"replydraft needs Python 3.11 to 3.13; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not venv_python().exists():
        print("creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("installing replydraft and its dependencies into .venv …", flush=True)
        pip = [str(venv_python()), "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(wanted)
    return venv_python()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "cli"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = str(ensure_env())
    if command == "run":
        return subprocess.call([python, "-m", "replydraft", "gui", *rest])
    if command == "cli":
        return subprocess.call([python, "-m", "replydraft", *rest])
    for step in (
        [python, "-m", "ruff", "check", "src", "tests", "dev.py"],
        [python, "-m", "ruff", "format", "--check", "src", "tests", "dev.py"],
        [python, "-m", "mypy"],
    ):
        if subprocess.call(step, cwd=ROOT) != 0:
            print(f"failed: {' '.join(step[2:])}", file=sys.stderr)
            return 1
    return subprocess.call([python, "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
