"""The window's own PDF work on worker threads at once: the 原件 tab drawing a proposal's
pages, print preview drawing the exported pages, and an import reading PDFs' text. PDFium is
not thread-safe; each of these takes readers/pdfium_lock.PDFIUM. A child process, so a crash
fails the test instead of killing the run."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from tests.core.test_pdfium_threads import assert_child_survives

ROOT = Path(__file__).parents[2]

CHILD = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from tests.core._make_docs import pdf_bytes
    from replydraft.gui.original_view import read_original
    from replydraft.gui.printing import render_pages
    from replydraft.readers.pdf import pdf_layer

    paragraphs = [f"关于加快推进第{i}项工作的建议，请予以研究办理并答复。" * 3 for i in range(30)]
    data = pdf_bytes(paragraphs)
    path = Path(sys.argv[2])
    path.write_bytes(data)
    problems = []

    def run(work, times):
        def loop():
            try:
                for _ in range(times):
                    work()
            except Exception as e:
                problems.append(repr(e))
        return threading.Thread(target=loop)

    def original():
        assert read_original(path).pages

    def preview():
        assert len(render_pages(data, dpi=60)) > 1

    def text():
        assert "第29项工作" in pdf_layer(data, "提案.pdf").text()

    threads = [run(original, 10), run(preview, 10), run(text, 40), run(text, 40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("problems:", problems)
    sys.exit(1 if problems else 0)
    """
)


def test_original_tab_print_preview_and_import_share_pdfium_without_crashing(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    assert_child_survives(CHILD, str(ROOT), str(tmp_path / "提案.pdf"), env=env)
