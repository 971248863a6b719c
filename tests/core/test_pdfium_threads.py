"""PDFium on several threads at once: the window reads a folder's PDFs, shows a proposal's
pages in the 原件 tab and renders scans for OCR at the same time. PDFium is not thread-safe;
without one lock around its calls this crashed the process ("double free or corruption",
segmentation faults) five runs out of five. The threads run in a child process so a crash
fails the test instead of killing the test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).parent

CHILD = textwrap.dedent(
    """
    import sys, threading
    sys.path.insert(0, sys.argv[1])
    from _make_docs import pdf_bytes
    from replydraft.readers.ocr import _pdf_pages
    from replydraft.readers.pdf import pdf_layer

    paragraphs = [f"关于加快推进第{i}项工作的建议，请予以研究办理并答复。" * 3 for i in range(40)]
    data = pdf_bytes(paragraphs)
    problems = []

    def read_text():
        try:
            for _ in range(40):
                assert "第39项工作" in pdf_layer(data, "提案.pdf").text()
        except Exception as e:
            problems.append(repr(e))

    def render_pages():
        try:
            for _ in range(15):
                total, pages = _pdf_pages(data, "提案.pdf", None)
                assert sum(1 for _ in pages) == total
        except Exception as e:
            problems.append(repr(e))

    threads = [threading.Thread(target=read_text) for _ in range(3)]
    threads += [threading.Thread(target=render_pages) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("problems:", problems)
    sys.exit(1 if problems else 0)
    """
)


def assert_child_survives(code: str, *args: str, env: dict[str, str] | None = None) -> None:
    """Run `code` in a child Python; it must exit 0 having printed "problems: []"."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert "problems: []" in done.stdout


def test_pdf_text_and_page_rendering_on_several_threads_do_not_crash() -> None:
    assert_child_survives(CHILD, str(HERE))
