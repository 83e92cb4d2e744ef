"""Events: what a date or a number belongs to ("robbed ... on Tuesday" -> "rob").

Comparison lines up two outlets' dates or counts only when they can be about the same
happening; the parse gives each a governing verb or event noun, and a small table of
synonyms says which name the same kind of happening.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from newsprism.records import Sentence, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Verbs and event nouns that name the same kind of happening, so that "killed 12" and
# "12 died" line up while "reopened on Friday" and "struck on Thursday" do not.
EVENT_SYNONYMS: list[set[str]] = [
    {"kill", "die", "dead", "death", "perish", "claim", "lose"},
    {"injure", "wound", "hurt"},
    {"strike", "hit", "rock", "jolt", "shake", "quake", "earthquake", "tremor"},
    {"meet", "hold", "gather", "convene", "meeting", "talk", "host"},
    {"leave", "flee", "move", "evacuate", "displace", "abandon", "relocate"},
    {"rob", "raid", "steal", "robbery", "take", "loot"},
    {"start", "begin", "launch", "open", "kick"},
    {"end", "conclude", "finish", "close", "stop"},
    {"vote", "elect", "election", "ballot", "win", "take", "gain", "secure", "capture"},
    {"arrest", "detain", "hold", "seize"},
    {"collapse", "burst", "give", "fail", "break"},
    {"flood", "burst", "overflow", "inundate", "submerge", "rain", "storm"},
    {"rescue", "save", "evacuate", "pull"},
]
EVENT_NOUNS = {"meeting", "talk", "attack", "offensive", "strike", "earthquake", "quake", "fire", "vote",
               "election", "collapse", "robbery", "raid", "protest", "explosion", "visit", "summit", "flood",
               "storm", "crash", "ceasefire", "rally", "shooting", "killing", "murder", "slaying", "stabbing",
               "homicide", "bombing", "standoff", "ambush", "incident", "rampage"}
# A noun and the verb of the same happening: "the meeting" = "met", "the shooting" = "shot".
_NOMINALISATIONS = {
    "meeting": "meet", "talks": "talk", "shooting": "shoot", "killing": "kill", "slaying": "kill",
    "murder": "kill", "homicide": "kill", "death": "die", "robbery": "rob", "election": "vote",
    "explosion": "explode", "bombing": "bomb", "stabbing": "stab", "arrest": "arrest", "attack": "attack",
    "quake": "quake", "earthquake": "quake", "tremor": "quake", "gunfire": "shoot", "rampage": "shoot",
    "ambush": "attack", "crash": "crash", "collapse": "collapse", "protest": "protest", "flood": "flood",
}
# Kinds of happening a news report names with several words: the verbs of one violent
# incident (shot, killed, wounded, "the shooting") are one happening, not five.
EVENT_CLASSES: dict[str, set[str]] = {
    "harm": {"shoot", "kill", "die", "wound", "injure", "hurt", "murder", "slay", "stab", "attack", "gun",
             "ambush"},
    "meeting": {"meet", "hold", "gather", "convene", "talk", "host", "attend"},
}
# Verbs whose date is when something was said, not when the story's event happened.
SPEECH_EVENTS = {"say", "tell", "announce", "report", "confirm", "add", "state", "explain", "note", "write",
                 "post", "tweet", "release", "identify", "name", "update", "publish", "comment", "speak",
                 "describe", "ask", "call"}
# Verbs that only say that their subject happened: the subject is the event ("the
# meeting took place", "the shooting happened", "a rally was held").
_LIGHT_VERBS = {"happen", "occur", "take", "unfold", "erupt", "hold", "come", "begin", "start", "end"}


def governing_event(doc: "Doc", start: int, end: int) -> str | None:
    """The lemma of what a date or number belongs to, found by walking up the dependency
    tree: "robbed a bank on Tuesday" -> "rob"; "killing 12 people" -> "kill";
    "a turnout of about 61 percent" -> "turnout"; "Turnout was 61.4 percent" -> "turnout"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    # "Tuesday's floods", "Sunday's election": the date names the thing it is attached to
    if token.dep_ == "poss" and token.head.pos_ in {"NOUN", "PROPN"}:
        return token.head.lemma_.lower()
    # step out of the number phrase to the thing counted ("12" -> "people")
    if token.dep_ in {"nummod", "quantmod", "compound", "nmod", "amod"} and token.head.pos_ in {"NOUN", "PROPN"}:
        token = token.head
    for _ in range(6):
        head = token.head
        if head is token:
            return None
        if head.pos_ == "ADP" and head.lower_ in {"of", "de", "di", "van"} and head.head.pos_ == "NOUN":
            return head.head.lemma_.lower()
        if head.pos_ == "VERB":
            if head.lemma_.lower() in _LIGHT_VERBS:
                subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ == "NOUN"), None)
                if subject is not None and (subject.lemma_.lower() in EVENT_NOUNS or subject.lower_ in EVENT_NOUNS):
                    return subject.lemma_.lower()
            return head.lemma_.lower()
        if head.pos_ == "AUX" or head.lemma_ == "be":
            subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"} and c is not token
                            and c not in span), None)
            return subject.lemma_.lower() if subject is not None else None
        if head.pos_ == "NOUN" and head.lemma_.lower() in EVENT_NOUNS:
            return head.lemma_.lower()
        token = head
    return None


