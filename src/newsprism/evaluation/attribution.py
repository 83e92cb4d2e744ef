"""Attribution (quote) extraction against PolNeAR-format gold data.

The data directory holds ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``
(brat standoff): ``T<n>\\tSource|Cue|Content <start> <end>[;<start> <end>...]\\t<text>``
and ``E<n>\\tAttribution:T.. Content:T.. Cue:T.. Source:T..``. When a text has several
annotators, the first annotation file in sorted order is used.

The real pipeline is run: spaCy on the raw text, entities and sentences from the Doc,
then :func:`newsprism.analyse.quotes.extract_attributions`. Three scores:

- ``content``: a predicted quote's content matches a gold Content when they overlap by
  at least half of the shorter span; one-to-one, greedy by overlap.
- ``content_source``: as ``content``, and the predicted speaker overlaps the gold Source
  (a gold attribution without a source matches a prediction without a speaker).
- ``cue``: predicted cue spans against gold Cue spans, any overlap, one-to-one.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unidecode import unidecode

from newsprism.evaluation.metrics import prf
from newsprism.records import EntityMention, Sentence

Segments = list[tuple[int, int]]
MIN_OVERLAP = 0.5


@dataclass
class GoldAttribution:
    content: Segments
    cue: Segments
    source: Segments | None


@dataclass
class Predicted:
    content: Segments
    cue: Segments
    source: Segments | None


def load_document(ann_path: Path) -> list[GoldAttribution]:
    """The attributions of one brat ``.ann`` file."""
    spans: dict[str, Segments] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label_and_offsets = parts[1].split(" ", 1)
            if len(label_and_offsets) < 2:
                continue
            segments = []
            for piece in label_and_offsets[1].split(";"):
                start, end = piece.split()
                segments.append((int(start), int(end)))
            spans[parts[0]] = segments
        elif parts[0].startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append(roles)
    gold = []
    for roles in events:
        content = [seg for ref in roles.get("Content", []) for seg in spans.get(ref, [])]
        if not content:
            continue
        cue = [seg for ref in roles.get("Cue", []) for seg in spans.get(ref, [])]
        source_refs = roles.get("Source", [])
        source = [seg for ref in source_refs for seg in spans.get(ref, [])] or None
        gold.append(GoldAttribution(content=content, cue=cue, source=source))
    return gold


def _length(segments: Segments) -> int:
    return sum(e - s for s, e in segments)


def _overlap(a: Segments, b: Segments) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _content_ratio(pred: Segments, gold: Segments) -> float:
    shorter = min(_length(pred), _length(gold))
    return _overlap(pred, gold) / shorter if shorter else 0.0


def _greedy(pairs: list[tuple[float, int, int]]) -> int:
    """Size of a one-to-one matching, taking the best-scoring pairs first."""
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    for _, p, g in sorted(pairs, key=lambda x: -x[0]):
        if p not in used_pred and g not in used_gold:
            used_pred.add(p)
            used_gold.add(g)
    return len(used_pred)


def score_document(pred: list[Predicted], gold: list[GoldAttribution]) -> dict[str, int]:
    """True-positive counts and totals for one document."""
    content_pairs, source_pairs, cue_pairs = [], [], []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ratio = _content_ratio(p.content, g.content)
            if ratio >= MIN_OVERLAP:
                content_pairs.append((ratio, i, j))
                if (g.source is None and p.source is None) or (
                        g.source is not None and p.source is not None and _overlap(p.source, g.source) > 0):
                    source_pairs.append((ratio, i, j))
    pred_cues = [(i, c) for i, p in enumerate(pred) if p.cue for c in [p.cue]]
    gold_cues = [(j, g.cue) for j, g in enumerate(gold) if g.cue]
    for i, pc in pred_cues:
        for j, gc in gold_cues:
            ov = _overlap(pc, gc)
            if ov > 0:
                cue_pairs.append((ov / max(1, min(_length(pc), _length(gc))), i, j))
    return {
        "content_tp": _greedy(content_pairs), "source_tp": _greedy(source_pairs),
        "cue_tp": _greedy(cue_pairs), "n_pred": len(pred), "n_gold": len(gold),
        "n_pred_cue": len(pred_cues), "n_gold_cue": len(gold_cues),
    }


def _documents(path: Path, limit: int | None) -> list[tuple[str, Path, Path]]:
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{path}: expected text/ and attributions/ subdirectories (PolNeAR layout)")
    docs = []
    for text_path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(text_path.stem + "_*.ann"))
        anns = [a for a in anns if re.fullmatch(re.escape(text_path.stem) + r"_[^_]+", a.stem)]
        if anns:
            docs.append((text_path.stem, text_path, anns[0]))
    return docs[:limit] if limit is not None else docs


def predict(text: str, doc: Any) -> list[Predicted]:
    """Run the quote extractor on one parsed text and keep the spans the scorer needs."""
    from newsprism.analyse.quotes import extract_attributions

    sentences = [Sentence(s.start_char, s.end_char, 0) for s in doc.sents]
    starts = [s.start for s in sentences]
    from bisect import bisect_right

    entities = [
        EntityMention(start=e.start_char, end=e.end_char, text=e.text, label=e.label_,
                      sentence=max(0, bisect_right(starts, e.start_char) - 1),
                      key=unidecode(e.text).casefold().strip(), extractor="spacy")
        for e in doc.ents]
    quotes, _ = extract_attributions(text, doc=doc, sentences=sentences, entities=entities)
    # PolNeAR annotates one attribution per cue, its content possibly in several pieces
    # ("'A,' he said. 'B'"); the extractor gives one quote per piece, sharing the cue.
    merged: dict[Any, Predicted] = {}
    for q in quotes:
        key = (q.cue.start, q.cue.end) if q.cue else ("content", q.content.start)
        piece = (q.content.start, q.content.end)
        if key in merged:
            merged[key].content.append(piece)
            continue
        merged[key] = Predicted(content=[piece], cue=[(q.cue.start, q.cue.end)] if q.cue else [],
                                source=[(q.speaker.start, q.speaker.end)] if q.speaker else None)
    return list(merged.values())


def run(path: str | Path, limit: int | None = None, n_process: int = 1) -> dict[str, Any]:
    """Score attribution extraction on a PolNeAR-format directory (e.g. ``polnear/dev``).

    ``limit`` keeps the first documents in sorted order. ``n_process`` is passed to
    ``nlp.pipe`` (on two cores a second process saved little: parsing is not the cost).
    """
    from newsprism.analyse._nlp import load_pipeline

    path = Path(path)
    documents = _documents(path, limit)
    nlp = load_pipeline("en")
    started = time.perf_counter()
    texts = [t.read_text(encoding="utf-8") for _, t, _ in documents]
    totals: dict[str, int] = {}
    for (name, _, ann_path), text, doc in zip(documents, texts,
                                              nlp.pipe(texts, n_process=n_process, batch_size=16)):
        counts = score_document(predict(text, doc), load_document(ann_path))
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
    elapsed = time.perf_counter() - started
    return {
        "dataset": str(path),
        "documents": len(documents),
        "gold_attributions": totals.get("n_gold", 0),
        "predicted_quotes": totals.get("n_pred", 0),
        "content": prf(totals.get("content_tp", 0), totals.get("n_pred", 0), totals.get("n_gold", 0)),
        "content_source": prf(totals.get("source_tp", 0), totals.get("n_pred", 0), totals.get("n_gold", 0)),
        "cue": prf(totals.get("cue_tp", 0), totals.get("n_pred_cue", 0), totals.get("n_gold_cue", 0)),
        "seconds": round(elapsed, 1),
    }


def render(result: dict[str, Any]) -> str:
    """A small table of the figures from :func:`run`."""
    lines = [
        f"Attribution extraction on {result['dataset']} ({result['documents']} documents, "
        f"{result['gold_attributions']} gold attributions, {result['predicted_quotes']} predicted)",
        f"{'measure':<16}{'precision':>10}{'recall':>10}{'f1':>10}",
    ]
    for name in ("content", "content_source", "cue"):
        r = result[name]
        lines.append(f"{name:<16}{r['precision']:>10.4f}{r['recall']:>10.4f}{r['f1']:>10.4f}")
    lines.append(f"({result['seconds']} s)")
    return "\n".join(lines)
