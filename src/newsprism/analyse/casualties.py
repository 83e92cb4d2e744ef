"""Casualty counts read as what they count: who was killed, injured, shot or is missing.

A number next to a casualty word is not a toll ("three daughters", "911 calls"), and a
toll often has no digit ("a man was shot and killed" is one dead). This reader walks the
dependency parse from each casualty word (a trigger) to the people it happened to (the
patient) and counts them:

- "10 people were shot and one killed": shot 10, dead 1 (never dead 10);
- "wounding two officers and three civilians": injured 5 (conjuncts are summed);
- "an infant and two women were killed": dead 3; "a man was shot and killed": dead 1;
- "left one man dead and a trooper injured": dead 1, injured 1;
- "Four people were shot, one fatally": shot 4, dead 1.

Classes: ``dead``, ``injured`` (hurt, wounded, injured), ``shot`` (hit by gunfire, fatal
or not: the dead and the injured together), ``missing``. A patient both shot and killed
counts as dead; shot and wounded, as injured. Zero counts ("no one was hurt") are not
reported: they rarely speak of the whole event.

Headlines are written in title case, which the model parses poorly; they are re-parsed
with their common words lower-cased (the same length, so offsets hold).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprism.analyse._sentences import sentence_index
from newsprism.analyse.numbers import parse_number, qualifier_before
from newsprism.analyse.places import title_case
from newsprism.records import Quantity, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

EXTRACTOR = "newsprism.casualties/1"

_DEAD_VERBS = {"kill", "slay", "murder", "execute", "assassinate", "massacre"}
_DIE = {"die", "perish"}
_HURT_VERBS = {"wound", "injure", "hurt", "maim"}
_SHOOT = {"shoot", "gun"}
_DEAD_ADJ = {"dead", "deceased", "lifeless"}
_HURT_ADJ = {"injured", "wounded", "hurt"}
_MISSING_ADJ = {"missing", "unaccounted"}
_FATAL_ADVERBS = {"fatally", "mortally", "lethally"}
_HURT_NOUNS = {"injury", "wound"}  # "suffered gunshot wounds": the sufferer is injured
# every lemma and word _trigger_kind can take (for _trigger_candidates)
_TRIGGER_LEMMAS = frozenset(_DEAD_VERBS | _DIE | _HURT_VERBS | _SHOOT | _HURT_NOUNS
                            | {"strike", "hit", "graze", "hospitalize", "death"})
_TRIGGER_LOWERS = frozenset(_DEAD_ADJ | _HURT_ADJ | _MISSING_ADJ
                            | {"killed", "slain", "murdered", "died", "wounded", "injured", "hurt", "shot", "gunned"})
_SUFFER = {"suffer", "sustain", "receive", "treat"}
# "left one man dead", "found two people dead", "two others were dead"
_HOLDING_VERBS = {"leave", "find", "pronounce", "declare", "report", "be", "lie", "remain"}

# Nouns a casualty verb can take that are not people ("shot video", "killed the engine").
_NOT_PEOPLE = set("""
shot round bullet time video footage film photo picture scene hoop basket goal game ball gun weapon
shooting spree killing arrest update attack incident fire gunfire crash rampage standoff ambush violence
rifle pistol car vehicle truck house home window door tire tyre engine light lights dog dogs cat
deer animal bear horse cow pig bird birds bill motion plan idea deal proposal chance hope way
""".split())
_ONE = {"a", "an", "another", "one", "the", "this", "that", "his", "her", "their", "its", "my", "our", "your"}
_PRONOUNS_ONE = {"he", "she", "him", "her", "himself", "herself"}
_WORD_COUNTS = {"both": 2, "twins": 2, "couple": 2}
# heads that say "some" without a number: "a number of people", "a group of teens";
# "a total of 8 people" counts what follows "of"
_SET_NOUNS = {"number", "lot", "group", "crowd", "handful", "series", "total", "string", "spate", "rash"}
_ORDINALS = {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}


@dataclass
class Casualty:
    """A count of people something happened to, with the phrase that gives it."""

    kind: str  # dead, injured, shot, missing
    value: float
    start: int  # the counted phrase: "two women", "A man", "an infant and two women"
    end: int
    number_start: int | None  # the digits or number word, when there is one
    number_end: int | None
    qualifier: str
    trigger: str  # lemma of the casualty word ("kill", "dead", "wound")
    counted: str  # lemma of the counted noun ("people", "man", "officer")
    parts: int = 1  # conjuncts summed
    how: str = "parse"  # "parse": from the dependency tree; "surface": a count written next to its word

    @property
    def implicit(self) -> bool:
        return self.number_start is None


def read_casualties(doc: "Doc", nlp: "Language | None" = None, headline_end: int = 0,
                    text: str | None = None) -> list[Casualty]:
    """Casualty counts of an English ``doc``. With ``nlp`` and ``headline_end`` (where the
    headline ends in ``doc.text``), a title-case headline is re-parsed in sentence case
    and read from that parse instead. ``text`` is ``doc.text`` when the caller has it
    (spaCy builds ``doc.text`` from the tokens on every access)."""
    text = doc.text if text is None else text
    found: list[Casualty] = []
    skip_until = 0
    if nlp is not None and headline_end > 0 and title_case(text[:headline_end]):
        headline = nlp(_sentence_case(text[:headline_end]))
        found.extend(_read(headline, headline.text))
        skip_until = headline_end
    found.extend(c for c in _read(doc, text) if c.start >= skip_until)
    return found


def _read(doc: "Doc", text: str) -> list[Casualty]:
    tokens = list(doc)  # each token object made once
    by_patient: dict[int, Casualty] = {}
    order: list[int] = []
    # list shapes first ("One dead, eight injured"): there the surface is surer than the parse
    surface_triggers: set[int] = set()
    for casualty, index, trigger_index in _surface(tokens, text):
        by_patient[index] = casualty
        order.append(index)
        surface_triggers.add(trigger_index)
    for token in (tokens[i] for i in _trigger_candidates(doc)):
        kind = _trigger_kind(token)
        if kind is None or token.i in surface_triggers:
            continue
        for patient in _patients(token, kind):
            if patient.i in by_patient and by_patient[patient.i].how == "surface":
                continue
            if any(c.i in by_patient and c.dep_ == "nummod" for c in patient.children):
                continue
            if _negated(token) or patient.i in {p for p in by_patient if by_patient[p].kind == "skip"}:
                continue
            counted = _count(patient)
            if counted is None:
                continue
            value, start, end, num_start, num_end, parts = counted
            if value <= 0:
                continue
            qualifier = qualifier_before(text, num_start if num_start is not None else start)[0]
            casualty = Casualty(kind=kind, value=value, start=start, end=end, number_start=num_start,
                                number_end=num_end, qualifier=qualifier, trigger=token.lemma_.lower(),
                                counted=patient.lemma_.lower() if not patient.like_num else "people", parts=parts)
            previous = by_patient.get(patient.i)
            if previous is None:
                by_patient[patient.i] = casualty
                order.append(patient.i)
            elif _RANK[kind] > _RANK[previous.kind]:
                by_patient[patient.i] = casualty  # shot and killed: dead
    for token, number in _toll_numbers(tokens):
        if number.i in by_patient:
            continue
        value = parse_number(number.text)
        if value and value == int(value) and not _looks_like_year(number):
            span = (number.idx, number.idx + len(number.text))
            by_patient[number.i] = Casualty("dead", value, *span, *span, qualifier_before(text, number.idx)[0],
                                            "toll", "people")
            order.append(number.i)
    # "Four people were shot, one fatally": the number with its own adverb
    for token in tokens:
        if token.like_num and token.i not in by_patient and any(c.lower_ in _FATAL_ADVERBS for c in token.children):
            value = parse_number(token.text)
            if value:
                if token.i not in by_patient:
                    order.append(token.i)
                by_patient[token.i] = Casualty("dead", value, token.idx, token.idx + len(token.text), token.idx,
                                               token.idx + len(token.text), "exact", "fatally", "people")
    order.sort(key=lambda i: by_patient[i].start)
    return [by_patient[i] for i in order]


_SURFACE_TRIGGERS = {"shot": "shot", "struck": "shot", "dead": "dead", "killed": "dead", "slain": "dead", "wounded": "injured",
                     "injured": "injured", "hurt": "injured", "missing": "missing"}


_ACTIVE_TRIGGERS = {"killed": "dead", "killing": "dead", "kills": "dead", "kill": "dead", "wounded": "injured", "wounding": "injured",
                    "injured": "injured", "injuring": "injured", "hurt": "injured", "hurting": "injured",
                    "shot": "shot"}


# words that may stand between a count and its casualty word: "4 found shot dead",
# "three people are dead", "two others were killed"
_SURFACE_GAP = {"found", "were", "are", "was", "is", "have", "has", "been", "shot", "later", "also", "all"}


def _surface(tokens: "list[Token]", text: str) -> list[tuple[Casualty, int, int]]:
    """Counts written next to their casualty word, the shapes of headlines and lists:
    "7 shot, 3 dead", "4 teens shot", "that killed 1, wounded 4", "One dead, eight
    injured". Each with the index of the counting token and of the casualty word."""
    out = []
    for token in tokens:
        if not token.like_num or _looks_like_year(token) or token.lower_ in _ORDINALS:
            continue
        if any(c.lower_ in {"no", "none"} for c in token.children) or (token.i > 0 and tokens[token.i - 1].lower_ == "no"):
            continue
        if not any(t.lower_ in _SURFACE_TRIGGERS or t.lower_ in _ACTIVE_TRIGGERS
                   for t in tokens[max(0, token.i - 1):token.i + 5]):
            continue  # no casualty word near: not a count of casualties, whatever its value
        value = parse_number(token.text)
        if not value or value != int(value) or value > 100_000:
            continue
        number = (token.idx, token.idx + len(token.text))
        before = tokens[token.i - 1] if token.i > 0 else None
        if before is not None and before.lower_ in _ACTIVE_TRIGGERS and (token.i + 1 == len(tokens)
                                                                           or tokens[token.i + 1].pos_ not in {"NOUN", "PROPN"}):
            out.append((Casualty(_ACTIVE_TRIGGERS[before.lower_], value, *number, *number, "exact",
                                 before.lemma_.lower(), "people", how="surface"), token.i, before.i))
            continue
        j = token.i + 1
        nouns = []
        while j < len(tokens) and j <= token.i + 3 and tokens[j].lower_ not in _SURFACE_TRIGGERS and (
                (tokens[j].pos_ in {"ADJ", "NOUN", "PROPN"} and not nouns and j <= token.i + 2) or tokens[j].lower_ in _SURFACE_GAP):
            if tokens[j].pos_ in {"NOUN", "PROPN"}:
                nouns.append(tokens[j])
            j += 1
        if j >= len(tokens) or tokens[j].lower_ not in _SURFACE_TRIGGERS:
            continue
        # "shot" in the gap belongs to a following "dead" ("found shot dead"); alone it is the trigger
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if after is not None and after.pos_ in {"NOUN", "PROPN"} and after.is_lower:
            continue  # "3 injured workers" is read by the parse; "7 shot glasses" is no toll
        head = nouns[-1] if nouns else token
        if head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children):
            continue  # a count inside a coordination: the parse sums it ("an infant and two women")
        counted = nouns[-1].lemma_.lower() if nouns else "people"
        if counted in _NOT_PEOPLE:
            continue
        end = max(number[1], nouns[-1].idx + len(nouns[-1].text)) if nouns else number[1]
        qualifier = qualifier_before(text, token.idx)[0]
        out.append((Casualty(_SURFACE_TRIGGERS[tokens[j].lower_], value, token.idx, end, *number, qualifier,
                             tokens[j].lemma_.lower(), counted, how="surface"), token.i, j))
    return out


