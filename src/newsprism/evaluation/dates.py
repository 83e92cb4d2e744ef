"""Date/time extraction and normalisation on TimeML gold data (TempEval-3 TBAQ).

Each ``.tml`` file has a document creation time (``<DCT><TIMEX3 value=...>``), used as
the publication date, and gold ``TIMEX3`` elements inside ``<TEXT>``. The text is
stripped of its tags, the real extraction runs on it (the English spaCy model's
DATE/TIME entities as candidates, then :func:`newsprism.analyse.dates.extract_times`),
and the output is scored against the gold:

- found: share of gold expressions overlapped by one of ours;
- value accuracy: share of gold expressions whose value ours matches, compared at the
  gold's granularity (gold "1998-10" accepts our "1998-10-23"); a gold DURATION or SET
  is matched by our ISO duration. Vague gold values (PRESENT_REF, PAST_REF, FUTURE_REF)
  are left out of value accuracy (they count in value F1);
  Unspecified gold parts ("1998-10-XX", "1989-WXX") count as the coarser granularity;
- exact value accuracy: the same without either allowance;
- precision: share of our expressions that overlap a gold one;
- value F1, the TempEval-3 way: a hit is a gold expression found and normalised right
  (vague gold included, as misses unless matched), precision over our expressions and
  recall over the gold; given strict (exact values, TempEval-3's own measure, what
  HeidelTime's 0.776 is) and with the granularity allowance above.

Figures are also given per TIMEX3 type (DATE, TIME, DURATION, SET).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newsprism.analyse.dates import extract_times
from newsprism.errors import InputError
from newsprism.records import Sentence, TimeExpression

VAGUE_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
TYPES = ("DATE", "TIME", "DURATION", "SET")

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_ISO_DATE = re.compile(r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d)?)?)?")


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDocument:
    name: str
    text: str
    published: datetime | None
    gold: list[GoldTimex]


def read_timeml(path: Path) -> TimeMLDocument:
    """The raw text of ``<TEXT>``, its creation time and its gold TIMEX3 spans."""
    source = path.read_text(encoding="utf-8")
    published = None
    dct = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", source)
    if dct:
        value = dict(_ATTRIBUTE.findall(dct.group(1))).get("value", "")
        try:
            published = datetime.fromisoformat(value)
        except ValueError:
            published = None
    body = re.search(r"<TEXT>(.*)</TEXT>", source, re.S)
    if body is None:
        raise InputError(str(path), "no <TEXT> element; is this a TimeML .tml file?")
    pieces: list[str] = []
    length = 0
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    markup = body.group(1)
    for tag in _TAG.finditer(markup):
        # Entities are unescaped piece by piece so offsets refer to the clean text.
        piece = html.unescape(markup[position:tag.start()])
        pieces.append(piece)
        length += len(piece)
        position = tag.end()
        closing, name = tag.group(1), tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTRIBUTE.findall(tag.group(3))))
        elif open_timex is not None:
            start, attributes = open_timex
            gold.append(GoldTimex(start, length, "", attributes.get("type", ""),
                                  attributes.get("value", "")))
            open_timex = None
    pieces.append(html.unescape(markup[position:]))
    text = "".join(pieces)
    for timex in gold:
        timex.text = text[timex.start:timex.end]
    return TimeMLDocument(path.name, text, published, gold)


def _spacy_ready(text: str) -> str:
    """Single line breaks inside paragraphs become spaces (same length, same offsets):
    the pipeline starts a sentence at every line break."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def _sentences(doc: Any, text: str) -> list[Sentence]:
    sentences = []
    for sent in doc.sents:
        sentences.append(Sentence(sent.start_char, sent.end_char,
                                  text.count("\n\n", 0, sent.start_char)))
    return sentences


def _value_matches(gold: GoldTimex, ours: TimeExpression, *, exact: bool) -> bool:
    target = gold.value.strip()
    if ours.duration and ours.duration == target:
        return True
    if ours.value is None:
        return False
    value = ours.value
    target = re.sub(r"(T\d\d:\d\d):00$", r"\1", target)
    target = re.sub(r"-W(\d)$", r"-W0\1", target)  # some files write "2000-W6"
    if value == target:
        return True
    if exact:
        return False
    # Unspecified parts ("1998-10-XX", "1989-WXX", "199X") leave the gold coarser.
    target = re.sub(r"(?:-W?X+)+$|X+$", "", target)
    if value == target:
        return True
    # Coarser gold: our finer value is right if it agrees up to the gold's precision.
    if _ISO_DATE.fullmatch(target) and _ISO_DATE.fullmatch(value) and len(value) > len(target):
        return value.startswith(target)
    return False


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _documents(path: Path, limit: int | None) -> list[Path]:
    files = sorted(path.rglob("*.tml"), key=lambda p: p.name) if path.is_dir() else [path]
    if not files:
        raise InputError(str(path), "no .tml files found; point to a TimeML corpus folder")
    return files[:limit] if limit else files


