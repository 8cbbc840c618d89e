"""`ocr.memory.give_back`: freed heap really goes back to the operating system (what keeps two OCR
workers' memory in bounds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# In a fresh interpreter: in the test process, the suite's own threads and their live blocks share
# malloc's arenas and decide how much of the freed memory could be returned at all.
PROBE = """
import threading, psutil
from ocr import memory
process, kept = psutil.Process(), []
def allocate_and_free():
    blocks = [bytearray(b"x" * 64 * 1024) for _ in range(3000)]  # written to: really resident
    kept.append(bytearray(b"y" * 1024))  # in use, above the freed blocks
    del blocks
before = process.memory_info().rss
thread = threading.Thread(target=allocate_and_free)
thread.start()
thread.join()
held = process.memory_info().rss
trimmed = memory.give_back()
print(held - before, process.memory_info().rss - before, trimmed)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_freed_heap_goes_back_to_the_system() -> None:
    """Memory freed by a thread (ONNX Runtime's are threads too) below a block still in use stays in
    the process until trimmed."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    held, after, trimmed = out.stdout.split()
    if int(held) < 32 * 2**20:
        pytest.skip(f"this malloc returned the memory by itself ({int(held) >> 20} MB held)")
    assert trimmed == "True"
    assert int(held) - int(after) > 32 * 2**20, (
        f"{int(held) >> 20} MB held, {int(after) >> 20} MB after the trim"
    )
