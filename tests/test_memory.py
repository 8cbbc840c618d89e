"""`ocr.memory.give_back`: freed heap really goes back to the operating system (what keeps two OCR
workers' memory in bounds)."""

from __future__ import annotations

import sys
import threading

import psutil
import pytest

from ocr import memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_freed_heap_goes_back_to_the_system() -> None:
    """Memory freed by a thread (ONNX Runtime's are threads too) below a block still in use stays in
    the process until trimmed."""
    process = psutil.Process()
    kept: list[bytearray] = []

    def allocate_and_free() -> None:
        blocks = [bytearray(b"x" * 64 * 1024) for _ in range(3000)]  # written to: really resident
        kept.append(bytearray(b"y" * 1024))  # in use, above the freed blocks
        del blocks

    before = process.memory_info().rss
    thread = threading.Thread(target=allocate_and_free)
    thread.start()
    thread.join()
    held = process.memory_info().rss
    if held - before < 32 * 2**20:
        pytest.skip(f"this malloc returned the memory by itself ({(held - before) >> 20} MB held)")
    assert memory.give_back() is True
    after = process.memory_info().rss
    assert held - after > 32 * 2**20, f"{(held - before) >> 20} MB held, {(after - before) >> 20} MB after the trim"
