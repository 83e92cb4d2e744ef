"""Numbers in news text: value, unit or counted thing, and how exact the writer was.

"about 100 thousand ethnic Armenians" -> 100000, counted "armenian", category "people",
qualifier "about". quantulum3 reads values and units, but only on the number span itself:
on free text it misreads times and dates as quantities.
"""

from __future__ import annotations

import functools
import re
import sys
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newsprism.analyse._sentences import sentence_index
from newsprism.records import Quantity, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan

EXTRACTOR = "newsprism.numbers/1"

# Words before a number that say how exact it is (multi-word cues first).
_QUALIFIERS: list[tuple[str, str]] = [
    ("more than", "over"), ("upwards of", "over"), ("in excess of", "over"), ("over", "over"),
    ("above", "over"), ("exceeding", "over"), ("at least", "at_least"), ("no fewer than", "at_least"),
    ("at most", "at_most"), ("up to", "at_most"), ("no more than", "at_most"),
    ("fewer than", "under"), ("less than", "under"), ("under", "under"), ("below", "under"),
    ("almost", "about"), ("nearly", "about"), ("about", "about"), ("around", "about"),
    ("approximately", "about"), ("roughly", "about"), ("some", "about"), ("an estimated", "about"),
    ("close to", "about"), ("circa", "about"), ("just over", "over"), ("just under", "under"),
    # Spanish / Italian / Dutch / German / French cues for the model-free path
    ("más de", "over"), ("cerca de", "about"), ("unos", "about"), ("unas", "about"),
    ("alrededor de", "about"), ("al menos", "at_least"), ("menos de", "under"), ("casi", "about"),
    ("più di", "over"), ("circa", "about"), ("almeno", "at_least"), ("quasi", "about"),
    ("meer dan", "over"), ("ongeveer", "about"), ("minstens", "at_least"), ("bijna", "about"),
    ("mehr als", "over"), ("etwa", "about"), ("mindestens", "at_least"), ("fast", "about"),
    ("plus de", "over"), ("environ", "about"), ("au moins", "at_least"), ("près de", "about"),
]

_QUALIFIERS_LONGEST_FIRST = sorted(_QUALIFIERS, key=lambda c: -len(c[0]))
_QUALIFIER_OF = dict(reversed(_QUALIFIERS_LONGEST_FIRST))  # the first listed wins a duplicate cue
# a cue right before the number: the longest first, as a whole word
_QUALIFIER_BEFORE = re.compile(r"(?:^|\W)(" + "|".join(re.escape(c) for c, _ in _QUALIFIERS_LONGEST_FIRST) + r")\s+$")

# Vague counts and the range they stand for.
_VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999), "hundreds of thousands": (200000, 999999),
    "millions": (2_000_000, 9_999_999), "a dozen": (12, 12), "a handful": (3, 6), "several": (3, 9),
    "a few": (2, 5), "decenas": (20, 99), "cientos": (200, 999), "centenares": (200, 999),
    "miles": (2000, 9999), "decine": (20, 99), "centinaia": (200, 999), "migliaia": (2000, 9999),
    "tientallen": (20, 99), "honderden": (200, 999), "duizenden": (2000, 9999),
}

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a hundred": 100, "hundred": 100, "a thousand": 1000, "dozen": 12, "a dozen": 12,
    # es / it / nl / de / fr small numbers for the model-free path
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
    "diez": 10, "doce": 12, "quince": 15, "veinte": 20, "cien": 100, "mil": 1000,
    "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "dieci": 10,
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "tien": 10,
}
_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mil": 1e3, "millón": 1e6,
    "millones": 1e6, "mila": 1e3, "milione": 1e6, "milioni": 1e6, "duizend": 1e3, "miljoen": 1e6,
    "tausend": 1e3, "millionen": 1e6, "million(s)": 1e6, "mille": 1e3, "millions": 1e6,
    "bn": 1e9, "m": 1e6, "k": 1e3,
    # the other languages we read: "4,2 миллиарда", "2,5 Milliarden", "3 mln"
    "milliard": 1e9, "milliards": 1e9, "milliarden": 1e9, "milliarde": 1e9, "mio": 1e6, "mrd": 1e9,
    "miliardi": 1e9, "miliardo": 1e9, "milhão": 1e6, "milhões": 1e6, "mil milhões": 1e9, "miljard": 1e9,
    "tys": 1e3, "tysięcy": 1e3, "tysiące": 1e3, "mln": 1e6, "milionów": 1e6, "miliony": 1e6, "mld": 1e9,
    "miliardów": 1e9, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллион": 1e6,
    "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
}