def _toll_numbers(tokens: "list[Token]") -> list[tuple["Token", "Token"]]:
    """"a death toll of 23", "the death toll rose to 19", "the toll stands at 15"."""
    out = []
    for token in tokens:
        if token.lemma_.lower() != "toll" or token.pos_ != "NOUN":
            continue
        if any(c.lower_ in {"injury", "injuries"} for c in token.children):
            continue
        places = [token] + ([token.head] if token.dep_ in {"nsubj", "nsubjpass"} and token.head.pos_ in {"VERB", "AUX"} else [])
        for place in places:
            for prep in (c for c in place.children if c.dep_ == "prep" and c.lower_ in {"of", "to", "at"}):
                numbers = [g for g in prep.children if g.dep_ == "pobj" and g.like_num]
                if numbers:
                    out.append((token, numbers[0]))
            for attr in (c for c in place.children if c.dep_ in {"attr", "dobj"} and c.like_num and place is not token):
                out.append((token, attr))
    return out


_RANK = {"shot": 0, "missing": 0, "injured": 1, "dead": 2}


def _trigger_kind(token: "Token") -> str | None:
    lemma, lower = token.lemma_.lower(), token.lower_
    if token.pos_ in {"VERB", "AUX"} or token.tag_ in {"VBN", "VBD", "VBG"}:
        if lemma in _DEAD_VERBS or lemma in _DIE or lower in {"killed", "slain", "murdered", "died"}:
            return "dead"
        if lemma in _HURT_VERBS or lower in {"wounded", "injured", "hurt"}:
            return "dead" if _fatal(token) else "injured"
        if lemma in _SHOOT or lower in {"shot", "gunned"}:
            return "dead" if _fatal(token) else "shot"
        if lemma in {"strike", "hit", "graze"} and _by_gunfire(token):
            return "dead" if _fatal(token) else "shot"  # "struck by a stray bullet"
        if lemma == "hospitalize" and token.tag_ == "VBN":
            return "injured"  # "five children hospitalized in the shooting"
    if token.pos_ in {"ADJ", "NOUN", "PROPN", "VERB"}:
        if lower in _DEAD_ADJ:
            return "dead"
        if lower in _HURT_ADJ:
            return "injured"
        if lower in _MISSING_ADJ:
            return "missing"
        if lower in {"shot"} and token.pos_ != "NOUN":
            return "shot"
    if token.pos_ == "NOUN" and lemma in _HURT_NOUNS and _sufferer_verb(token) is not None:
        return "injured"
    if token.pos_ == "NOUN" and lemma == "death" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return "dead"  # "the shooting deaths of three people"
    return None


