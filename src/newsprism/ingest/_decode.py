"""Bytes -> text by evidence: a byte-order mark, then UTF-16/32 without one, then UTF-8,
then the charset the document declares (``<meta charset>``, the XML declaration), and
only when the declaration is missing or fails to decode, detection among legacy encodings.

Valid UTF-8 wins over a declared single-byte charset: pages saved as UTF-8 under a stale
``iso-8859-1`` declaration are common, while real text in a legacy code page almost never
forms valid multi-byte UTF-8 sequences. Declared labels mean what browsers take them to
mean (the WHATWG Encoding Standard): ``iso-8859-1`` is windows-1252, ``gb2312`` is GB18030.

Legacy encodings are the hard part: cp1251 Russian, cp1252 French and cp1250 Polish
all decode without error from the same bytes. charset_normalizer is unreliable on
short news texts (it reads short Cyrillic as Japanese, Spanish "ñ" as Polish "ń"), so
every candidate is decoded and judged by how confidently the language identifier
recognises the result and how few stray symbols it contains.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence

from newsprism.errors import DecodeError, UnsupportedFormat

# Signatures of files that are certainly not articles, with a name a user recognises.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"RIFF", "RIFF media file"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media file"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
)
_WEBP_OFFSET = 8

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Tried in this order; on a tie the earlier one wins (cp1252 before cp1250 because
# Western European text is the commoner case and the two agree on most letters).
LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1252", "cp1251", "cp1250", "iso8859-15", "koi8-r", "koi8-u", "cp1253", "cp1254",
    "cp1257", "iso8859-2", "cp1256", "cp1255", "mac-cyrillic",
)
_SAMPLE_BYTES = 16_384
_MAX_JUNK_SHARE = 0.005
# Articles are mostly letters; a decoding that yields mostly box-drawing or symbols is wrong.
_MIN_LETTER_SHARE = 0.3
# Alphabetic text separates words; any run of high bytes decodes to "letters" in some
# Cyrillic code page, but random bytes almost never contain spaces at this rate.
_MIN_SPACE_SHARE = 0.05
_SHORT_TEXT = 40
_CJK_ENCODING_LANGUAGE = {
    "cp949": "ko", "euc_kr": "ko", "johab": "ko", "iso2022_kr": "ko",
    "cp932": "ja", "shift_jis": "ja", "euc_jp": "ja", "iso2022_jp": "ja",
    "gb2312": "zh", "gbk": "zh", "gb18030": "zh", "big5": "zh", "big5hkscs": "zh", "hz": "zh",
}


# Browsers read these labels as a superset encoding (WHATWG Encoding Standard).
_WHATWG_SUPERSETS = {
    "latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252", "iso8859_9": "cp1254", "iso8859_11": "cp874", "tis_620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs",
}
# Where a declaration is looked for: the XML declaration opens the file; <meta> belongs
# in the first 1,024 bytes by the HTML standard, but real pages put it after long scripts.
_DECLARATION_BYTES = 65_536
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml\s[^>]{0,200}?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


def declared_encoding(data: bytes) -> str | None:
    """The Python codec for the charset ``data`` declares (XML declaration or HTML
    ``<meta charset>``), or None when it declares none or an encoding Python lacks."""
    head = data[:_DECLARATION_BYTES]
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return codec_for_label(match.group(1).decode("ascii", "replace"))


def codec_for_label(label: str) -> str | None:
    """The Python codec a charset label means to a browser ("iso-8859-1" -> "cp1252"), or
    None for a label Python does not know."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    if name.startswith(("utf_16", "utf_32")):
        return "utf-8"  # an ASCII-readable declaration cannot be in UTF-16/32: browsers read UTF-8
    return _WHATWG_SUPERSETS.get(name, codecs.lookup(name).name)


def binary_kind(data: bytes) -> str | None:
    """A description of the binary format ``data`` is in, or None for text."""
    for magic, name in MAGIC_NUMBERS:
        if data.startswith(magic):
            if magic == b"RIFF" and data[_WEBP_OFFSET:_WEBP_OFFSET + 4] == b"WEBP":
                return "WebP image"
            return name
    head = data[:_SAMPLE_BYTES]
    if b"\x00" in head and not any(head.startswith(bom) for bom, _ in BOMS) and wide_encoding_without_bom(head) is None:
        return "contains NUL bytes"
    return None


def check_not_binary(path: str, data: bytes) -> None:
    kind = binary_kind(data)
    if kind is not None:
        looks = f"looks like {kind}" if kind != "contains NUL bytes" else kind
        raise UnsupportedFormat(path, f"binary file ({looks}), not an article")