# Counted things grouped into the classes the comparison stage lines up.
_PEOPLE = {
    "people", "person", "resident", "civilian", "refugee", "inhabitant", "child", "adult",
    "migrant", "worker", "protester", "demonstrator", "soldier", "troop", "family", "passenger",
    "student", "voter", "citizen", "evacuee", "villager", "patient", "victim", "survivor",
    "prisoner", "hostage", "employee", "member", "official", "man", "woman", "tourist", "fan",
    "neighbour", "neighbor", "farmer", "dockworker", "docker", "striker", "crew", "rescuer",
    "firefighter", "delegate", "envoy", "diplomat", "teacher", "nurse", "doctor", "miner",
    "personas", "persone", "mensen", "menschen", "habitantes", "vecinos", "residentes",
    "agricultores", "trabajadores", "manifestantes", "pasajeros", "heridos", "abitanti",
    "lavoratori", "bewoners", "inwoners", "werknemers", "demonstranten", "einwohner",
}
_CASUALTY_CUES = re.compile(
    r"\b(kill(?:ed|ing|s)?|dead|deaths?|died|die|fatalit(?:y|ies)|lost their lives|bodies|death toll|"
    r"injur(?:ed|ies|y)|wounded|hurt|missing|muert[oa]s|fallecid[oa]s|murieron|fallecieron|heridos|"
    r"desaparecidos|morirono|morti|omgekomen|kwamen om|starben|"
    r"morti|feriti|doden|gewonden|tote|verletzte|morts|blessés)\b", re.I)
_INJURY_CUES = re.compile(r"\b(injur(?:ed|ies|y)|wounded|hurt|heridos|feriti|gewonden|verletzte|blessés)\b", re.I)
_MISSING_CUES = re.compile(r"\b(missing|desaparecidos|dispersi|vermist|vermisst|disparus)\b", re.I)

_NUMBER_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?:\s*("
    + "|".join(sorted((re.escape(w) for w in _SCALES if "(" not in w and " " not in w), key=len, reverse=True))
    + r")\b)?", re.I)


@functools.lru_cache(maxsize=1)
def _quantulum():  # type: ignore[no-untyped-def]
    # quantulum3 ships a unit classifier pickled with another scikit-learn version; on a
    # bare number span its frequency-based fallback decides just as well, so it is off.
    # Importing scikit-learn for it would still cost most of a second per process, so
    # unless something here already loaded it, quantulum3 is imported with joblib hidden,
    # which is how it detects an install without its classifier.
    hide = "sklearn" not in sys.modules and "quantulum3.classifier" not in sys.modules
    saved = sys.modules.get("joblib")
    if hide:
        sys.modules["joblib"] = None  # type: ignore[assignment]  # makes `import joblib` fail
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its "classifier dependencies not installed"
            from quantulum3 import classifier, parser
    finally:
        if hide:
            if saved is None:
                del sys.modules["joblib"]
            else:
                sys.modules["joblib"] = saved
    classifier.USE_CLF = False
    return parser


def warm_up() -> None:
    """Load quantulum3's parser now (its first use costs seconds: imports and tables), so
    forked workers start with it."""
    _quantulum().parse("5 km")


