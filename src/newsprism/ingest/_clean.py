"""Cleaning shared by every reader: teaser/boilerplate lines, agency credits, paragraphs."""

from __future__ import annotations

import re
import unicodedata

from newsprism.ingest._boilerplate import is_boilerplate

__all__ = ["clean_paragraphs", "drop_boilerplate", "is_boilerplate", "normalise_line", "repair_mojibake", "split_blocks",
           "strip_trailing_credits", "text_to_paragraphs"]


def drop_boilerplate(paragraphs: list[str]) -> tuple[list[str], int]:
    """Paragraphs without boilerplate, and how many were dropped."""
    kept = [p for p in paragraphs if not is_boilerplate(p)]
    return kept, len(paragraphs) - len(kept)


# Agency credits end the last paragraph: "... for fear of their lives. (PAP)". Known
# agencies are accepted anywhere at the end; any other short capitalised name only
# after the closing punctuation of a sentence, so "(NATO)" ending a sentence's last
# clause is not mistaken for a credit.
KNOWN_AGENCIES = frozenset({
    "ap", "afp", "pap", "reuters", "dpa", "ansa", "efe", "tass", "itar-tass", "ria", "interfax",
    "bws", "unian", "ukrinform", "ians", "pti", "ani", "xinhua", "anadolu", "aa", "apa", "ctk", "čtk",
    "mti", "bta", "hina", "tanjug", "ana", "ane", "ap/afp", "kyodo", "yonhap", "sana", "irna",
    "armenpress", "apa.az", "azertac", "trend", "news.am", "bbc", "cnn", "upi", "bloomberg",
    "kna", "epa", "lusa", "agerpres", "belga", "anp", "ntb", "tt", "stt", "ritzau", "sda", "ats",
    "kap", "ota", "ots", "dw", "rferl", "rfe/rl", "iar",
})
_CREDIT_BODY = r"[A-Za-zÀ-žА-яЁё][\w.&'’-]{0,20}(?:\s*[/,]\s*[A-Za-zÀ-žА-яЁё][\w.&'’-]{0,20}){0,3}"
_TRAILING_CREDIT = re.compile(r"(?P<before>^|.*?)(?P<gap>\s*)\((?P<credit>" + _CREDIT_BODY + r")\)\s*$", re.DOTALL)
_GLUED_CREDIT = re.compile(r"[.!?\"”»]\s*\((?P<credit>" + _CREDIT_BODY + r")\)(?=[A-ZА-ЯЁ])")
_SENTENCE_END = re.compile(r"[.!?\"”»…)]$")


def _is_known_agency(credit: str) -> bool:
    parts = [p.strip().casefold() for p in re.split(r"[/,]", credit)]
    return all(p in KNOWN_AGENCIES for p in parts if p)


def _looks_like_credit(credit: str, before: str) -> bool:
    if _is_known_agency(credit):
        return True
    # Unknown names: only an all-capitals short name right after a finished sentence.
    letters = [ch for ch in credit if ch.isalpha()]
    return (bool(before) and bool(_SENTENCE_END.search(before.rstrip()))
            and 2 <= len(letters) <= 8 and all(ch.isupper() for ch in letters))


def strip_trailing_credits(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Remove agency credits that end the body; ``(paragraphs, credits)``.

    >>> strip_trailing_credits(["They fled for fear of their lives. (PAP)"])
    (['They fled for fear of their lives.'], ['PAP'])
    """
    paragraphs = list(paragraphs)
    credits: list[str] = []
    while paragraphs:
        last = paragraphs[-1].rstrip()
        match = _TRAILING_CREDIT.match(last)
        if not match:
            break
        before = match.group("before").rstrip()
        credit = match.group("credit").strip()
        if not _looks_like_credit(credit, before):
            break
        credits.insert(0, credit)
        if before:
            paragraphs[-1] = before
        else:
            paragraphs.pop()
    return paragraphs, credits


def glued_credit_warning(paragraphs: list[str]) -> str | None:
    """A warning when a credit is glued to following text ("lives. (PAP)US, Russia"),
    which means several articles were concatenated into one input."""
    for index, paragraph in enumerate(paragraphs):
        match = _GLUED_CREDIT.search(paragraph)
        if match and _is_known_agency(match.group("credit")):
            return (f"agency credit ({match.group('credit')}) glued to following text in paragraph "
                    f"{index + 1}: the input may hold more than one article")
    return None


MOJIBAKE_WARNING = "repaired mojibake (UTF-8 text that had been decoded in a legacy code page)"


def repair_mojibake(text: str, warnings: list[str]) -> str:
    """``"SeÃ±or"`` -> ``"Señor"``: text that went through a wrong decoding once (common in
    JSON/CSV exports and feeds) is repaired with ftfy, and a warning says so.

    Only ftfy's encoding repair runs (not its other fixes: curly quotes and ligatures in
    real articles stay as written), and only on text ftfy judges bad.
    """
    if not text or text.isascii():
        return text
    import ftfy
    from ftfy.badness import is_bad

    if not is_bad(text):
        return text
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        if MOJIBAKE_WARNING not in warnings:
            warnings.append(MOJIBAKE_WARNING)
    return fixed


def normalise_line(line: str) -> str:
    """NFC, no control characters, collapsed inner whitespace, stripped."""
    line = unicodedata.normalize("NFC", line)
    if not line.isprintable():  # printable text holds no control or format characters
        line = "".join(_clean_char(ch) for ch in line)
    return re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", line).strip()


def _clean_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":
        return " "
    if category == "Cs":  # a lone surrogate ("\ud800" in JSON) is no character: mark the spot
        return "\ufffd"
    # Soft hyphens, BOMs and direction marks are invisible; joiners shape some scripts.
    if category == "Cf" and ch not in "\u200c\u200d":
        return ""
    return ch


def split_blocks(text: str) -> list[list[str]]:
    """Text -> paragraphs as lists of their lines.

    When the text separates blocks with blank lines, each block is one paragraph
    (wrapped lines inside it are later joined); otherwise every line is a paragraph.
    """
    lines = [normalise_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if "" not in lines:
        return [[line] for line in lines]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def join_block(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph, mending words hyphenated at the wrap."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif re.search(r"[A-Za-zÀ-ÿА-яЁё]-$", text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = text + " " + line
    return text


def text_to_paragraphs(text: str) -> list[str]:
    """Paragraphs of a text field: blocks joined, empty lines dropped."""
    return [join_block(block) for block in split_blocks(text)]


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Boilerplate removed and trailing credits split off: ``(paragraphs, credits, warnings)``."""
    paragraphs = [normalise_line(p) for p in paragraphs]
    # Separator lines ("***", "—") carry no text.
    paragraphs = [p for p in paragraphs if any(ch.isalnum() for ch in p)]
    paragraphs, _ = drop_boilerplate(paragraphs)
    paragraphs, credits = strip_trailing_credits(paragraphs)
    warnings: list[str] = []
    glued = glued_credit_warning(paragraphs)
    if glued:
        warnings.append(glued)
    return paragraphs, credits, warnings
