"""Cross-document entity resolution against gold coreference (MEANTIME, ECB+).

Gold named mentions of people, organisations and places, with their gold instance ids,
are fed as plain strings to :func:`newsprism.compare.entities.resolve_entities`
(``scope="store"``); the figure is pairwise precision/recall/F1 of the mention pairs it
puts together against the pairs that share an instance id. A trivial baseline (mentions
with the same casefolded text are one entity) is computed in the same run, so the gain
over string identity is visible.

Units (each resolved on its own, pairs never cross units):
- MEANTIME: one unit per corpus part (airbus, apple, gm, stock), the four languages
  (en, es, it, nl) mixed: instance ids are shared across the translations, so the task
  is cross-document and cross-lingual. Each document is its own story (translations of
  one document share it).
- ECB+: one unit per topic, which is also the story. Only the sentences listed in
  ECBplus_coreference_sentences.csv are used, as the corpus README recommends.

Which gold mentions count as *named* (what a tagger would give the resolver):
- MEANTIME: mentions whose head is a proper noun (``mention_head_pos == "PROPN"``) with a
  capitalised head token that is not a title or role ("Apple CEO", "CEO de Apple"). The
  mention is cut down to the run of capitalised tokens around its head (name connectors such as "of", "de", "&" allowed inside), because the gold
  span often carries a description ("European aerospace contractor EADS" -> "EADS").
- ECB+: after dropping a leading determiner, every token is capitalised or a name
  connector, first and last capitalised; not a pronoun; and not a common word that is
  only capitalised by position (a single word that also occurs in lower case in the
  topic's documents, outside the URL line: "Police" / "police").
"""

from __future__ import annotations

import csv
import json
import re
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from unidecode import unidecode

from newsprism.compare.entities import TITLES, MentionRef, resolve_entities
from newsprism.evaluation.metrics import bcubed, pairwise_from_groups
from newsprism.records import EntityMention

MEANTIME_LANGUAGES = ("en", "es", "it", "nl")
MEANTIME_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
ECBPLUS_LABELS = {"HUMAN_PART_PER": "PERSON", "HUMAN_PART_ORG": "ORG", "HUMAN_PART_GPE": "GPE",
                  "LOC_GEO": "GPE", "LOC_FAC": "LOC", "LOC_OTHER": "LOC"}

# Lower-case words allowed inside a name ("Bank of America", "Procter & Gamble", "Banco de España").
NAME_CONNECTORS = {"of", "and", "&", "de", "del", "der", "den", "van", "von", "la", "le", "di", "da",
                   "della", "y", "e", "for", "the", "-", "'s", "el", "du", "des", "do", "dos"}
DETERMINERS = {"the", "a", "an", "el", "la", "los", "las", "il", "lo", "gli", "i", "de", "het", "een"}
PRONOUNS = {"i", "he", "she", "we", "they", "it", "you", "his", "her", "hers", "their", "theirs",
            "our", "my", "its", "him", "them", "us", "me", "this", "that", "these", "those", "who"}


# Role words ("CEO", "President"), without words that also start names ("General Motors").
_TITLE_WORDS = {w for t in TITLES for w in t.split()} - {"of", "de", "state", "general", "special",
                                                         "on", "m", "st", "saint", "king", "queen"}


@dataclass
class _GoldMention:
    item: tuple            # unique id of the mention
    instance: str          # gold entity id
    text: str              # the name as a tagger would give it
    label: str             # PERSON / ORG / GPE / LOC
    article_id: str
    language: str
    story: str


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or (token[:1].isdigit() and len(token) > 1 and any(c.isupper() for c in token))


# --------------------------------------------------------------------------- MEANTIME


def _meantime_name(mention: dict) -> str | None:
    """The capitalised run of tokens around the head, or None for a non-named mention."""
    if mention.get("mention_head_pos") != "PROPN":
        return None
    tokens = mention["tokens_str"].split(" ")
    numbers = mention["tokens_number"]
    if len(tokens) != len(numbers) or mention["mention_head_id"] not in numbers:
        return None
    head = numbers.index(mention["mention_head_id"])
    if not _capitalised(tokens[head]):
        return None
    # "Apple CEO", "CEO de Apple": a role, not a name, even when tagged as a proper noun.
    if _TITLE_WORDS and unidecode(tokens[head]).casefold().strip(".") in _TITLE_WORDS:
        return None

    def inside(i: int) -> bool:
        return _capitalised(tokens[i]) or tokens[i].casefold() in NAME_CONNECTORS

    start = end = head
    while start > 0 and inside(start - 1) and numbers[start - 1] == numbers[start] - 1:
        start -= 1
    while end + 1 < len(tokens) and inside(end + 1) and numbers[end + 1] == numbers[end] + 1:
        end += 1
    while start < head and not _capitalised(tokens[start]):
        start += 1
    while end > head and not _capitalised(tokens[end]):
        end -= 1
    return " ".join(tokens[start:end + 1])