def _trigger_candidates(doc: "Doc") -> list[int]:
    """Indices of the tokens :func:`_trigger_kind` may take, found on the doc's arrays
    (a Token object for every word of a long article costs more than the reading)."""
    from spacy.attrs import LEMMA, LOWER

    rows = doc.to_array([LOWER, LEMMA]).tolist()
    strings = doc.vocab.strings
    lower_ok = {h for h in {r[0] for r in rows} if strings[h] in _TRIGGER_LOWERS}
    lemma_ok = {h for h in {r[1] for r in rows} if strings[h].lower() in _TRIGGER_LEMMAS}
    return [i for i, (lower, lemma) in enumerate(rows) if lower in lower_ok or lemma in lemma_ok]


_GUNFIRE = {"bullet", "gunfire", "round", "shot", "fire", "gunshot", "shotgun", "pellet"}


def _by_gunfire(token: "Token") -> bool:
    for child in token.children:
        if child.dep_ in {"agent", "prep"} and child.lower_ == "by":
            if any(g.lemma_.lower() in _GUNFIRE for g in child.subtree):
                return True
    return False


def _sufferer_verb(wound: "Token") -> "Token | None":
    """The verb whose subject bears a wound: "suffered wounds", "was found with wounds",
    "was hospitalized with gunshot wounds"."""
    head = wound.head
    if wound.dep_ in {"dobj", "obj"} and head.lemma_.lower() in _SUFFER:
        return head
    if wound.dep_ == "pobj" and head.lower_ in {"with", "for"} and head.head.pos_ == "VERB" \
            and head.head.lemma_.lower() not in _DIE:
        verb = head.head
        if verb.lemma_.lower() in _SUFFER | {"find", "hospitalize", "take", "rush", "transport", "admit", "arrive", "die"} \
                or any(c.dep_ == "auxpass" for c in verb.children):
            return verb
    return None