@functools.lru_cache(maxsize=8192)
def parse_number(text: str, language: str | None = None) -> float | None:
    """The value of a number phrase: "100 thousand", "100,000", "12.4 million", "two".

    Digits are read with the marks of any of our languages ("1.234,5" and "1,234.5" are
    both 1234.5); ``language`` (ISO 639-1) reads number words in it ("cuatrocientos
    cincuenta").

    >>> parse_number("100 thousand"), parse_number("100,000"), parse_number("two")
    (100000.0, 100000.0, 2.0)
    >>> parse_number("1.234,5", "es"), parse_number("cuatrocientos cincuenta", "es")
    (1234.5, 450.0)
    """
    t = text.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
    t = re.sub(r"^(?:a|an|the)\s+(?=\w)", lambda m: m.group(0) if t.startswith(("a hundred", "a thousand", "a dozen")) else "", t)
    if t in _WORD_NUMBERS and (language in (None, "en") or words_value(t, language) is None):
        return float(_WORD_NUMBERS[t])
    m = re.fullmatch(r"([\d.,\s]+?)\s*([^\W\d_()]+(?:\(s\))?)?", t)
    if m:
        digits, scale = m.group(1).strip(), (m.group(2) or "").lower()
        value = _parse_digits(digits)
        if value is not None and (not scale or scale in _SCALES):
            return value * _SCALES.get(scale, 1.0)
    if language:
        value = words_value(t, language)
        if value is not None:
            return value
    words = t.split()
    if len(words) == 2 and words[0] in _WORD_NUMBERS and words[1] in _SCALES:
        return _WORD_NUMBERS[words[0]] * _SCALES[words[1]]
    try:
        parsed = _quantulum().parse(text)
    except Exception:  # quantulum3 raises assorted errors on odd input; treat as "not a number"
        return None
    return float(parsed[0].value) if parsed else None


# Languages text2num reads number words in ("cuatrocientos cincuenta", "vierhundertfünfzig").
WORD_NUMBER_LANGUAGES = frozenset({"en", "es", "fr", "de", "it", "pt", "nl"})


@functools.lru_cache(maxsize=32768)
def words_value(phrase: str, language: str) -> float | None:
    """The value of a phrase of number words in ``language``, or None."""
    if language not in WORD_NUMBER_LANGUAGES or not phrase:
        return None
    from text_to_num import text2num

    try:
        return float(text2num(phrase.lower(), language))
    except (ValueError, TypeError):
        return None


def _parse_digits(digits: str) -> float | None:
    """Digits with the marks news in any of our languages writes: spaces, narrow spaces
    and apostrophes group thousands ("1 234", "1'234"); with both a comma and a point the
    last is the decimal mark ("1.234,5", "1,234.5"); one mark before groups of three
    digits groups thousands ("100,000", "100.000"); otherwise it is the decimal mark
    ("12,4", "12.4"). The rules need no language: each convention reads the same way."""
    d = re.sub(r"[\s\u00a0\u202f'’]", "", digits)
    if not d or not re.search(r"\d", d):
        return None
    if "," in d and "." in d:
        decimal = "," if d.rindex(",") > d.rindex(".") else "."
        d = d.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif re.fullmatch(r"\d{1,3}([,.])\d{3}(\1\d{3})*", d):
        return float(re.sub(r"[,.]", "", d))
    else:
        d = d.replace(",", ".")
    try:
        return float(d)
    except ValueError:
        return None


def qualifier_before(text: str, start: int) -> tuple[str, int]:
    """The qualifier cue ending right before ``start`` and where it begins."""
    window = text[max(0, start - 30):start].lower()
    match = _QUALIFIER_BEFORE.search(window)
    if match:
        return _QUALIFIER_OF[match.group(1)], start - len(window) + match.start(1)
    return "exact", start


def _category(counted: str | None, unit: str | None, sentence_text: str, is_norp: bool) -> str | None:
    if unit in {"dollar", "euro", "pound sterling", "yen", "mark", "marks"} or (unit and "currency" in unit):
        return "money"
    if unit in {"percentage", "percent"}:
        return "percent"
    if unit in {"day", "hour", "week", "month", "year", "minute", "second"}:
        return "duration"
    if unit:
        return unit  # a measurement ("kilometre", "magnitude"): compared like a count of it
    if counted and _CASUALTY_CUES.fullmatch(counted):
        # the counted word is the casualty ("15 muertos", "22 morts", "zwei Tote")
        return "injured" if _INJURY_CUES.fullmatch(counted) else "missing" if _MISSING_CUES.fullmatch(counted) else "dead"
    if counted is None and not is_norp:
        if _CASUALTY_CUES.search(sentence_text):
            return _casualty_kind(sentence_text)
        return None
    if is_norp or (counted and (counted in _PEOPLE or counted.rstrip("s") in _PEOPLE)):
        if _CASUALTY_CUES.search(sentence_text):
            return _casualty_kind(sentence_text)
        return "people"
    return counted