def _meantime_units(data_dir: Path) -> dict[str, list[_GoldMention]]:
    units: dict[str, list[_GoldMention]] = defaultdict(list)
    for language in MEANTIME_LANGUAGES:
        path = data_dir / "meantime" / language / "entities_mentions.json"
        if not path.is_file():
            continue
        for m in json.loads(path.read_text(encoding="utf-8")):
            label = MEANTIME_LABELS.get(m.get("mention_type"))
            name = _meantime_name(m) if label else None
            if not name:
                continue
            instance = re.sub(r"^cross_(?:intra_)?", "", m["coref_chain"])
            units[m["topic"]].append(_GoldMention(
                item=("meantime", language, m["mention_id"]), instance=instance, text=name,
                label=label, article_id=f"{language}:{m['doc_id']}", language=language,
                story=m["doc_id"]))
    return dict(units)


# --------------------------------------------------------------------------- ECB+


def _selected_sentences(data_dir: Path) -> dict[str, set[int]] | None:
    path = data_dir / "ecbplus" / "ECBplus_coreference_sentences.csv"
    if not path.is_file():
        return None
    selected: dict[str, set[int]] = defaultdict(set)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            selected[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return selected


def _ecbplus_is_named(tokens: list[str], lowercase_words: set[str]) -> str | None:
    words = list(tokens)
    while words and words[0].casefold() in DETERMINERS:
        words = words[1:]
    if not words or not _capitalised(words[0]) or not _capitalised(words[-1]):
        return None
    if any(not _capitalised(w) and w.casefold() not in NAME_CONNECTORS for w in words):
        return None
    if len(words) == 1 and words[0].casefold() in PRONOUNS:
        return None
    # One capitalised word that the topic also uses in lower case is a common noun
    # ("Police", "Witnesses"); longer capitalised sequences are taken as names.
    if len(words) == 1 and words[0].casefold() in lowercase_words:
        return None
    return " ".join(words)


def _ecbplus_tokens(root: ET.Element) -> dict[str, tuple[str, int, int]]:
    return {t.get("t_id"): (t.text or "", int(t.get("sentence")), int(t.get("number")))
            for t in root.iter("token")}


def _ecbplus_document(path: Path, root: ET.Element, selected: set[int] | None, topic: str,
                      lowercase_words: set[str]) -> list[_GoldMention]:
    tokens = _ecbplus_tokens(root)

    instance_of: dict[str, str] = {}
    for relation in root.iter("CROSS_DOC_COREF"):
        for source in relation.iter("source"):
            instance_of[source.get("m_id")] = relation.get("note")
    doc = path.stem
    for relation in root.iter("INTRA_DOC_COREF"):
        for source in relation.iter("source"):
            instance_of.setdefault(source.get("m_id"), f"{doc}:intra:{relation.get('r_id')}")

    story = topic
    out = []
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        label = ECBPLUS_LABELS.get(m.tag)
        anchors = [a.get("t_id") for a in m.iter("token_anchor")]
        if not label or not anchors or any(a not in tokens for a in anchors):
            continue
        spans = sorted((tokens[a] for a in anchors), key=lambda t: (t[1], t[2]))
        if selected is not None and spans[0][1] not in selected:
            continue
        name = _ecbplus_is_named([w for w, _, _ in spans], lowercase_words)
        if not name:
            continue
        m_id = m.get("m_id")
        out.append(_GoldMention(
            item=("ecbplus", doc, m_id), instance=instance_of.get(m_id, f"{doc}:single:{m_id}"),
            text=name, label=label, article_id=doc, language="en", story=story))
    return out


def _ecbplus_units(data_dir: Path, limit: int | None) -> dict[str, list[_GoldMention]]:
    root = data_dir / "ecbplus"
    if not root.is_dir():
        return {}
    selected = _selected_sentences(data_dir)
    topics = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: (len(p.name), p.name))
    if limit is not None:
        topics = topics[:limit]
    units = {}
    for topic_dir in topics:
        documents = {path: ET.parse(path).getroot() for path in sorted(topic_dir.glob("*.xml"))}
        # Words seen in lower case anywhere in the topic: "Authorities" starting a sentence
        # is not a name when "authorities" occurs elsewhere.
        # Sentence 0 of ECB+ documents is often the page URL ("...-lohan-rehab-..."): skipped.
        lowercase_words = {w for root in documents.values()
                           for w, sentence, _ in _ecbplus_tokens(root).values()
                           if w[:1].islower() and sentence > 0}
        mentions = []
        for path, root in documents.items():
            if selected is None or path.stem in selected:
                mentions.extend(_ecbplus_document(path, root, selected[path.stem] if selected else None,
                                                  topic_dir.name, lowercase_words))
        if mentions:
            units[topic_dir.name] = mentions
    return units


