"""Binary office files (`.doc`, `.wps`, `.et`) through LibreOffice, then read as `.docx`/`.xlsx`.

WPS Office's `.wps` and `.et` are its names for the Word 97 and Excel 97 binary formats, which no
Python library reads whole; LibreOffice converts them headless (`soffice --convert-to`) into a
temporary directory. Each conversion gets its own LibreOffice profile, so two workers converting
at once do not share (and lock) one, and it is killed with its process group if it hangs on a
hostile file. Portals also serve RTF or HTML named `.doc`: LibreOffice reads those too. Without
LibreOffice, `MissingDependency` names the Debian package to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import olefile

from schemas.exceptions import BadInput, MissingDependency

#: suffix → (format LibreOffice converts it to, the name it is given for LibreOffice, Debian package)
CONVERSIONS: dict[str, tuple[str, str, str]] = {
    ".doc": ("docx", ".doc", "libreoffice-writer-nogui"),
    ".wps": ("docx", ".doc", "libreoffice-writer-nogui"),
    ".et": ("xlsx", ".xls", "libreoffice-calc-nogui"),
}
TIMEOUT_SECONDS = 120.0
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require(suffixes: set[str]) -> None:
    """Raise `MissingDependency` now if files of these suffixes need LibreOffice and it is absent."""
    needed = sorted({CONVERSIONS[s][2] for s in suffixes if s in CONVERSIONS})
    if needed and soffice() is None:
        kinds = ", ".join(sorted(s for s in suffixes if s in CONVERSIONS))
        raise MissingDependency(
            f"reading {kinds} files needs LibreOffice, which is not installed: "
            f"apt-get install {' '.join(needed)}"
        )


def convert(data: bytes, name: str, suffix: str) -> bytes:
    """The file converted to `.docx` or `.xlsx` bytes; `BadInput` when LibreOffice cannot load it."""
    target, as_suffix, _package = CONVERSIONS[suffix]
    require({suffix})
    exe = soffice()
    assert exe is not None
    if data[:8] == _OLE2 and _encrypted(data):
        raise BadInput(f"{name}: encrypted {suffix} file (password required)")
    with tempfile.TemporaryDirectory(prefix="tongbao-office-") as tmp:
        src = Path(tmp) / f"in{as_suffix}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        cmd = [
            exe,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(src),
        ]
        env = {**os.environ, "HOME": tmp}
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        try:
            _, err = proc.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise BadInput(
                f"{name}: LibreOffice did not finish converting it in {TIMEOUT_SECONDS:.0f} s"
            ) from None
        result = out / f"in.{target}"
        if not result.exists():
            why = err.decode("utf-8", "replace").strip().splitlines()
            detail = next((ln for ln in why if "Error" in ln), "no output")
            raise BadInput(f"{name}: LibreOffice could not read it as a {suffix} file ({detail})")
        return result.read_bytes()


def _encrypted(data: bytes) -> bool:
    """Whether an OLE2 Word/Excel file is password-protected, from its own flags.

    Word 97: the FIB's fEncrypted bit (0x0100 of the flags at offset 10 of the WordDocument stream).
    Excel 97: a FILEPASS record (0x002F) in the workbook stream's first records. An encrypted OOXML
    file is an OLE2 container holding an `EncryptionInfo` stream. LibreOffice would otherwise wait
    for a password no one types (headless, it fails only after its own time).
    """
    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, IndexError):  # olefile's parse errors: LibreOffice will say more
        return False
    with ole:
        if ole.exists("EncryptionInfo"):
            return True
        if ole.exists("WordDocument"):
            head = ole.openstream("WordDocument").read(12)
            return len(head) >= 12 and bool(int.from_bytes(head[10:12], "little") & 0x0100)
        for stream in ("Workbook", "Book"):
            if ole.exists(stream):
                return _filepass(ole.openstream(stream).read(4096))
    return False


def _filepass(head: bytes) -> bool:
    """A FILEPASS record among the first BIFF records of an Excel workbook stream."""
    pos = 0
    while pos + 4 <= len(head):
        kind = int.from_bytes(head[pos : pos + 2], "little")
        size = int.from_bytes(head[pos + 2 : pos + 4], "little")
        if kind == 0x002F:
            return True
        pos += 4 + size
    return False