def _casualty_kind(clause: str) -> str:
    """Dead, injured or missing: the casualty word nearest to the number wins
    ("killing 23 people and injuring over 200": 200 is injured)."""
    marker = clause.find("\x00")
    best, kind = None, "dead"
    for m in _CASUALTY_CUES.finditer(clause):
        distance = abs(m.start() - marker) if marker >= 0 else m.start()
        if best is None or distance < best:
            word = m.group(0)
            best = distance
            kind = "injured" if _INJURY_CUES.fullmatch(word) else "missing" if _MISSING_CUES.fullmatch(word) else "dead"
    return kind


_CLAUSE_BREAK = re.compile(r"[.;:!?()\n]|,\s|\s(?:and|y|e|en|und|et|while|but|pero)\s+(?=\D{0,20}\d)")


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a number, with NUL marking where the number stands: a casualty
    word must be in the same clause to count ("15 evacuated and 3 killed": 3 dead)."""
    left = text[max(0, start - 120):start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    lo = start - len(left) + (breaks[-1].end() if breaks else 0)
    right = text[end:end + 120]
    m = _CLAUSE_BREAK.search(right)
    hi = end + (m.start() if m else len(right))
    return text[lo:start] + "\x00" + text[start:hi]


def extract_quantities(text: str, *, doc: "Doc | None", sentences: list[Sentence],
                       exclude: Iterable[tuple[int, int]] = (), language: str | None = None) -> list[Quantity]:
    """Numbers with their value, unit or counted thing, qualifier and category.

    ``doc`` is the English spaCy Doc of ``text`` or None (model-free path for other
    languages, where ``language`` says which number words to read). ``exclude`` lists
    spans (dates, times) whose digits are not quantities.
    """
    excluded = list(exclude)
    spans = _spacy_number_spans(doc) if doc is not None else _regex_number_spans(text, language)
    out: list[Quantity] = []
    for start, end, label, head in spans:
        if any(s <= start < e or s < end <= e for s, e in excluded):
            continue
        surface = text[start:end]
        sent_i = sentence_index(sentences, start)
        out.append(_make_quantity(text, start, end, surface, label, head, sent_i, _clause(text, start, end),
                                  None if doc is not None else language))
    out.extend(_vague_quantities(text, sentences, out, excluded))
    out.sort(key=lambda q: q.start)
    return [q for q in out if q is not None]


def _make_quantity(text: str, start: int, end: int, surface: str, label: str,
                   head: tuple[str, bool] | None, sent_i: int, sentence_text: str,
                   language: str | None = None) -> Quantity:
    qualifier, qstart = qualifier_before(text, start)
    # spaCy often includes the qualifier in the entity ("about 100 thousand"): move it out.
    inner = surface
    for cue, qual in _QUALIFIERS_LONGEST_FIRST:
        if inner.lower().startswith(cue + " "):
            qualifier, inner = qual, inner[len(cue) + 1:]
            break
    unit = None
    value = parse_number(_strip_unit_words(inner), language)
    if value is None:
        # "1,180,000 marks", "12 thousand neighbours": the number first, then its unit
        lead = _LEADING_NUMBER.match(inner)
        if lead:
            value = parse_number(lead.group(0))
            rest = inner[lead.end():].strip().lower()
            unit = rest or None
    if label in {"QUANTITY", "MONEY", "PERCENT"} and unit is None or value is None:
        try:
            parsed = _quantulum().parse(inner)
        except Exception:  # see parse_number
            parsed = []
        if parsed:
            value = float(parsed[0].value)
            name = parsed[0].unit.name
            unit = None if name == "dimensionless" else name
    if label == "PERCENT" and unit is None:
        unit = "percentage"
    counted, is_norp = head if head else (None, False)
    if label == "MONEY" and unit is None:
        unit = "currency"
    range_match = re.match(r"\s*(?:-|–|to|and)\s*(\d[\d,.]*)", text[end:end + 15])
    low = high = None
    if range_match and qualifier == "exact":
        hi = parse_number(range_match.group(1))
        if hi is not None and value is not None and hi > value:
            qualifier, low, high = "range", value, hi
    return Quantity(
        start=min(start, qstart) if qualifier not in ("exact", "range") else start,
        end=end, text=text[min(start, qstart) if qualifier not in ("exact", "range") else start:end],
        value=value if value is not None else float("nan"), sentence=sent_i, extractor=EXTRACTOR,
        unit=unit, counted=counted, category=_category(counted, unit, sentence_text, is_norp),
        qualifier=qualifier, low=low, high=high)


_LEADING_NUMBER = re.compile(
    r"\s*(?:\d[\d.,\u00a0 ]*\d|\d)(?:\s*(?:thousand|million|billion|mil|millones|millón|mila|milioni|duizend|miljoen|tausend)\b)?",
    re.I)


def _strip_unit_words(surface: str) -> str:
    return re.sub(r"\s+(people|persons|dollars|euros|percent|per cent|%)$", "", surface.strip(), flags=re.I)


def _spacy_number_spans(doc: "Doc") -> list[tuple[int, int, str, tuple[str, bool] | None]]:
    spans = []
    for ent in doc.ents:
        if ent.label_ not in {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}:
            continue
        if not any(t.like_num or t.text.lower() in _WORD_NUMBERS for t in ent):
            continue
        spans.append((ent.start_char, ent.end_char, ent.label_, _counted_head(ent)))
    return spans


def _counted_head(ent: "SpacySpan") -> tuple[str, bool] | None:
    """The noun a number counts: its syntactic head, or the noun right after it."""
    last = ent[-1]
    candidates = []
    if last.dep_ in {"nummod", "quantmod", "compound"} and last.head.pos_ in {"NOUN", "PROPN"}:
        candidates.append(last.head)
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    # "100 thousand ethnic Armenians": skip adjectives to the noun
    i = ent.end
    while i < len(ent.doc) and i < ent.end + 3 and ent.doc[i].pos_ in {"ADJ", "NOUN", "PROPN"}:
        if ent.doc[i].pos_ in {"NOUN", "PROPN"}:
            candidates.append(ent.doc[i])
            if i + 1 >= len(ent.doc) or ent.doc[i + 1].pos_ not in {"NOUN", "PROPN"}:
                break
        i += 1
    if nxt is not None and nxt.lower_ == "of":
        # "31 of the 45 seats", "hundreds of people": the first noun after "of"
        for after in ent.doc[ent.end + 1:ent.end + 7]:
            possessor = after.i + 1 < len(after.doc) and after.doc[after.i + 1].tag_ == "POS"
            if after.pos_ in {"NOUN", "PROPN"} and not possessor:  # "the council's 45 seats"
                candidates.append(after)
                break
            if after.pos_ not in {"DET", "NUM", "ADJ", "PUNCT", "NOUN", "PROPN", "PART"}:
                break
    for tok in candidates:
        is_norp = tok.ent_type_ == "NORP"
        return tok.lemma_.lower(), is_norp
    return None


_WORD_NUMBER_RE = re.compile(
    r"(?<![\w])(" + "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS if " " not in w), key=len, reverse=True))
    + r")(?:\s+(mil|millones|thousand|million|mila|milioni|duizend|miljoen|tausend))?(?![\w])", re.I)
_SCALE_WORDS = ("mil", "millones", "millón", "thousand", "million", "mila", "milioni", "duizend", "miljoen",
                "tausend", "mille", "millions", "milhões", "milhão", "miljard", "milliards")
_ENDS_WITH_SCALE = re.compile(r"\s(?:" + "|".join(_SCALE_WORDS) + r")$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# words that join number words: "cuatrocientos y cinco", "quatre-vingt et un", "dreiundzwanzig"
_JOINERS = frozenset({"y", "e", "et", "und", "en", "and"})
# a single word that is an article or pronoun more often than a number
_AMBIGUOUS_ALONE = frozenset({"un", "una", "uno", "une", "ein", "eine", "einen", "einer", "einem", "eines", "uma",
                              "um", "een", "one", "a", "an", "o"})


def word_number_spans(text: str, language: str | None) -> list[tuple[int, int]]:
    """Spans of number words in ``language`` ("quince", "cuatrocientos cincuenta", "doce
    mil"): from each word, the longest run of adjacent words text2num reads as one number."""
    if language is None:
        return []
    tokens = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]

    def is_number(k: int) -> bool:
        return words_value(tokens[k][2], language) is not None

    def continues(k: int) -> bool:  # token k may extend a run that reached k - 1
        if text[tokens[k - 1][1]:tokens[k][0]].strip():
            return False  # punctuation between: "quince, veinte" are two numbers
        return is_number(k) or (tokens[k][2] in _JOINERS and k + 1 < len(tokens) and is_number(k + 1))

    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not is_number(i):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and continues(j):
            j += 1
        taken = 1
        for k in range(j, i, -1):
            phrase = " ".join(t[2] for t in tokens[i:k])
            if tokens[k - 1][2] not in _JOINERS and words_value(phrase, language) is not None:
                taken = k - i
                # alone, an article ("una") or a vague plural ("miles de", "millones de")
                if not (taken == 1 and (phrase in _AMBIGUOUS_ALONE or phrase in _VAGUE
                                        or (phrase in _SCALES and phrase.endswith("s")))):
                    spans.append((tokens[i][0], tokens[k - 1][1]))
                break
        i += taken
    return spans