def wide_encoding_without_bom(data: bytes) -> str | None:
    """"utf-32-le/be" or "utf-16-le/be" for UTF-32/16 text saved without a byte-order mark."""
    head = data[:_SAMPLE_BYTES]
    return _utf32_without_bom(head) or _utf16_without_bom(head)


def _utf32_without_bom(head: bytes) -> str | None:
    """"utf-32-le"/"utf-32-be" when text in the Basic Multilingual Plane was saved as
    UTF-32 without a BOM: every fourth byte carries the code point's high byte, zero."""
    n = len(head) // 4 * 4
    if n < 8:
        return None
    lanes = [head[i:n:4] for i in range(4)]
    quarter = n // 4
    if lanes[3].count(0) == quarter and lanes[2].count(0) > 0.9 * quarter and lanes[0].count(0) < 0.05 * quarter:
        return "utf-32-le"
    if lanes[0].count(0) == quarter and lanes[1].count(0) > 0.9 * quarter and lanes[3].count(0) < 0.05 * quarter:
        return "utf-32-be"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when ASCII-range text was saved as UTF-16 without a BOM."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(path: str, data: bytes, languages: Sequence[str], *,
                 declared: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` for ``data``; raises DecodeError when nothing fits.

    ``declared`` is the codec the document names for itself (see :func:`declared_encoding`);
    it is used when the bytes are not UTF-8 and decode under it without error.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(path, f"has a {encoding} byte-order mark but invalid {encoding} "
                                        f"bytes at offset {exc.start}; re-save the file as UTF-8") from exc
    # Before UTF-8: NUL bytes are valid UTF-8, so UTF-16 text would decode as "H\x00e\x00...".
    wide = wide_encoding_without_bom(data)
    if wide:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration: detect instead
    encoding = _best_legacy_encoding(data, languages)
    if encoding is None:
        said = f" (it declares {declared}, which does not fit its bytes)" if declared else ""
        raise DecodeError(path, f"cannot decode bytes as text{said} (tried utf-8, utf-16, cp1251, cp1252, "
                                "latin-1 and other legacy encodings); re-save the file as UTF-8")
    return data.decode(encoding), encoding


def _best_legacy_encoding(data: bytes, languages: Sequence[str]) -> str | None:
    from newsprism.ingest._language import classify

    candidates = list(LEGACY_ENCODINGS)
    detected = _charset_normalizer_guess(data)
    # charset_normalizer reads almost any byte soup as Korean or Japanese; only believe
    # it when the user's corpus can contain that language.
    cjk_language = _CJK_ENCODING_LANGUAGE.get(detected or "")
    if detected and detected not in candidates and (cjk_language is None or cjk_language in languages):
        candidates.append(detected)
    candidates.append("latin-1")
    sample = data[:_SAMPLE_BYTES]
    best: tuple[float, str] | None = None
    for encoding in candidates:
        try:
            data.decode(encoding)
            text = sample.decode(encoding, errors="ignore")
        except (UnicodeDecodeError, LookupError):
            continue
        if _junk_share(text) > _MAX_JUNK_SHARE or _letter_share(text) < _MIN_LETTER_SHARE:
            continue
        if encoding not in _CJK_ENCODING_LANGUAGE and not _has_word_spacing(text):
            continue
        _, confidence = classify(text, languages)
        score = confidence - 5 * _odd_char_share(text)
        if best is None or score > best[0] + 1e-6:
            best = (score, encoding)
    return None if best is None else best[1]


def _charset_normalizer_guess(data: bytes) -> str | None:
    import charset_normalizer

    match = charset_normalizer.from_bytes(data[:_SAMPLE_BYTES]).best()
    return match.encoding if match is not None else None


def _junk_share(text: str) -> float:
    """Share of characters that no real text contains (controls, unassigned, private use)."""
    if not text:
        return 1.0
    junk = sum(1 for ch in text
               if ch not in "\t\n\r\f" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    return junk / len(text)


def _has_word_spacing(text: str) -> bool:
    if len(text) < _SHORT_TEXT:
        return True
    return sum(1 for ch in text if ch.isspace()) / len(text) >= _MIN_SPACE_SHARE


def _letter_share(text: str) -> float:
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    return sum(1 for ch in visible if ch.isalpha()) / len(visible)


def _odd_char_share(text: str) -> float:
    """Share of non-ASCII characters that look like mis-decoding: symbols glued to
    letters ("W³adys³aw") and case flips inside a word ("пНФЮП")."""
    non_ascii = 0
    odd = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        non_ascii += 1
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        category = unicodedata.category(ch)
        if category[0] in "SN" or category in ("Po", "Pd"):
            if prev.isalpha() or nxt.isalpha():
                odd += 1
        elif ch.isupper() and prev.isalpha() and prev.islower():
            odd += 1
    return odd / non_ascii if non_ascii else 0.0
