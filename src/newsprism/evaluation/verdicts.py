"""Verdict quality on a corpus with documented truth (the demo corpus's truth.json).

For every documented fact (values quoted verbatim from named articles, and a verdict):
- a documented contradiction is *flagged* when one of our facts with verdict
  "contradict" holds claims on at least two of its values;
- a documented agreement, compatible variation or update is a *false alarm* when one of
  our contradictions holds two of its values, and *matched* when one of our facts groups
  at least two of its values with an acceptable verdict.
Precision of contradictions: the share of all contradictions we flag, across the
briefs, that are documented ones.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsprism.records import Brief, Fact
from newsprism.store import Store

ACCEPTABLE = {"contradict": {"contradict"}, "compatible": {"compatible", "agree"},
              "agree": {"agree", "compatible"}, "update": {"update"}}


Span = tuple[str, int, int, float | None]  # article id, start, end, documented number


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _value_spans(store_articles: dict[str, Any], fact: dict[str, Any]) -> list[Span]:
    spans = []
    for v in fact["values"]:
        article = store_articles.get(v["headline"])
        if article is None:
            continue
        start = article.full_text.find(v["text"])
        if start >= 0:
            spans.append((article.id, start, start + len(v["text"]), _number(v.get("normalised"))))
    return spans


def _touches(fact: Fact, span: Span) -> bool:
    article_id, start, end, number = span
    for c in fact.claims:
        if c.article_id != article_id:
            continue
        # an article that states a figure twice makes one claim of it, wherever it sits
        if fact.type == "count" and number is not None and _number(c.value) == number:
            return True
        # a claim touches a documented value when it overlaps it or they share a sentence
        # and the documented phrase is inside the claim's sentence
        if c.start < end and start < c.end:
            return True
        if c.sentence_start <= start and end <= c.sentence_end and fact.type in {"place", "relative_date"}:
            return True
    return False


def _holding(facts: list[Fact], spans: list[Span]) -> list[tuple[Fact, int]]:
    """Our facts with how many distinct documented values (articles) they hold."""
    out = []
    for f in facts:
        held = {s[0] for s in spans if _touches(f, s)}
        if len(held) >= 2:
            out.append((f, len(held)))
    return out


def _flags_pair(fact: Fact, spans: list[Span], pairs: str = "conflicts") -> bool:
    """Whether ``fact`` says that two of the documented values contradict each other
    (``pairs="updates"``: that one revises the other); a fact may hold a contradiction
    elsewhere, or an update, without saying so of these values."""
    for i, j in getattr(fact, pairs):
        a, b = fact.claims[i], fact.claims[j]
        hit_a = {n for n, s in enumerate(spans) if s[0] == a.article_id and _touches(_only(fact, a), s)}
        hit_b = {n for n, s in enumerate(spans) if s[0] == b.article_id and _touches(_only(fact, b), s)}
        if hit_a and hit_b and (hit_a | hit_b) and not (hit_a == hit_b and len(hit_a) == 1):
            return True
    return False


def _only(fact: Fact, claim: Any) -> Fact:
    return Fact(id=fact.id, type=fact.type, about=fact.about, claims=[claim], verdict=fact.verdict,
                explanation=fact.explanation)


def evaluate_store(store: Store, truth: dict[str, Any], briefs: dict[str, Brief] | None = None) -> dict[str, Any]:
    """Compare the briefs of the stored stories with the documented facts."""
    from newsprism import pipeline

    by_headline = {a.headline: a for a in store.iter_articles()}
    if briefs is None:
        briefs = {r["id"]: pipeline.story_brief(store, r["id"]) for r in store.story_rows()}
    all_facts = [f for b in briefs.values() for f in b.facts]
    rows = []
    matched_contradictions: set[str] = set()
    counts: dict[str, int] = defaultdict(int)
    for fact in truth["facts"]:
        spans = _value_spans(by_headline, fact)
        holding = _holding(all_facts, spans)
        ours_contra = [f for f, _ in holding if f.verdict == "contradict" and _flags_pair(f, spans)]
        verdict = fact["verdict"]
        counts[f"{verdict}_total"] += 1
        if verdict == "contradict":
            ok = bool(ours_contra)
            counts["contradict_flagged"] += ok
            matched_contradictions.update(f.id for f in ours_contra)
            outcome = "flagged" if ok else "missed"
        else:
            good = [f for f, _ in holding if f.verdict in ACCEPTABLE[verdict]
                    or (verdict == "update" and _flags_pair(f, spans, "updates"))]
            if ours_contra:
                counts["false_alarms"] += 1
                outcome = "FALSE CONTRADICTION"
            elif good:
                counts[f"{verdict}_matched"] += 1
                outcome = "matched"
            else:
                outcome = "not lined up" if not holding else "other verdict: " + ",".join(sorted({f.verdict for f, _ in holding}))
        rows.append({"story": fact["story"], "about": fact["about"], "truth": verdict, "outcome": outcome,
                     "values_found": len(spans)})
    ours = [f for f in all_facts if f.verdict == "contradict"]
    n_contra = counts["contradict_total"]
    n_other = sum(counts[f"{v}_total"] for v in ("compatible", "agree", "update"))
    precision = len([f for f in ours if f.id in matched_contradictions]) / len(ours) if ours else 0.0
    recall = counts["contradict_flagged"] / n_contra if n_contra else 0.0
    return {
        "contradictions": {"documented": n_contra, "flagged": counts["contradict_flagged"], "ours": len(ours),
                           "precision": round(precision, 4), "recall": round(recall, 4),
                           "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0},
        "non_contradictions": {"documented": n_other, "false_alarms": counts["false_alarms"],
                               "not_flagged_share": round(1 - counts["false_alarms"] / n_other, 4) if n_other else 1.0,
                               "matched": sum(counts[f"{v}_matched"] for v in ("compatible", "agree", "update")),
                               "matched_share": round(sum(counts[f"{v}_matched"] for v in ("compatible", "agree", "update")) / n_other, 4) if n_other else 0.0},
        "facts": rows,
        "unexpected_contradictions": [{"about": f.about, "explanation": f.explanation}
                                      for f in ours if f.id not in matched_contradictions],
        "missed_contradictions": [r["about"] for r in rows if r["outcome"] == "missed"],
    }


def run(corpus: str | Path = "demo/corpus", truth_dir: str | Path = "demo/truth", db: str | None = None) -> dict[str, Any]:
    """Ingest the corpus into a temporary store (or use ``db``) and evaluate its briefs."""
    from newsprism import pipeline
    from newsprism.demo import outlet_folders

    truth_dir = Path(truth_dir)
    truth = json.loads((truth_dir / "truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(db or str(Path(tmp) / "verdicts.db")) as store:
            if db is None:
                for folder, outlet in outlet_folders(Path(corpus), truth_dir / "sources.json"):
                    pipeline.ingest_files(store, [folder], source=outlet)
                pipeline.analyse_pending(store)
                pipeline.assign_pending(store)
            result = evaluate_store(store, truth)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def render(result: dict[str, Any]) -> str:
    c, n = result["contradictions"], result["non_contradictions"]
    lines = [
        "Verdicts against the documented truth",
        f"  contradictions: {c['flagged']}/{c['documented']} documented ones flagged (recall {c['recall']:.2f}); "
        f"{c['ours']} flagged in all, precision {c['precision']:.2f}, F1 {c['f1']:.2f}",
        f"  agreements/compatible/updates: {n['documented']} documented, {n['false_alarms']} wrongly flagged as "
        f"contradictions ({n['not_flagged_share']:.0%} kept clear), {n['matched']} lined up with the right verdict "
        f"({n['matched_share']:.0%})",
    ]
    for r in result["facts"]:
        lines.append(f"    {r['story']:<32} {r['about'][:28]:<28} truth {r['truth']:<11} -> {r['outcome']}")
    for u in result["unexpected_contradictions"]:
        lines.append(f"  unexpected contradiction: {u['about'][:60]}: {u['explanation'][:100]}")
    return "\n".join(lines)
