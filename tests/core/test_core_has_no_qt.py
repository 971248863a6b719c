"""The core must stay importable without Qt: the CLI and the tests of every stage depend on it."""

import subprocess
import sys

from replydraft import paths


def test_importing_every_core_module_leaves_pyside6_out() -> None:
    package = paths.bundle_root() / "src" / "replydraft"
    modules = sorted(
        f"replydraft.{p.stem}" for p in package.glob("*.py") if p.stem not in {"__main__"}
    )
    assert "replydraft.records" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core modules pulled in Qt: {out}"