_PERCENT_AFTER = re.compile(r"\s*(?:%|por ciento|per cent|percent|per cento|procent|prozent|pour cent)", re.I)


def _regex_number_spans(text: str, language: str | None = None) -> list[tuple[int, int, str, tuple[str, bool] | None]]:
    spans = []
    found = [(m.start(), m.end()) for m in _NUMBER_RE.finditer(text)]
    words = word_number_spans(text, language) if language in WORD_NUMBER_LANGUAGES else [
        (m.start(), m.end()) for m in _WORD_NUMBER_RE.finditer(text)]
    for start, end in words:
        # small number words alone are too ambiguous ("una", "due"); keep them with a scale
        # or before a noun they count
        if _ENDS_WITH_SCALE.search(text[start:end]) or re.match(r"\s+(?:de\s+|di\s+)?(?:[^\W\d_]+)", text[end:end + 30]):
            if not any(s <= start < e or start <= s < end for s, e in found):
                found.append((start, end))
    for start, end in sorted(found):
        pct = _PERCENT_AFTER.match(text, end)
        if pct:
            spans.append((start, pct.end(), "PERCENT", None))
            continue
        following = re.match(r"\s+(?:de\s+|di\s+)?([^\W\d_]+)", text[end:end + 40])
        counted = following.group(1).lower() if following else None
        spans.append((start, end, "CARDINAL", (counted, False) if counted else None))
    return spans


