"""Hostile templates: every way to make a render hang or grow is stopped, quickly, in Chinese.

Each attack runs in a child process with a 1 GiB address-space limit (POSIX), so a budget
that failed would end that child with MemoryError instead of taking the test machine down.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE = '{% extends "replies/base.j2" %}\n{% block thanks %}\n'
END = "\n{% endblock %}\n"

ATTACKS = {
    "nested range loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "center": "{{ 'x'|center(2000000000) }}",
    "ljust method": "{{ 'x'.ljust(2000000000) }}",
    "format filter width": "{{ '%2000000000s'|format('x') }}",
    "percent width": "{{ '%2000000000d' % 1 }}",
    "percent star": "{{ '%*d' % (2000000000, 1) }}",
    "str.format width": "{{ '{:>2000000000}'.format('x') }}",
    "tilde doubling": "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "plus doubling": "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}",
    "join": "{{ range(100000)|join('x' * 100000) }}",
    "join method": "{{ ('x' * 100000).join(['a'] * 100000) }}",
    "replace loop": "{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s|replace('x', 'xx') %}{% endfor %}{{ ns.s|length }}",
    "indent": "{{ ('a\\n' * 50000)|indent('x' * 100000) }}",
    "output stream": "{% for i in range(100000) %}{{ 'x'|center(99999) }}{% endfor %}",
    "captured block": "{% set big %}{% for i in range(100000) %}{{ 'x'|center(99999) }}{% endfor %}{% endset %}{{ big|length }}",
    "macro output": "{% macro m() %}{% for i in range(100000) %}{{ 'x'|center(99999) }}{% endfor %}{% endmacro %}{{ m()|length }}",
    "wordwrap": "{{ ('x' * 100000)|wordwrap(1, wrapstring='y' * 100000) }}",
}

CHILD = """
import json, sys, time
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, resource.RLIM_INFINITY))
except ImportError:
    pass
from pathlib import Path
from replydraft.templates import TemplateStore, TemplateError
store = TemplateStore(Path(sys.argv[1]), Path(sys.argv[2]))
path = Path(sys.argv[3])
start = time.monotonic()
problems = store.check(path)
print(json.dumps({"seconds": time.monotonic() - start,
                  "problems": [str(p) for p in problems if p.severity == "error"]}))
"""


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_hostile_template_is_stopped_quickly_with_a_chinese_message(
    attack: str, tmp_path: Path
) -> None:
    from replydraft import paths

    path = tmp_path / "evil.j2"
    path.write_text(BASE + ATTACKS[attack] + END, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(paths.templates_dir()),
            str(tmp_path / "user"),
            str(path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["seconds"] < 30
    assert result["problems"], "the attack went through"
    first = result["problems"][0]
    # The line, where the check sits inside the template (the output stream's is outside).
    assert first.startswith("evil.j2: 第 3 行：" if attack != "output stream" else "evil.j2: ")
    assert any(w in first for w in ("上限", "过大", "超过")), first


def test_ordinary_loops_and_filters_still_render(tmp_path: Path) -> None:
    from replydraft import paths
    from replydraft.templates import TemplateStore

    store = TemplateStore(paths.templates_dir(), tmp_path / "user")
    source = (
        BASE
        + "{% for i in range(2000) %}{{ '%03d'|format(i)|center(8) }}{% endfor %}"
        + "{{ proposal.suggestions|join('；')|replace('建议', '提出')|indent(2) }}"
        + "{{ '{:>6}'.format('谢谢') ~ ('好' * 10) }}"
        + END
    )
    path = tmp_path / "fine.j2"
    path.write_text(source, encoding="utf-8")
    assert [p for p in store.check(path) if p.severity == "error"] == []
