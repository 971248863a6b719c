"""The Qt binding must not lose references to None (PySide6 6.12.0 does, and the window aborts).

Run in a child process: on a bad binding the abort ("Fatal Python error: none_dealloc") would
otherwise take the whole test session down instead of failing this one test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 10_000

PROBE = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem

    app = QApplication([])
    model = QStandardItemModel()
    tree = QTreeWidget()
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        item = QStandardItem("提案")
        item.setData(None, Qt.ItemDataRole.UserRole)
        model.appendRow(item)
        row = QTreeWidgetItem(tree)
        row.setData(0, Qt.ItemDataRole.UserRole, None)
        if i % 100 == 99:  # the outline is rebuilt from scratch many times a day
            model.clear()
            tree.clear()
    print(sys.getrefcount(None) - before)
    """
)


def test_setdata_and_appendrow_keep_the_refcount_of_none() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"the Qt binding aborted: {done.stderr[-2000:]}"
    drift = int(done.stdout.strip().splitlines()[-1])
    # A few references come and go with Qt's own objects; the bug loses one or two per call.
    assert abs(drift) < 50, f"refcount of None changed by {drift} over {CALLS:,} calls"