def _vague_quantities(text: str, sentences: list[Sentence], found: list[Quantity],
                      excluded: list[tuple[int, int]]) -> list[Quantity]:
    out = []
    taken = [(q.start, q.end) for q in found] + excluded
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _VAGUE), key=len, reverse=True)) + r")\s+(?:of\s+|de\s+|di\s+|van\s+)?(?:[^\W\d_]+\s+){0,1}?([^\W\d_]+)", re.I)
    for m in pattern.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        phrase = m.group(1).lower()
        low, high = _VAGUE[phrase]
        counted = m.group(2).lower()
        if counted.endswith("s") and counted[:-1] in _PEOPLE:
            counted = counted[:-1] if counted != "people" else counted
        if counted in {"people", "persons", "personas", "persone", "mensen"}:
            counted = "people"
        sent_i = sentence_index(sentences, m.start())
        sentence_text = _clause(text, m.start(), m.end())
        if counted not in _PEOPLE and not _CASUALTY_CUES.search(text[m.start():m.end() + 60]):
            # "several times", "a few days": vague but not a count we compare
            if phrase in {"several", "a few", "a handful"}:
                continue
        out.append(Quantity(
            start=m.start(), end=m.start() + len(m.group(1)), text=m.group(1), value=float(low),
            sentence=sent_i, extractor=EXTRACTOR, counted=counted,
            category=_category(counted, None, sentence_text, False), qualifier="vague",
            low=float(low), high=float(high)))
    return out


def quantity_bounds(q: Quantity | dict[str, Any]) -> tuple[float, float]:
    """The interval of true values a reported number allows, given its qualifier.

    "about 100,000" allows 85,000..115,000 (rounding); "over 200" allows 200..inf.
    """
    get = (lambda k: q.get(k)) if isinstance(q, dict) else (lambda k: getattr(q, k))
    value, qualifier = float(get("value")), get("qualifier")
    if qualifier == "vague" and get("low") is not None:
        # "thousands", "hundreds": writers use them loosely upwards ("thousands" for
        # 20,000), so a vague count only sets a floor and never contradicts a larger one
        return float(get("low")), float("inf")
    if qualifier == "range" and get("low") is not None:
        return float(get("low")), float(get("high"))
    if qualifier == "about":
        return value * 0.85, value * 1.15
    if qualifier in {"over", "at_least"}:
        return value, float("inf")
    if qualifier in {"under", "at_most"}:
        return 0.0, value
    return value, value