def _fatal(token: "Token") -> bool:
    """"fatally shot", "shot to death", "shot dead", "gunned down and killed"."""
    for child in token.children:
        if child.lower_ in _FATAL_ADVERBS:
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lemma_ == "death" for g in child.children):
            return True
        if child.lower_ in _DEAD_ADJ and child.dep_ in {"oprd", "acomp", "advmod", "xcomp", "amod", "dobj"}:
            return True
    return False


def _negated(token: "Token") -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _patients(trigger: "Token", kind: str) -> list["Token"]:
    """Who a casualty word happened to."""
    children = list(trigger.children)
    lemma = trigger.lemma_.lower()
    if trigger.pos_ == "NOUN":
        if lemma == "death":  # "deaths of three people"
            return [g for c in children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        # "two officers and a woman suffered gunshot wounds", "found with gunshot wounds"
        verb = _sufferer_verb(trigger)
        return [_antecedent(c) for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}][:1] if verb is not None else []
    passive = [c for c in children if c.dep_ == "nsubjpass"]
    if passive:
        return [_antecedent(passive[0])]
    objects = [c for c in children if c.dep_ in {"dobj", "obj"}]
    if objects and trigger.pos_ in {"VERB", "AUX"}:
        obj = objects[0]
        return [] if obj.lower_ in {"himself", "herself", "themselves"} and lemma not in _DEAD_VERBS | _SHOOT else [obj]
    if lemma in _DIE or (trigger.pos_ == "ADJ" and trigger.lower_ in _DEAD_ADJ | _HURT_ADJ | _MISSING_ADJ) \
            or trigger.lower_ in _DEAD_ADJ | _MISSING_ADJ:
        subject = [c for c in children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subject:
            return [_antecedent(subject[0])]
        head = trigger.head
        if trigger.dep_ in {"oprd", "xcomp", "ccomp", "acomp"} and head.lemma_ in _HOLDING_VERBS:
            deps = {"dobj"} if head.lemma_ == "leave" else {"dobj", "nsubj", "nsubjpass"}
            held = [c for c in head.children if c.dep_ in deps and c is not trigger]
            return [_antecedent(held[0])] if held else []
        if trigger.dep_ in {"amod", "acl"} and head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
            return [head]  # "one dead", "15 hurt"
        if trigger.dep_ == "ROOT" or trigger.dep_ == "conj":
            num = [c for c in children if c.like_num or c.dep_ in {"nummod", "meta", "npadvmod"} and c.pos_ == "NUM"]
            if num:
                return [num[0]]  # "1 dead, 15 hurt"
        return []
    # participle modifying a noun: "two men killed", "three other people wounded", "15 hurt"
    if trigger.dep_ in {"acl", "amod"} and trigger.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
        return [trigger.head]
    if trigger.dep_ in {"oprd", "xcomp", "ccomp"} and trigger.head.lemma_ == "leave":
        held = [c for c in trigger.head.children if c.dep_ == "dobj"]
        return [_antecedent(held[0])] if held else []
    if any(c.dep_ == "auxpass" for c in children):
        # "after four adults and a 3-year-old were shot": the subject parsed elsewhere
        before = _chunk_before(trigger)
        if before is not None:
            return [before]
    own = _own_subject(trigger)
    if own is not None:
        return [own]
    # shared arguments of coordinated verbs: "was shot and killed", "shot and killed a man"
    for sibling in [trigger.head] if trigger.dep_ == "conj" else []:
        for c in sibling.children:
            if c.dep_ == "nsubjpass":
                return [_antecedent(c)]
        if sibling.dep_ in {"acl", "amod"} and sibling.head.pos_ in {"NOUN", "PROPN", "NUM"}:
            return [sibling.head]
    for conj in trigger.conjuncts:
        objs = [c for c in conj.children if c.dep_ == "dobj"]
        if objs and conj.i > trigger.i:
            return [objs[0]]
    if trigger.dep_ == "relcl" or (trigger.dep_ == "conj" and trigger.head.dep_ == "relcl"):
        return []
    return []


def _own_subject(trigger: "Token") -> "Token | None":
    """"a Louisiana State trooper injured", "and one killed": a transitive casualty verb
    with no object and no target ("shot at") has its subject as patient (reduced
    passives the model parses as active)."""
    children = list(trigger.children)
    if any(c.dep_ in {"dobj", "obj"} for c in children):
        return None
    if any(c.dep_ == "prep" and c.lower_ in {"at", "into", "toward", "towards", "through"} for c in children):
        return None
    lemma = trigger.lemma_.lower()
    if not (trigger.tag_ == "VBN" or (trigger.tag_ == "VBD" and lemma in _HURT_VERBS | _DEAD_VERBS)):
        return None
    subject = [c for c in children if c.dep_ == "nsubj"]
    if subject and (subject[0].pos_ in {"NOUN", "PROPN", "NUM"} or subject[0].like_num):
        # right before the verb ("a trooper injured"), not a clause's agent far away
        if trigger.tag_ == "VBN" or trigger.i - subject[0].i <= 2:
            return subject[0]
    return None


def _chunk_before(trigger: "Token") -> "Token | None":
    """The head of the noun phrase that ends right before a passive verb's auxiliary."""
    aux = min((c.i for c in trigger.children if c.dep_ in {"auxpass", "aux"} and c.i < trigger.i), default=None)
    if aux is None:
        return None
    doc = trigger.doc
    if aux == 0:
        return None
    root = doc[aux - 1]
    if not (root.pos_ in {"NOUN", "PROPN", "NUM", "PRON"} or root.lower_.endswith("old")):
        return None
    # the first conjunct heads a coordination ("four adults and a 3-year-old")
    while root.dep_ == "conj" and root.head.i < root.i and root.head.i >= trigger.sent.start:
        root = root.head
    return root


def _antecedent(token: "Token") -> "Token":
    """A relative pronoun stands for the noun its clause modifies ("a girl who was shot")."""
    if token.lower_ in {"who", "that", "which", "whom"} and token.head.dep_ == "relcl":
        return token.head.head
    if token.head.dep_ == "conj" and token.lower_ in {"who", "that"} and token.head.head.dep_ == "relcl":
        return token.head.head.head
    return token


def _count(head: "Token") -> tuple[float, int, int, int | None, int | None, int] | None:
    """How many people a noun phrase names: (value, phrase start, phrase end, number
    start, number end, conjuncts), or None when it does not say ("people were killed")."""
    while head.dep_ in {"conj", "appos"} and head.head.i < head.i and _personish(head.head):
        head = head.head  # "2 adults, 1 child dead": the coordination starts earlier
    if head.like_num:
        # "one of the five people killed": the set is the count
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                inner = _count_one(pobj)
                if inner is not None and inner[1] is not None:
                    head = pobj
    parts = [head] + [c for c in head.conjuncts if c.i > head.i and c.pos_ in {"NOUN", "PROPN", "NUM", "PRON", "ADJ"}]
    total = 0.0
    number: tuple[int, int] | None = None
    for part in parts:
        one = _count_one(part)
        if one is None:
            return None
        value, span = one
        total += value
        if span is not None and number is None and len(parts) == 1:
            number = span
    first, last = parts[0], parts[-1]
    left = min([first.i] + [t.i for t in first.subtree if t.i < first.i and not t.is_punct
                            and t.dep_ not in {"relcl", "acl", "prep", "cc"}])
    start = first.doc[left].idx
    end = last.idx + len(last.text)
    if number is not None:
        start = min(start, number[0])
        end = max(end, number[1])
    return total, start, end, number[0] if number else None, number[1] if number else None, len(parts)


def _personish(token: "Token") -> bool:
    return (token.pos_ in {"NOUN", "PROPN", "NUM", "PRON"} or token.lower_.endswith("old")) \
        and token.lower_ not in _NOT_PEOPLE and token.lemma_.lower() not in _NOT_PEOPLE


def _count_one(token: "Token") -> tuple[float, tuple[int, int] | None] | None:
    lower = token.lower_
    if lower in _NOT_PEOPLE or token.lemma_.lower() in _NOT_PEOPLE:
        return None
    if token.is_upper and len(token.text) > 2 and not token.like_num:
        return None  # "UPDATE:", "BREAKING"
    if any(c.lower_ in {"no", "none"} for c in token.children) or lower in {"nobody", "none", "noone"}:
        return 0.0, None
    if token.lemma_.lower() in _SET_NOUNS:
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                inner = _count_one(pobj)
                if inner is not None and inner[1] is not None:
                    return inner
        return None
    if lower in _ORDINALS:
        return 1.0, None  # "seriously injuring a fourth"
    if token.like_num or token.pos_ == "NUM":
        value = parse_number(token.text)
        if value is None or value != int(value) or value > 100_000 or _looks_like_year(token):
            return None
        return value, (token.idx, token.idx + len(token.text))
    nummods = [c for c in token.children if c.dep_ == "nummod" and (c.like_num or c.pos_ == "NUM")]
    if nummods:
        num = nummods[0]
        value = parse_number(num.text)
        if value is None or value != int(value) or value > 100_000:
            return None
        return value, (num.idx, num.idx + len(num.text))
    if token.lemma_.lower() in _WORD_COUNTS:
        return float(_WORD_COUNTS[token.lemma_.lower()]), None
    if any(c.lower_ == "both" for c in token.children):
        return 2.0, None
    if lower in _PRONOUNS_ONE:
        return 1.0, None
    if token.pos_ == "PROPN" and token.ent_type_ == "PERSON":
        return 1.0, None
    singular = token.tag_ in {"NN", "NNP"} or (token.pos_ == "ADJ" and lower.endswith("old"))
    if singular and token.pos_ in {"NOUN", "PROPN", "ADJ"}:
        dets = [c for c in token.children if c.dep_ in {"det", "poss", "nummod"}]
        if any(d.lower_ in _ONE or d.tag_ == "PRP$" or d.dep_ == "poss" for d in dets):
            return 1.0, None
        if not dets and token.i == token.sent.start and token.pos_ == "NOUN":
            return 1.0, None  # headline style: "Man killed in ..."
    return None


def _looks_like_year(token: "Token") -> bool:
    """Numbers that are not counts of people: years, ages ("Boy, 8, dies", "a
    3-year-old", "aged 18"), page furniture ("Image 2 of 8")."""
    if re.fullmatch(r"(?:19|20)\d\d", token.text):
        return True
    doc, i = token.doc, token.i
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and nxt.text in {"-", "–"} and i + 2 < len(doc) and doc[i + 2].lemma_.lower() in _AGE_UNITS:
        return True
    if nxt is not None and nxt.lemma_.lower() in _AGE_UNITS and i + 2 < len(doc) and doc[i + 2].lower_ in {"old", "-"}:
        return True
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and prev.lower_ in {"aged", "age", "ages", "image", "photo", "page", "of"}:
        return prev.lower_ != "of" or (i > 2 and doc[i - 3].lower_ in {"image", "photo", "page"})
    if nxt is not None and nxt.lower_ in _SURFACE_TRIGGERS:
        return False  # "4 shot, 2 killed": a count before its casualty word
    if prev is not None and prev.text == "," and i > 1 and doc[i - 2].is_alpha \
            and doc[i - 2].lower_ not in _SURFACE_TRIGGERS \
            and (doc[i - 2].pos_ in {"NOUN", "PROPN"} or (nxt is not None and nxt.text == ","
                                                          and doc[i - 2].pos_ not in {"VERB", "AUX"})) \
            and (nxt is None or nxt.text in {",", ".", ")", ";"} or nxt.pos_ in {"PROPN", "VERB"}):
        return True  # "Boy, 8, dies", "John Smith, 45, was"
    return False


_AGE_UNITS = {"year", "month", "week", "day", "yr"}


# ------------------------------------------------------------------ headlines

_KEEP_CASE = re.compile(r"^(?:[A-Z]{2,}|[A-Z]\.)")


_COMMON = set("""
a an the at in on of for to by with from after before near during as and or but is are was were be been
man woman men women boy girl boys girls teen teens teenager child children kid kids baby infant toddler
people person officer officers cop cops deputy trooper suspect gunman victim victims student students
mother father son daughter brother sister wife husband family friend neighbor shooter resident residents
killed dead dies died kills kill shot shoots shooting shootings wounded wounds wounding injured injures
injuring hurt fatally critically seriously slain murdered murder stabbed missing found leaves left
party home house apartment club bar street park school store
""".split())


def _sentence_case(headline: str) -> str:
    """Lower-case the common words of a title-case headline (same length)."""
    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        return word.lower() if word.lower() in _COMMON and not _KEEP_CASE.match(word) else word
    fixed = re.sub(r"[^\W\d_]+", fix, headline)
    return fixed[:1].upper() + fixed[1:]


# ------------------------------------------------------------------ as quantities

CASUALTY_CATEGORIES = ("dead", "injured", "shot", "missing")


def casualty_quantities(casualties: list[Casualty], quantities: list[Quantity], text: str,
                        sentences: list[Sentence]) -> list[Quantity]:
    """The article's quantities with casualty counts read as what they count.

    A number the reader counted takes its class, event and counted noun; a count without
    a number of its own (an implicit one, or a sum of conjuncts) becomes a quantity of
    its own, and the numbers inside a sum become plain counts of people. A number the
    reader did not count keeps no casualty class, whatever word stands near it
    ("three daughters" beside "killed" is not a toll); vague counts ("hundreds were
    injured") keep the class their clause gives them.
    """
    out = list(quantities)
    confirmed: set[int] = set()
    for c in casualties:
        if c.number_start is not None and c.parts == 1:
            q = next((q for q in out if q.start <= c.number_start < q.end and q.value == q.value), None)
            if q is not None and q.value == c.value:
                q.category, q.event, q.counted = c.kind, c.trigger, c.counted
                confirmed.add(id(q))
                continue
        for q in out:
            if c.start <= q.start < c.end and q.category in CASUALTY_CATEGORIES:
                q.category = "people"  # a part of a sum: "two women" in "an infant and two women"
        quantity = Quantity(start=c.start, end=c.end, text=text[c.start:c.end], value=c.value,
                            sentence=sentence_index(sentences, c.start), extractor=EXTRACTOR, counted=c.counted,
                            category=c.kind, qualifier=c.qualifier, event=c.trigger,  # type: ignore[arg-type]
                            basis="sum" if c.parts > 1 else "implicit" if c.implicit else None)
        confirmed.add(id(quantity))
        out.append(quantity)
    for q in out:
        if q.category in CASUALTY_CATEGORIES and id(q) not in confirmed and q.qualifier != "vague":
            q.category = "people"
    out.sort(key=lambda q: (q.start, q.end))
    return out