# --------------------------------------------------------------------------- scoring


def _resolver_groups(mentions: list[_GoldMention]) -> list[set]:
    refs, item_at = [], {}
    for n, g in enumerate(mentions):
        # Offsets only need to be unique per article to map entities back to gold items.
        refs.append(MentionRef(article_id=g.article_id, source=None, language=g.language, story=g.story,
                               mention=EntityMention(start=n, end=n + len(g.text), text=g.text,
                                                     label=g.label, sentence=0, key="",
                                                     extractor="gold")))
        item_at[(g.article_id, n)] = g.item
    return [{item_at[(a, s)] for a, s, _ in e.mentions} for e in resolve_entities(refs, scope="store")]


def _exact_groups(mentions: list[_GoldMention]) -> list[set]:
    groups: dict[str, set] = defaultdict(set)
    for g in mentions:
        groups[g.text.casefold()].add(g.item)
    return list(groups.values())


def _score(units: dict[str, list[_GoldMention]], group_fn) -> dict[str, float]:
    """Pairwise and BCubed over all units (pairs and items never cross units)."""
    gold_groups, pred_groups = [], []
    gold_map, pred_map = {}, {}
    for unit, mentions in units.items():
        gold: dict[str, set] = defaultdict(set)
        for g in mentions:
            gold[g.instance].add(g.item)
            gold_map[g.item] = (unit, g.instance)
        gold_groups.extend(gold.values())
        for i, group in enumerate(group_fn(mentions)):
            pred_groups.append(group)
            for item in group:
                pred_map[item] = (unit, i)
    scores = pairwise_from_groups(gold_groups, pred_groups)
    b3 = bcubed(gold_map, pred_map)
    return {**scores, "bcubed_f1": b3["f1"], "entities": len(pred_groups)}


def _evaluate(units: dict[str, list[_GoldMention]]) -> dict:
    started = time.perf_counter()
    resolver = _score(units, _resolver_groups)
    seconds = time.perf_counter() - started
    return {
        "units": len(units),
        "mentions": sum(len(m) for m in units.values()),
        "gold_entities": len({(u, g.instance) for u, ms in units.items() for g in ms}),
        "resolver": resolver,
        "exact_match": _score(units, _exact_groups),
        "seconds": round(seconds, 2),
    }


def run(data_dir: str | Path, corpora: Iterable[str] = ("meantime", "ecbplus"),
        limit: int | None = None) -> dict:
    """Evaluate entity resolution on the gold corpora found under ``data_dir``.

    ``limit`` caps the number of ECB+ topics (for a quick look). Corpora whose files are
    missing are reported as ``{"missing": path}`` rather than failing the run.
    """
    data_dir = Path(data_dir)
    result: dict = {}
    for corpus in corpora:
        if corpus == "meantime":
            units = _meantime_units(data_dir)
        elif corpus == "ecbplus":
            units = _ecbplus_units(data_dir, limit)
        else:
            raise ValueError(f"unknown corpus {corpus!r}: use 'meantime' or 'ecbplus'")
        result[corpus] = _evaluate(units) if units else {"missing": str(data_dir / corpus)}
    return result


def render(result: dict) -> str:
    """A table per corpus: resolver vs exact-match baseline, pairwise P/R/F1 and BCubed F1."""
    lines = []
    for corpus, figures in result.items():
        if "missing" in figures:
            lines.append(f"{corpus}: no data at {figures['missing']}")
            continue
        lines.append(f"{corpus}: {figures['mentions']} named mentions, {figures['gold_entities']} gold "
                     f"entities, {figures['units']} units ({figures['seconds']}s)")
        lines.append(f"  {'method':<12} {'P':>7} {'R':>7} {'F1':>7} {'B3-F1':>7} {'entities':>9}")
        for method in ("resolver", "exact_match"):
            s = figures[method]
            lines.append(f"  {method:<12} {s['precision']:>7.4f} {s['recall']:>7.4f} {s['f1']:>7.4f} "
                         f"{s['bcubed_f1']:>7.4f} {s['entities']:>9}")
    return "\n".join(lines)