def run(path: str | Path, limit: int | None = None, *, errors: bool = False) -> dict[str, Any]:
    """Score date/time extraction on the TimeML files under ``path`` (sorted by file
    name; the first ``limit`` only when given). ``errors=True`` adds the mismatches."""
    from newsprism.analyse._nlp import load_pipeline

    documents = [read_timeml(p) for p in _documents(Path(path), limit)]
    nlp = load_pipeline("en")
    counts: dict[str, dict[str, int]] = {
        t: {"gold": 0, "found": 0, "scored": 0, "correct": 0, "exact": 0} for t in TYPES}
    vague = {"gold": 0, "found": 0, "correct": 0}
    ours_total = ours_matched = 0
    mistakes: list[dict[str, Any]] = []
    texts = [_spacy_ready(d.text) for d in documents]
    for document, doc in zip(documents, nlp.pipe(texts, batch_size=16)):
        candidates = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
        expressions = extract_times(document.text, document.published, language="en",
                                    candidates=candidates,
                                    sentences=_sentences(doc, document.text))
        ours_total += len(expressions)
        ours_matched += sum(
            1 for e in expressions
            if any(_overlap(e.start, e.end, g.start, g.end) for g in document.gold))
        for gold in document.gold:
            bucket = counts.setdefault(gold.type, {"gold": 0, "found": 0, "scored": 0,
                                                   "correct": 0, "exact": 0})
            overlapping = sorted(
                (e for e in expressions if _overlap(e.start, e.end, gold.start, gold.end)),
                key=lambda e: -_overlap(e.start, e.end, gold.start, gold.end))
            best = overlapping[0] if overlapping else None
            bucket["gold"] += 1
            bucket["found"] += best is not None
            if gold.value in VAGUE_VALUES:
                vague["gold"] += 1
                vague["found"] += best is not None
                vague["correct"] += best is not None and best.value == gold.value
                continue
            bucket["scored"] += 1
            right = best is not None and _value_matches(gold, best, exact=False)
            bucket["correct"] += right
            bucket["exact"] += best is not None and _value_matches(gold, best, exact=True)
            if errors and not right:
                mistakes.append({"document": document.name, "text": gold.text,
                                 "type": gold.type, "gold": gold.value,
                                 "ours": None if best is None else (best.text, best.kind,
                                                                    best.value, best.duration),
                                 "published": document.published.isoformat()
                                 if document.published else None})

    def share(part: int, whole: int) -> float:
        return round(part / whole, 4) if whole else 0.0

    total = {k: sum(c[k] for c in counts.values()) for k in ("gold", "found", "scored",
                                                             "correct", "exact")}
    def f1(hits: int) -> float:
        precision, recall = (hits / ours_total if ours_total else 0.0), (hits / total["gold"] if total["gold"] else 0.0)
        return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0

    result: dict[str, Any] = {
        "documents": len(documents),
        "value_f1": f1(total["correct"] + vague["correct"]),
        "value_f1_strict": f1(total["exact"] + vague["correct"]),
        "gold": total["gold"],
        "ours": ours_total,
        "found": share(total["found"], total["gold"]),
        "value_accuracy": share(total["correct"], total["scored"]),
        "exact_value_accuracy": share(total["exact"], total["scored"]),
        "precision": share(ours_matched, ours_total),
        "vague_gold": vague["gold"],
        "vague_found": share(vague["found"], vague["gold"]),
        "vague_correct": share(vague["correct"], vague["gold"]),
        "by_type": {
            t: {"gold": c["gold"], "found": share(c["found"], c["gold"]),
                "scored": c["scored"], "value_accuracy": share(c["correct"], c["scored"])}
            for t, c in counts.items()},
    }
    if errors:
        result["mistakes"] = mistakes
    return result


def render(result: dict[str, Any]) -> str:
    """A plain table of the figures."""
    lines = [
        f"TimeML date/time evaluation: {result['documents']} documents, "
        f"{result['gold']} gold expressions, {result['ours']} of ours",
        "",
        f"{'type':<10} {'gold':>6} {'found':>7} {'scored':>7} {'value acc':>10}",
    ]
    for name, row in result["by_type"].items():
        lines.append(f"{name:<10} {row['gold']:>6} {row['found']:>7.3f} {row['scored']:>7} "
                     f"{row['value_accuracy']:>10.3f}")
    scored = sum(row["scored"] for row in result["by_type"].values())
    lines += [
        f"{'all':<10} {result['gold']:>6} {result['found']:>7.3f} {scored:>7} "
        f"{result['value_accuracy']:>10.3f}",
        "",
        f"value F1, TempEval-3 strict (exact values):      {result['value_f1_strict']:.3f}",
        f"value F1, with the granularity allowance:        {result['value_f1']:.3f}",
        f"exact value accuracy (no granularity allowance): {result['exact_value_accuracy']:.3f}",
        f"precision (ours overlapping a gold expression):  {result['precision']:.3f}",
        f"vague gold values (PRESENT/PAST/FUTURE_REF):     {result['vague_gold']} "
        f"(found {result['vague_found']:.3f}, right {result['vague_correct']:.3f}; in value F1 only)",
    ]
    return "\n".join(lines)
