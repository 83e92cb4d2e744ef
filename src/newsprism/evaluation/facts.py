"""Fact comparison on real coverage: briefs scored against structured incident truth.

The gold is the gva-dev layout (../shared/data/gva-dev): ``articles.jsonl`` (title,
text, url, source, date, incident_id, article_key) and ``gold.json`` with each
incident's truth (date, state, city, number killed and injured) and, per article,
whether it states the gold counts (``killed_stated``, ``injured_stated``).

The articles go through the real job into a temporary store (ingest of the JSONL file,
analysis, online story assignment), the brief of every story is built, and then:

- stories: BCubed P/R/F1 of the story grouping with incidents as gold stories;
- per incident, the brief of its largest story (the story holding most of its
  articles) is read as a user would: its main "dead" and "injured" facts (the count
  facts with those labels that most outlets report), its main place fact and its main
  date fact. Counts are scored where at least one article states the gold value: "any
  outlet" when some outlet's claim in the fact is the gold number, "majority" when the
  value most outlets give is. The place holds when its value is the gold city (or one
  of its alternative names, or its county when the gold records a county); the date
  when the main date fact's value is the incident day;
- contradictions: every contradiction the briefs flag on counts and dates, listed for
  reading; a count contradiction is false when every article in its conflicting pairs
  states the gold value, a date contradiction is false when one side of the conflict
  gives the incident day for a fact about that incident.

Beside it, in the same run, a regular-expression baseline reads every article of an
incident's largest story (the same articles the brief reads): the first
"N killed"/"N injured" pattern, a dateline, "in City, ST" or "in City" for the place, and
the publication date for the event day; the value most articles give is its answer.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsprism.evaluation.metrics import bcubed
from newsprism.records import Brief, Fact

__all__ = ["main_fact", "run", "render", "regex_reading", "place_matches"]


# ------------------------------------------------------------------ reading a brief


def _consensus(fact: Fact) -> str | None:
    """The value the brief's event summary shows for ``fact``."""
    from newsprism.render.brief import consensus

    return consensus(fact)[0] if fact.claims else None


def main_fact(brief: Brief, type_: str, label: str | None = None) -> Fact | None:
    """The fact of a type (and label) that most outlets report: what a reader takes as
    the brief's answer."""
    candidates = [f for f in brief.facts if f.type == type_ and (label is None or f.about == label)]
    if any(f.main for f in candidates):
        candidates = [f for f in candidates if f.main]  # the brief names its main event's facts
    if not candidates:
        return None
    return max(candidates, key=lambda f: (len(f.outlets), len(f.claims), -brief.facts.index(f)))


_PLACE_ABBREVIATIONS = [(r"\bmt\b\.?", "mount"), (r"\bst\b\.?", "saint"), (r"\bft\b\.?", "fort"),
                        (r"\bpt\b\.?", "point")]
_PLACE_NOISE = re.compile(r"\b(?:city of|town of|village of|township|borough|city|town|village)\b")


def _place_key(name: str) -> str:
    from unidecode import unidecode

    key = unidecode(name).casefold()
    for pattern, replacement in _PLACE_ABBREVIATIONS:
        key = re.sub(pattern, replacement, key)
    key = _PLACE_NOISE.sub(" ", key)
    key = re.sub(r"[^a-z0-9 ]", " ", key)
    return " ".join(key.split())


def place_matches(value: str | None, incident: Mapping[str, Any]) -> bool:
    """Whether a place value names the incident's city (or an alternative name of it,
    or the county the gold records)."""
    if not value:
        return False
    names = [incident["city"], *incident.get("city_alternatives", [])]
    raw = incident.get("city_or_county") or ""
    if "(county)" in raw:
        county = raw.replace("(county)", "").strip()
        names.append(county if county.lower().endswith(" county") else county + " County")
    wanted = {_place_key(n) for n in names if n}
    # a value may carry its containing levels ("Hawthorne, California")
    first = _place_key(value.split(",")[0])
    return first in wanted or _place_key(value) in wanted


# ------------------------------------------------------------------ the regex baseline

_NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUM = r"(\d+|" + "|".join(_NUM_WORDS) + r")"
_DEAD = re.compile(_NUM + r"\s+(?:[a-z]+\s+){0,3}?(?:killed|dead|died|slain)\b", re.I)
_INJURED = re.compile(_NUM + r"\s+(?:[a-z]+\s+){0,3}?(?:injured|wounded|hurt)\b", re.I)
_STATES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
           "Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|"
           "Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
           "North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
           "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming")
_DATELINE = re.compile(r"\b([A-Z][A-Z.' ]{2,30}[A-Z.]),?\s*(?:[A-Z][A-Za-z.]{1,14}\s*)?(?:\([^)]*\)\s*)?[—–-]{1,2}\s")
_IN_CITY = re.compile(r"\bin ([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),? (?:[A-Z]{2}\b|[A-Z][a-z]{1,4}\.|" + _STATES + ")")
_IN_NAME = re.compile(r"\bin ([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUM_WORDS[text.lower()]


def regex_reading(row: Mapping[str, Any]) -> dict[str, Any]:
    """What a plain regular expression reads from one article: first "N killed" and
    "N injured", the dateline or first "in City, ST" place, and the publication day."""
    text = f"{row.get('title') or ''}\n{row.get('text') or ''}"
    dead, injured = _DEAD.search(text), _INJURED.search(text)
    body = (row.get("text") or "").lstrip()
    place = _DATELINE.search(body[:400]) or _IN_CITY.search(text) or _IN_NAME.search(text)
    return {"dead": _number(dead.group(1)) if dead else None,
            "injured": _number(injured.group(1)) if injured else None,
            "place": place.group(1).strip().title() if place else None,
            "date": (row.get("date") or "")[:10] or None}


def _vote(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


# ------------------------------------------------------------------ the run


def load(folder: str | Path, limit: int | None = None) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The articles (in publication order) and the incidents by id; with ``limit``, only
    the first ``limit`` incidents of gold.json and their articles."""
    folder = Path(folder)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    chosen = gold["incidents"][:limit] if limit else gold["incidents"]
    incidents = {i["incident_id"]: i for i in chosen}
    with open(folder / "articles.jsonl", encoding="utf-8") as handle:
        rows = [r for r in (json.loads(line) for line in handle if line.strip()) if r["incident_id"] in incidents]
    return rows, incidents


def run(folder: str | Path, *, db: str | Path | None = None, limit: int | None = None, progress: Any = None,
        config: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ingest the incident articles into a store (temporary unless ``db`` names one to
    keep and re-use), build every story's brief and score it against the truth. With
    ``limit``, only the first ``limit`` incidents of the gold."""
    from newsprism import pipeline
    from newsprism.config import load_config
    from newsprism.pipeline import story_brief
    from newsprism.store import Store

    folder = Path(folder)
    cfg = config or load_config()
    rows, incidents = load(folder, limit)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsprism-eval-") as tmp:
        source = folder / "articles.jsonl"
        if limit:
            source = Path(tmp) / "articles.jsonl"
            source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        store = Store.open(str(db) if db else str(Path(tmp) / "eval.db"))
        try:
            pipeline.run(store, [source], progress=progress or (lambda *a: None), config=cfg)
            ingest_seconds = time.perf_counter() - started
            key_of = {a.id: a.extra.get("article_key") for a in store.iter_articles()}
            assignments = {key_of[a]: s for a, s in store.story_assignments().items() if key_of.get(a)}
            briefs: dict[str, Brief] = {}
            t0 = time.perf_counter()
            for story in sorted(set(assignments.values())):
                briefs[story] = story_brief(store, story, config=cfg)
            brief_seconds = time.perf_counter() - t0
        finally:
            store.close()
    result = score(rows, incidents, assignments, briefs, key_of)
    result.update({"gold": str(folder), "articles": len(rows), "stored": len(assignments), "limit": limit,
                   "ingest_seconds": round(ingest_seconds, 1), "briefs": len(briefs),
                   "brief_seconds_each": round(brief_seconds / max(len(briefs), 1), 3)})
    return result


def score(rows: Sequence[Mapping[str, Any]], incidents: Mapping[str, Mapping[str, Any]],
          assignments: Mapping[str, str], briefs: Mapping[str, Brief],
          key_of: Mapping[str, str]) -> dict[str, Any]:
    """Figures of briefs (story id -> Brief) for stories made of articles (article_key ->
    story id) against the incident truth, beside the regex baseline; ``key_of`` maps the
    store's article ids to the gold article keys."""
    row_by_key = {r["article_key"]: r for r in rows}
    gold_story = {r["article_key"]: r["incident_id"] for r in rows if r["article_key"] in assignments}
    stories = bcubed(gold_story, dict(assignments))
    ours: dict[str, list[bool]] = defaultdict(list)
    base: dict[str, list[bool]] = defaultdict(list)
    per_incident = []
    article_gold = {a["article_key"]: a for i in incidents.values() for a in i["articles"]}
    members: dict[str, list[str]] = defaultdict(list)
    for key, story in assignments.items():
        members[story].append(key)
    for incident_id, incident in incidents.items():
        keys = [a["article_key"] for a in incident["articles"]]
        story_counts = Counter(assignments[k] for k in keys if k in assignments)
        story = story_counts.most_common(1)[0][0] if story_counts else None
        brief = briefs.get(story) if story else None
        readings = [regex_reading(row_by_key[k]) for k in members.get(story, ())]
        record: dict[str, Any] = {"incident": incident_id, "story": brief.story_id if brief else None}
        for label, gold_field, stated_field in (("dead", "killed", "killed_stated"),
                                                ("injured", "injured", "injured_stated")):
            if not any(a[stated_field] for a in incident["articles"]):
                continue
            truth = incident[gold_field]
            fact = main_fact(brief, "count", label) if brief else None
            values = {c.value for c in fact.claims} if fact else set()
            ours[f"{label}_any"].append(str(truth) in values)
            ours[f"{label}_majority"].append(fact is not None and _consensus(fact) == str(truth))
            base[f"{label}_any"].append(truth in {r[label] for r in readings})
            base[f"{label}_majority"].append(_vote(r[label] for r in readings) == truth)
            record[label] = {"gold": truth, "ours": _consensus(fact) if fact else None,
                             "baseline": _vote(r[label] for r in readings)}
        place = main_fact(brief, "place") if brief else None
        ours["place"].append(place_matches(_consensus(place) if place else None, incident))
        base["place"].append(place_matches(_vote(r["place"] for r in readings), incident))
        date_fact = main_fact(brief, "date") if brief else None
        ours["date"].append(date_fact is not None and (_consensus(date_fact) or "")[:10] == incident["date"])
        base["date"].append(_vote(r["date"] for r in readings) == incident["date"])
        record.update({"place": {"gold": incident["city"], "ours": _consensus(place) if place else None},
                       "date": {"gold": incident["date"], "ours": _consensus(date_fact) if date_fact else None}})
        per_incident.append(record)
    contradictions = _contradictions(briefs, key_of, gold_story, incidents, article_gold)
    n_incidents = len(incidents)
    false_counts = sum(1 for c in contradictions if c["type"] == "count" and c["false"])
    false_dates = {c["incident"] for c in contradictions if c["type"] == "date" and c["false"]}

    def rate(values: list[bool]) -> dict[str, Any]:
        return {"share": round(sum(values) / len(values), 4) if values else None, "n": len(values)}

    return {
        "stories": {**stories, "gold_stories": len(set(gold_story.values())),
                    "predicted_stories": len(set(assignments.values()))},
        "ours": {k: rate(v) for k, v in sorted(ours.items())},
        "baseline": {k: rate(v) for k, v in sorted(base.items())},
        "contradictions": {"listed": len(contradictions), "false_counts": false_counts,
                           "false_dates_incidents": len(false_dates),
                           "false_dates_share": round(len(false_dates) / max(n_incidents, 1), 4),
                           "items": contradictions},
        "incidents": per_incident,
    }


def _contradictions(briefs: Mapping[str, Brief], key_of: Mapping[str, str], gold_story: Mapping[str, str],
                    incidents: Mapping[str, Mapping[str, Any]],
                    article_gold: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every contradiction the briefs flag on counts and dates, each judged where the
    truth allows: false when the articles in conflict all state the gold value."""
    out = []
    for brief in briefs.values():
        for fact in brief.facts:
            if fact.verdict != "contradict" or fact.type not in {"count", "date"}:
                continue
            sides = {i for pair in fact.conflicts for i in pair}
            keys = [key_of.get(fact.claims[i].article_id) for i in sides]
            incident_ids = Counter(gold_story.get(k) for k in keys if k)
            incident_id = incident_ids.most_common(1)[0][0] if incident_ids else None
            incident = incidents.get(incident_id) if incident_id else None
            judged_false = None
            if incident is not None and fact.type == "count" and fact.about in {"dead", "injured"}:
                stated = "killed_stated" if fact.about == "dead" else "injured_stated"
                judged_false = all(article_gold.get(k, {}).get(stated) for k in keys)
            elif incident is not None and fact.type == "date":
                judged_false = any(fact.claims[i].value[:10] == incident["date"] for i in sides) and \
                    all(gold_story.get(k) == incident_id for k in keys)
            out.append({"story": brief.story_id, "incident": incident_id, "type": fact.type,
                        "about": fact.about, "explanation": fact.explanation, "false": bool(judged_false),
                        "judged": judged_false is not None,
                        "claims": [{"outlet": fact.claims[i].outlet, "text": fact.claims[i].text,
                                    "value": fact.claims[i].value,
                                    "sentence": " ".join(fact.claims[i].sentence.split())[:300]}
                                   for i in sorted(sides)]})
    return out


# ------------------------------------------------------------------ rendering

_ROWS = [("dead_any", "death toll, where stated (any outlet)"),
         ("dead_majority", "death toll, where stated (majority)"),
         ("injured_any", "injured, where stated (any outlet)"),
         ("injured_majority", "injured, where stated (majority)"),
         ("place", "place = the incident's city"),
         ("date", "main date fact = the incident day")]


def render(result: Mapping[str, Any], *, show_contradictions: bool = True) -> str:
    s = result["stories"]
    lines = [f"Fact comparison on {result['gold']} ({result['articles']} articles, "
             f"{len(result['incidents'])} incidents; {result['briefs']} briefs)", "",
             f"stories: BCubed P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
             f"({s['predicted_stories']} stories for {s['gold_stories']} incidents)", "",
             f"{'what the brief gets right':<42} {'newsprism':>10} {'regex*':>8} {'n':>5}"]
    for key, label in _ROWS:
        ours, base = result["ours"].get(key), result["baseline"].get(key)
        if not ours:
            continue
        lines.append(f"{label:<42} {ours['share']:>10.3f} {base['share']:>8.3f} {ours['n']:>5}")
    c = result["contradictions"]
    lines += ["", f"contradictions flagged: {c['listed']}; false on counts: {c['false_counts']}; "
                  f"false on dates: {c['false_dates_incidents']} incidents ({100 * c['false_dates_share']:.1f}%)",
              "", "* regex baseline on the same story's articles: first 'N killed' / 'N injured', "
                  "dateline or 'in City, ST', the value most articles give; date = publication day.",
              f"ingest with analysis and stories: {result['ingest_seconds']} s; "
              f"a brief: {result['brief_seconds_each']} s"]
    if show_contradictions and c["items"]:
        lines += ["", "Contradictions (for reading):"]
        for item in c["items"]:
            verdict = "FALSE" if item["false"] else ("unjudged" if not item["judged"] else "real?")
            lines.append(f"- [{verdict}] incident {item['incident']} story {item['story']} "
                         f"{item['type']} '{item['about']}': {item['explanation']}")
            for claim in item["claims"]:
                lines.append(f"    {claim['outlet']}: {claim['value']} <- {claim['sentence']}")
    return "\n".join(lines)
