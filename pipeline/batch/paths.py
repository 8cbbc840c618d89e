"""A path as text: one line, printable, and lossless — the form printed on stderr and stored in the
database.

A POSIX file name is any bytes but `/` and NUL: newlines, terminal escapes, bytes that are no UTF-8
(a name written on a GBK system). Python holds those bytes as lone surrogates, which neither a
terminal nor DuckDB takes. `shown` writes each such byte as `\\xNN`, a control or direction-changing
character as `\\n`, `\\t`, `\\xNN` or `\\uNNNN`, and a backslash as `\\\\`; `unshown` turns the text
back into the exact bytes, so a stored path always finds its file again.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8})|([ntr\\]))")
#: on Windows a backslash is the separator and names are Unicode: nothing to escape but controls
_POSIX = os.sep == "/"


def _escape(ch: str) -> str:
    if ch.isprintable():
        return "\\\\" if ch == "\\" else ch
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown(path: str | PurePath) -> str:
    """The path on one printable line; `unshown(shown(p)) == os.fsencode(p)`. Anything `isprintable`
    is not (controls, separators, format and unassigned characters, undecodable bytes) is escaped,
    and so is a backslash."""
    text = os.fspath(path)
    if text.isprintable():
        return text.replace("\\", "\\\\") if _POSIX else text
    return "".join(_escape(ch) if (_POSIX or ch != "\\") else ch for ch in text)


def clean(text: str) -> str:
    """Any message that may quote a file name, made safe to print and to store (one line, UTF-8);
    backslashes are left as they are: a message is read, never turned back into a name."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def unshown(text: str) -> bytes:
    """The exact bytes of the path `text` was shown for."""
    out = bytearray()
    pos = 0
    for m in _ESCAPE.finditer(text):
        out += text[pos : m.start()].encode("utf-8")
        if m.group(1):
            out.append(int(m.group(1), 16))
        elif m.group(2) or m.group(3):
            out += chr(int(m.group(2) or m.group(3), 16)).encode("utf-8", "surrogatepass")
        else:
            out += {"n": b"\n", "t": b"\t", "r": b"\r", "\\": b"\\"}[m.group(4)]
        pos = m.end()
    out += text[pos:].encode("utf-8")
    return bytes(out)