def base_event(lemma: str) -> str:
    """The verb of an event word: "meeting" -> "meet", "shooting" -> "shoot"."""
    lemma = lemma.lower()
    if lemma in _NOMINALISATIONS:
        return _NOMINALISATIONS[lemma]
    if lemma.endswith("ing") and len(lemma) > 6:
        stem = lemma[:-3]
        return stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls" else stem
    return lemma


def event_class(lemma: str | None) -> str | None:
    """The kind of happening an event word names, for lining up one event across outlets
    ("met", "the meeting", "was held" -> "meeting"; "shot", "killed" -> "shooting");
    other events keep their verb. None for speech ("said Friday") and unknown events."""
    if lemma is None:
        return None
    base = base_event(lemma)
    if base in SPEECH_EVENTS:
        return None
    for name, verbs in EVENT_CLASSES.items():
        if base in verbs:
            return name
    for synonyms in EVENT_SYNONYMS:
        if base in synonyms:
            return min(synonyms)  # one name for the group ("struck", "shook", "rocked")
    return base


def same_event(a: str, b: str) -> bool:
    """Whether two event lemmas name the same kind of happening."""
    if a == b:
        return True
    a, b = base_event(a), base_event(b)
    return a == b or any(a in s and b in s for s in EVENT_SYNONYMS)


def _stems(lemma: str) -> set[str]:
    forms = {lemma} | next((s for s in EVENT_SYNONYMS if lemma in s), set())
    return {f[:max(3, len(f) - 1)] for f in forms}


def _same_happening(date_: TimeExpression, relative: TimeExpression) -> bool:
    """Whether a date in the sentence of "N days before/after X" dates the same thing:
    both hang on one verb, or the date comes first and the relative phrase elaborates on
    it ("on Friday, two days before the vote"; "on Wednesday, ..., two days after the
    quake"). A date after it belongs to another clause ("... two days before X,
    Politico said in a report published on Wednesday")."""
    if date_.event is not None and date_.event == relative.event:
        return True
    return date_.end <= relative.start


def anchor_relative_times(times: list[TimeExpression], text: str, sentences: list[Sentence]) -> None:
    """Give "N days before/after X" a date where the article allows (in place):
    the date its own sentence names ("detained on Friday, two days before the vote"), else
    X's date when the article dates X elsewhere ("two days after an earthquake" and "the
    earthquake struck on Monday")."""
    for t in times:
        if t.kind != "relative" or t.value is not None or t.offset_days is None:
            continue
        same_sentence = [o for o in times if o is not t and o.sentence == t.sentence and o.kind == "date"
                         and o.granularity == "day" and o.value and _same_happening(o, t)]
        if same_sentence:
            t.value, t.granularity, t.anchor = same_sentence[0].value, "day", "sentence"
            continue
        if not t.relative_to:
            continue
        words = re.findall(r"[^\W\d_]+", t.relative_to.casefold())
        for o in times:
            if o.kind != "date" or o.granularity != "day" or not o.value or not o.event:
                continue
            if any(w.startswith(stem) for w in words for stem in _stems(o.event)):
                anchored = date.fromisoformat(o.value[:10]) + timedelta(days=t.offset_days)
                t.value, t.granularity, t.anchor = anchored.isoformat(), "day", "event"
                break
