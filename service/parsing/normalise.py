"""Stage 1: bytes -> clean text.

Everything later works on the text this stage returns, and every span points into it. The cleaning is
deliberately light: the quotes shown to auditors should read like the source, so only presentation noise
(markdown markers, links, full-width digits and brackets, stray whitespace) is removed.
"""

from __future__ import annotations

import re

from .model import DocumentError

# Full-width digits, Latin letters and brackets appear in some conversions; the patterns expect ASCII.
_FULL_WIDTH = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)}
    | {chr(code): chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)}
    | {chr(code): chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)}
    | {"（": "(", "）": ")", "／": "/", "\u3000": " ", "\u00a0": " "}
)
# Runs of the characters translated above: translating a CJK text character by character is slow, and most
# texts have none of them.
_FULL_WIDTH_RUN = re.compile("[" + re.escape("".join(chr(code) for code in _FULL_WIDTH)) + "]+")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MARKDOWN_BULLET = re.compile(r"^\s*[-*+]\s+(?=\()")
_BARE_URL_LINE = re.compile(r"^\s*https?://\S+\s*$")


def decode(raw: bytes, source_name: str) -> str:
    """Decode UTF-8 text, refusing what is empty or binary with a message a person understands."""
    if not raw.strip():
        raise DocumentError(source_name, "the file is empty")
    if b"\x00" in raw:
        raise DocumentError(source_name, "the file is binary (it contains NUL bytes), not a text document")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            source_name, f"the file is not UTF-8 text (undecodable byte at offset {error.start})"
        ) from error


def _to_ascii(text: str) -> str:
    return _FULL_WIDTH_RUN.sub(lambda run: run.group(0).translate(_FULL_WIDTH), text)


def clean_line(line: str) -> str:
    return _without_line_markup(_MARKDOWN_LINK.sub(r"\1", _to_ascii(line)))


def _without_line_markup(line: str) -> str:
    """A line, already translated and unlinked, without heading or bullet markers. Each pattern runs only
    on the few lines with its character: running all of them on every line was most of this stage."""
    if "#" in line:
        line = _MARKDOWN_HEADING.sub("", line)
    if "(" in line:  # a bullet is removed only before "(a)"
        line = _MARKDOWN_BULLET.sub("", line)
    if "http" in line and _BARE_URL_LINE.match(line):
        # Footnote links of PDF conversions repeat a symbol already cited in the body.
        return ""
    return line.strip()


def clean(text: str) -> str:
    """One cleaned line per source line; blank lines kept so that paragraphs stay apart."""
    text = _to_ascii(text.replace("\r\n", "\n").replace("\r", "\n"))
    # Neither translation nor a link crosses a line: both are done once for the whole text.
    lines = _MARKDOWN_LINK.sub(r"\1", text).split("\n")
    return "\n".join(_without_line_markup(line) for line in lines).strip("\n") + "\n"


def normalise(raw: bytes, source_name: str) -> str:
    return clean(decode(raw, source_name))
