"""Reported speech and source citations: who said what, and whom the article cites.

Two record types come out of one pass over an article:

- :class:`Quote` - direct quotes (text between quotation marks, with the speaker and cue
  found in the same or an adjacent sentence) and indirect speech (a speech or cognition
  cue such as "said", "warned", "according to" with its subject and clausal complement).
- :class:`Citation` - the sources the article leans on: other outlets ("As reported by
  Politico"), named people, officials and anonymous sources ("a Western diplomat"),
  documents ("the report added") and agency credits ("PAP").

With a spaCy ``Doc`` (English) the dependency parse finds subjects, complements and
passive agents. Without one (other languages) only quotation marks and simple
cue-verb patterns are used, with cue lists for en/es/it/nl/de/fr; the English model is
never run on other languages. Offsets are character offsets into ``text``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from unidecode import unidecode

from newsprism.analyse.entities import OUTLET_SUFFIXES, entity_key
from newsprism.analyse._sentences import sentence_index
from newsprism.records import Citation, EntityMention, Quote, Sentence, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

__all__ = ["extract_attributions", "EXTRACTOR"]

EXTRACTOR = "newsprism.quotes/1"

# Lemmas of English verbs that introduce reported speech or a reported stance. Kept to
# verbs whose complement is normally what someone said, wrote, found or believes.
SPEECH_LEMMAS = frozenset("""
say tell add note emphasize emphasise explain claim report announce insist recall warn deny
confirm argue state cite write tweet post declare assert acknowledge admit reveal disclose
suggest predict estimate conclude contend maintain stress reiterate respond reply answer ask
complain allege indicate point observe remark comment concede agree disagree promise pledge
vow threaten urge caution testify swear acknowledge learn find show believe think feel know
hope fear expect worry doubt suspect guess reckon imply hint signal understand hear read agree
describe call criticize criticise accuse blame praise demand propose recommend mention
inform notify assure caution counter continue quip joke boast brag charge speculate
refer push label dub brand deem
""".split())

# Cognition verbs take a complement that is rarely annotated as attributed content when
# the subject is a pronoun in a question ("do you think ..."); they need a clausal complement.
CLAUSE_ONLY_LEMMAS = frozenset("""
believe think feel know hope fear expect worry doubt suspect guess reckon imply hint signal
understand hear read learn find show describe call criticize criticise accuse blame praise
demand propose recommend mention continue charge speculate ask agree disagree
refer push label dub brand deem
""".split())

# Stance verbs whose object is the reported content: "endorsed Clinton", "criticized the plan".
OBJECT_LEMMAS = frozenset("""
endorse criticize criticise praise denounce blast slam reject dismiss question defend highlight
tout propose condemn welcome decry applaud oppose mock attack accuse blame
""".split()) | frozenset("""
cite mention describe discuss announce disclose reveal deny confirm acknowledge dispute report claim
""".split())  # and verbs of communicating something: "cited derogatory comments", "denied the claims"

# Verbs of intent reported with an infinitive: "plans to support", "declined to comment".
XCOMP_LEMMAS = frozenset("""
want plan hope intend promise vow pledge threaten decline refuse decide expect urge
""".split())

# Cue verb forms for languages without a parser: (forms, complementisers).
_CUES_BY_LANGUAGE: dict[str, tuple[str, str]] = {
    "en": ("said|says|say|told|tells|added|adds|noted|notes|explained|explains|claimed|claims|"
           "reported|reports|announced|announces|insisted|insists|recalled|recalls|warned|warns|"
           "denied|denies|confirmed|confirms|argued|argues|stated|states|emphasized|emphasised|"
           "stressed|wrote|writes|declared|asked|replied|answered", "that"),
    "es": ("dijo|dice|dicen|dijeron|afirmó|afirma|afirmaron|aseguró|asegura|aseguraron|declaró|"
           "declara|explicó|explica|señaló|señala|indicó|indica|añadió|añade|agregó|agrega|"
           "advirtió|advierte|subrayó|subraya|destacó|destaca|insistió|insiste|negó|niega|"
           "confirmó|confirma|anunció|anuncia|informó|informa|sostuvo|sostiene|recordó|recuerda|"
           "apuntó|apunta|manifestó|manifiesta|reconoció|reconoce|preguntó|respondió|"
           # the imperfect of narrative reporting ("resumía Tomás Villena")
           "decía|resumió|resumía|explicaba|señalaba|aseguraba|contaba|contó|comentaba|comentó|"
           "lamentaba|lamentó|relataba|relató", "que"),
    "it": ("ha detto|dice|disse|hanno detto|ha dichiarato|dichiara|ha affermato|afferma|ha spiegato|"
           "spiega|ha aggiunto|aggiunge|ha sottolineato|sottolinea|ha ricordato|ricorda|ha avvertito|"
           "avverte|ha confermato|conferma|ha annunciato|annuncia|ha negato|nega|ha insistito|"
           "ha riferito|riferisce|ha osservato|osserva|ha precisato|precisa|ha assicurato|assicura",
           "che"),
    "nl": ("zei|zegt|zeiden|zeggen|verklaarde|verklaart|vertelde|vertelt|meldde|meldt|voegde|"
           "benadrukte|benadrukt|legde|stelde|stelt|waarschuwde|waarschuwt|bevestigde|bevestigt|"
           "ontkende|ontkent|kondigde|liet weten|schreef|schrijft|aldus", "dat"),
    "de": ("sagte|sagt|sagten|sagen|erklärte|erklärt|betonte|betont|fügte|berichtete|berichtet|"
           "teilte|warnte|warnt|bestätigte|bestätigt|bestritt|bestreitet|kündigte|meinte|meint|"
           "schrieb|schreibt|unterstrich|versicherte|behauptete|behauptet|so", "dass|daß"),
    "fr": ("a dit|dit|disent|a déclaré|déclare|a affirmé|affirme|a expliqué|explique|a ajouté|"
           "ajoute|a souligné|souligne|a rappelé|rappelle|a averti|avertit|a confirmé|confirme|"
           "a annoncé|annonce|a nié|nie|a insisté|insiste|a indiqué|indique|a estimé|estime|"
           "a assuré|assure|a précisé|précise|a répondu|répond|selon", "que|qu'"),
}
_ALL_CUE_FORMS = "|".join(forms for forms, _ in _CUES_BY_LANGUAGE.values())
_ALL_COMPLEMENTISERS = "|".join(sorted({c for _, comp in _CUES_BY_LANGUAGE.values()
                                         for c in comp.split("|")}))
_ACCORDING_TO = r"according to|según|secondo|volgens|laut|zufolge|selon"

# Nouns heading a source phrase, by the kind of source they make.
_ANONYMOUS_NOUNS = frozenset("source sources insider insiders person people someone".split())
_OFFICIAL_NOUNS = frozenset("""
official officials diplomat diplomats spokesman spokeswoman spokesperson spokespeople aide aides
representative representatives minister ministry government administration authority authorities
department office officer officers envoy ambassador adviser advisor advisers advisors
negotiator negotiators lawmaker lawmakers senator senators analyst analysts expert experts
police military army commander commanders cabinet presidency embassy council commission
""".split())
_DOCUMENT_NOUNS = frozenset("""
report reports statement statements document documents study survey poll polls data figures
information communique communiqué memo letter release filing transcript analysis estimate
estimates assessment review release records record
""".split())
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PRONOUNS = frozenset("""
i you he she it we they this that who which one er sie es wir ich il elle ils elles on él ella
ellos ellas lui lei loro hij zij ze wij
""".split())

# Quotation marks: opener -> the closers it accepts.
_PAIRS = {"“": "”“", "„": "“”", "«": "»", "»": "«", "‘": "’", '"': '"', "'": "'", "‚": "‘’", "‹": "›"}
_AMBIGUOUS = {'"', "'", "“", "»", "‘"}  # same glyph can open or close: check the context
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
SCARE_QUOTE_MAX_WORDS = 3


@dataclass
class _Quoted:
    start: int  # the opening mark
    end: int  # after the closing mark (or the paragraph end when unclosed)
    content_start: int
    content_end: int


def extract_attributions(
    text: str,
    *,
    doc: "Doc | None" = None,
    sentences: list[Sentence],
    entities: list[EntityMention],
    known_outlets: Iterable[str] = (),
    credits: Iterable[str] = (),
) -> tuple[list[Quote], list[Citation]]:
    """Quotes (direct, indirect, mixed) and the citations of sources in ``text``.

    ``doc`` is the spaCy Doc of ``text`` (English) or None; ``sentences`` and ``entities``
    are the article's records (offsets into ``text``); ``known_outlets`` are outlet names
    the caller knows of; ``credits`` are agency credits such as "PAP".

    >>> quotes, cites = extract_attributions(
    ...     '"We will not give up on this," said Maria Lopez.', sentences=[], entities=[])
    >>> quotes[0].kind, quotes[0].content.text, quotes[0].speaker.text
    ('direct', 'We will not give up on this,', 'Maria Lopez')
    """
    ctx = _Context(text, doc, sentences, entities, known_outlets)
    quoted = _find_quoted_spans(text)
    quotes = _indirect_from_parse(ctx) if doc is not None else _indirect_from_patterns(ctx)
    quotes = _add_surface_cues(ctx, quotes)
    quotes = _merge_direct(ctx, quoted, quotes)
    quotes.sort(key=lambda q: (q.start, q.end))
    _resolve_pronoun_speakers(ctx, quotes)
    citations = _citations(ctx, quotes, credits)
    return quotes, citations


# A pronoun speaker refers back at most this many sentences.
PRONOUN_REACH_SENTENCES = 2


def _resolve_pronoun_speakers(ctx: _Context, quotes: list[Quote]) -> None:
    """"He also noted that ...": the pronoun stands for the speaker just before it (the
    previous quote's, within a sentence or two), else the last person named before it."""
    previous: Quote | None = None
    for q in quotes:
        if q.speaker is None:
            continue
        if q.speaker.text.casefold() in _PRONOUNS:
            antecedent = None
            if previous is not None and q.sentence - previous.sentence <= PRONOUN_REACH_SENTENCES \
                    and previous.speaker is not None and (previous.speaker_resolved
                                                          or previous.speaker.text.casefold() not in _PRONOUNS):
                antecedent = (previous.speaker_resolved or previous.speaker.text, previous.speaker_entity)
            else:
                lo, _ = ctx.sentence_bounds(q.sentence - PRONOUN_REACH_SENTENCES)
                people = [e for e in ctx.entities if e.label == "PERSON" and lo <= e.start < q.speaker.start]
                if people:
                    antecedent = (people[-1].text, people[-1].key)
            if antecedent is not None:
                q.speaker_resolved, q.speaker_entity = antecedent
                continue
        previous = q


# --------------------------------------------------------------------------- context


class _Context:
    def __init__(self, text: str, doc: Any, sentences: list[Sentence],
                 entities: list[EntityMention], known_outlets: Iterable[str]) -> None:
        self.text = text
        self.doc = doc
        self.sentences = sorted(sentences, key=lambda s: s.start) if sentences else []
        if not self.sentences:
            self.sentences = _fallback_sentences(text) if doc is None else [
                Sentence(s.start_char, s.end_char, 0) for s in doc.sents]
        self.sentence_starts = [s.start for s in self.sentences]
        self.entities = entities
        self.outlets = outlet_index(tuple(known_outlets))
        self.outlet_keys = self.outlets.keys

    def sentence_index(self, offset: int) -> int:
        return sentence_index(self.sentences, offset, self.sentence_starts)

    def sentence_bounds(self, index: int) -> tuple[int, int]:
        if not self.sentences:
            return 0, len(self.text)
        s = self.sentences[min(max(index, 0), len(self.sentences) - 1)]
        return s.start, s.end

    def entity_over(self, start: int, end: int) -> EntityMention | None:
        """The longest name mention overlapping [start, end), preferring people/outlets."""
        best = None
        for e in self.entities:
            if e.start < end and start < e.end and e.label in _NAME_LABELS:
                if best is None or (e.end - e.start) > (best.end - best.start):
                    best = e
        return best

    def speaker_entity(self, speaker: Span) -> EntityMention | None:
        """The named entity that is the speaker, not one that describes it: "Nazeli
        Baghdasaryan, the spokesperson" is Baghdasaryan; "an American official familiar
        with the situation" and "The US State Department spokesman" are no entity (the
        name only qualifies them). Peoples (NORP) and places other than a country or city
        speaking for its government ("Moscow insisted") never speak."""
        text = self.text
        lead = re.match(r"(?:the|a|an)\s+", speaker.text, re.I)
        start = speaker.start + (lead.end() if lead else 0)
        for e in self.entities:
            if e.start != start or e.label not in _SPEAKER_LABELS:
                continue
            rest = text[e.end:speaker.end]
            if e.label == "GPE" and rest.strip():
                continue
            if not rest.strip() or re.match(r"\s*(?:,|\(|who\b|of\b|and\b|—|-)", rest) or \
                    (e.label == "PERSON" and re.match(r"\s*['’]s?\b", rest) is None):
                return e
        return None

    def span(self, start: int, end: int) -> Span:
        start, end = _trim(self.text, start, end)
        return Span(start, end, self.text[start:end])


_NAME_LABELS = {"PERSON", "ORG", "OUTLET", "GPE", "NORP", "FAC", "LOC", "NAME"}
_SPEAKER_LABELS = {"PERSON", "ORG", "OUTLET", "GPE", "NAME"}


class OutletIndex:
    """The outlets a store knows, matched in one pass whatever their number: the text's
    word n-grams are looked up in a set of outlet keys, built once per set of outlets
    (per-article cost must not grow with the store)."""

    def __init__(self, outlets: Iterable[str]) -> None:
        self.keys = frozenset(k for k in (entity_key(o) for o in outlets if o and o.strip()) if k)
        self._longest = max((len(k.split(" ")) for k in self.keys), default=0)
        self._first_words = frozenset(k.split(" ")[0] for k in self.keys)

    def known(self, key: str) -> str | None:
        """The known outlet a name key is, or starts with ("politico europe" -> "politico")."""
        words = key.split(" ")
        for n in range(min(len(words), self._longest), 0, -1):
            prefix = " ".join(words[:n])
            if prefix in self.keys:
                return prefix
        return None

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` where a known outlet is named, in any case or accents."""
        if not self.keys:
            return []
        words = [(m.start(), m.end(), m.group(0)) for m in _OUTLET_WORD.finditer(fold_preserving_offsets(text))]
        found = []
        i = 0
        while i < len(words):
            if words[i][2] not in self._first_words:
                i += 1
                continue
            for n in range(min(self._longest, len(words) - i), 0, -1):
                if " ".join(w for _, _, w in words[i:i + n]) in self.keys:
                    found.append((words[i][0], words[i + n - 1][1]))
                    i += n - 1
                    break
            i += 1
        return found


_OUTLET_WORD = re.compile(r"[\w-]+")


def fold_preserving_offsets(text: str) -> str:
    """Lower-cased, accent-free text of the same length, so match offsets are the text's
    own ("Łódź" -> "lodz"; a character that transliterates to several letters is kept)."""
    if text.isascii():
        return text.lower()
    return "".join(piece.lower() if piece.isascii() else _fold_char(piece) for piece in _ASCII_RUNS.findall(text))


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = unidecode(ch).casefold()
    return folded if len(folded) == 1 else ch.lower() if len(ch.lower()) == 1 else ch


@functools.lru_cache(maxsize=8)
def outlet_index(outlets: tuple[str, ...]) -> OutletIndex:
    return OutletIndex(outlets)


def _fallback_sentences(text: str) -> list[Sentence]:
    out = []
    paragraph = 0
    for para in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r".+?(?:[.!?…][»”\"’']?(?=\s+[^\s\w]*[A-ZÀ-Ý\d])|$)", para.group(), re.S):
            if m.group().strip():
                out.append(Sentence(para.start() + m.start(), para.start() + m.end(), paragraph))
        paragraph += 1
    return out


_TRIM_CHARS = " \t\r\n,;:—–-"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return start, end


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _can_open(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can open a quote: not between letters, not before a space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    if text[i] in "'’‘" and _is_letter(before):
        return False
    return not _is_letter(before) or text[i] in "„«‚"


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    if text[i] in "'’" and _is_letter(after):
        return False  # an apostrophe: "don't", "Clinton’s"
    return True


def _find_quoted_spans(text: str) -> list[_Quoted]:
    """Quoted passages, including quotes running over several paragraphs.

    A paragraph that opens with a quotation mark and never closes it continues into the
    next paragraph when that one also opens with a mark (the newspaper convention).
    Doubled apostrophes used as quotation marks (''...'') are read as double quotes.
    """
    # Same length, so offsets hold: an opening '' becomes ' "', a closing one '" '.
    text = re.sub(r"''(?=\S)", ' "', text)
    text = text.replace("''", '" ')
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    found: list[_Quoted] = []
    p = 0
    while p < len(paragraphs):
        ps, pe = paragraphs[p]
        i = ps
        next_p = p + 1
        while i < pe:
            ch = text[i]
            if ch in _PAIRS and _can_open(text, i):
                close = _find_close(text, i, pe)
                if close is not None:
                    found.append(_Quoted(i, close + 1, i + 1, close))
                    i = close + 1
                    continue
                if text[ps:i].strip() == "":
                    # Unclosed at paragraph start: follow it through the next paragraphs.
                    span = _multi_paragraph(text, paragraphs, p, ch)
                    if span is not None:
                        quoted, last = span
                        found.append(quoted)
                        next_p = last + 1
                        break
            i += 1
        p = next_p
    return found


def _find_close(text: str, open_at: int, limit: int) -> int | None:
    closers = _PAIRS[text[open_at]]
    for j in range(open_at + 1, limit):
        ch = text[j]
        if ch in closers and _can_close(text, j):
            if ch in _AMBIGUOUS and ch == text[open_at] and _can_open(text, j) and ch not in "'\"":
                continue  # a second opener of the same sort ("“ ... “ ... ”"): keep looking
            return j
    return None


def _multi_paragraph(text: str, paragraphs: list[tuple[int, int]], p: int, mark: str
                     ) -> tuple[_Quoted, int] | None:
    ps, pe = paragraphs[p]
    start = text.index(mark, ps)
    q = p + 1
    while q < len(paragraphs):
        qs, qe = paragraphs[q]
        stripped = text[qs:qe].lstrip()
        if not stripped or stripped[0] not in _PAIRS:
            return None  # the quote never resumed: not a continued quote
        mark_at = qs + (len(text[qs:qe]) - len(stripped))
        close = _find_close(text, mark_at, qe)
        if close is not None:
            return _Quoted(start, close + 1, start + 1, close), q
        q += 1
    return None


def _word_count(s: str) -> int:
    return len(_WORD.findall(s))


# --------------------------------------------------------------------------- parse-based


def _indirect_from_parse(ctx: _Context) -> list[Quote]:
    doc = ctx.doc
    quotes: list[Quote] = []
    for sent in doc.sents:
        headline = _source_colon_claim(ctx, sent)
        if headline is not None:
            quotes.append(headline)
        for tok in sent:
            q = None
            if tok.lower_ == "according" and any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
                q = _according_to(ctx, tok, sent)
            elif _is_cue_verb(tok):
                q = _cue_verb_quote(ctx, tok, sent)
            if q is not None:
                quotes.append(q)
    return _drop_nested(quotes)


def _source_colon_claim(ctx: _Context, sent: "SpacySpan") -> Quote | None:
    """The headline form "Sanders: Clinton needs to ...", "Poll: Wealthy voters abandon ...":
    a name or a document word, a colon, then what it says (to the end of the sentence)."""
    colon = next((t for t in sent[:8] if t.text == ":"), None)
    if colon is None:
        return None
    first = next((t.i for t in sent if not (t.is_punct or t.is_space)), colon.i)
    head = sent.doc[first:colon.i]
    if not len(head):
        return None
    start, end = head.start_char, head.end_char
    entity = ctx.entity_over(start, end)
    named = (entity is not None and entity.label in _SPEAKER_LABELS - {"GPE"}
             and entity.start <= start and entity.end >= end)
    if not named and len(head) == 1:  # "Sanders:" where the article names Bernie Sanders
        named = any(e.label == "PERSON" and e.text.split()[-1] == head.text and " " in e.text
                    for e in ctx.entities)
    # a transcript's turn: "WALLACE: Let's start with ...", the speaker in capitals opening a
    # paragraph, speaking to the end of it
    para_start = ctx.text.rfind("\n", 0, start) + 1
    turn = (len(head) <= 3 and all(t.text.isupper() and len(t.text) > 1 or t.text == "." for t in head)
            and not ctx.text[para_start:start].strip(" \t\"“'‘"))
    if not named and not turn and not (len(head) == 1 and head[0].lower_ in _DOCUMENT_NOUNS):
        return None
    if turn:
        para_end = ctx.text.find("\n", colon.idx)
        para_end = len(ctx.text) if para_end < 0 else para_end
        last = max(sent.end, next((t.i for t in sent.doc[sent.end:] if t.idx >= para_end), len(sent.doc)))
        rest = [t for t in sent.doc[colon.i + 1:last] if not t.is_space]
    else:
        rest = [t for t in sent.doc[colon.i + 1:sent.end] if not t.is_space]
    words = [t for t in rest if not t.is_punct]
    headline_case = sum(1 for t in words if t.text[:1].isupper()) > len(words) / 2
    if len(words) < 4 or not (headline_case or any(t.pos_ in ("VERB", "AUX") for t in rest)):
        return None  # "Editor: Jane Doe", "Photo: AP": a label, not a claim
    cs, ce = _trim(ctx.text, rest[0].idx, rest[-1].idx + len(rest[-1].text))
    speaker = ctx.span(start, end)
    who = ctx.speaker_entity(speaker)
    return Quote(start=start, end=ce, kind="indirect", content=ctx.span(cs, ce),
                 sentence=ctx.sentence_index(start), extractor=EXTRACTOR, speaker=speaker,
                 cue=Span(colon.idx, colon.idx + 1, ":"), speaker_entity=who.key if who else None)


def _is_cue_verb(tok: "Token") -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB"):
        return False
    lemma = tok.lemma_.lower()
    return lemma in SPEECH_LEMMAS or lemma in OBJECT_LEMMAS or lemma in XCOMP_LEMMAS


def _subtree_bounds(tokens: Iterable["Token"]) -> tuple[int, int]:
    toks = list(tokens)
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


# Verbs that report a judgement as object + predicate: "called the lines unacceptable",
# "asked Norton to republish the book", "called for an inquiry".
_OBJECT_PREDICATE_LEMMAS = frozenset("call describe label dub brand deem ask urge".split())
_PREPOSITIONAL_CUES = {"call": "for", "push": "for", "refer": "to", "argue": "for"}


def _object_predicate(verb: "Token") -> list["Token"] | None:
    lemma = verb.lemma_.lower()
    if lemma in _PREPOSITIONAL_CUES:
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == _PREPOSITIONAL_CUES[lemma] and c.i == verb.i + 1:
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    return [t for o in objs for t in o.subtree]
    if lemma not in _OBJECT_PREDICATE_LEMMAS:
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubj") and c.i > verb.i), None)
    pred = next((c for c in verb.children if c.dep_ in ("oprd", "xcomp", "acomp", "ccomp") and c.i > verb.i), None)
    if obj is None or pred is None:
        return None
    return list(obj.subtree) + list(pred.subtree)


def _content_child(verb: "Token") -> "Token | None":
    for c in verb.children:
        if c.dep_ == "ccomp" and not (verb.lemma_.lower() in _OBJECT_PREDICATE_LEMMAS and any(
                d.dep_ == "dobj" for d in verb.children)):
            return c
    # "said [that] ..." parsed with the clause as an object or an attached clause.
    for c in verb.children:
        if c.dep_ in ("dobj", "xcomp", "advcl") and c.i > verb.i and any(
                g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for g in c.children):
            return c
    return None


def _subject_of(verb: "Token") -> "Token | None":
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.lower_ != "it":
            return c
    for c in verb.children:  # "it was reported by X"
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    # Shared subject of coordinated or controlled verbs: "He smiled and said ...".
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject_of(verb.head)
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBN"):  # "voters saying ...", "a memo written by X"
        return verb.head if verb.tag_ == "VBG" else None
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":  # "..., adding that ..."
        return _subject_of(verb.head)
    return None


def _speaker_bounds(ctx: _Context, subj: "Token", exclude: tuple[int, int] | None = None
                    ) -> tuple[int, int]:
    if subj.dep_ in ("nsubj", "nsubjpass", "pobj", "csubj", "dobj"):
        start, end = _subtree_bounds(subj.subtree)
    else:  # the head noun of a relative clause: its phrase without the clause itself
        toks = [t for t in subj.subtree if not any(a.dep_ == "relcl" for a in [t] + list(t.ancestors)
                                                   if a.i > subj.i and a in subj.subtree)]
        start, end = _subtree_bounds(toks or [subj])
    if exclude and exclude[0] < end and start < exclude[1]:
        # The subject swallowed the quote (rare mis-parse): fall back to the head word.
        start, end = subj.idx, subj.idx + len(subj.text)
    return start, end


def _is_parenthetical(sent: "SpacySpan", cue_tree: list["Token"]) -> bool:
    """Whether the cue clause is set off by commas inside its sentence, with reported
    words on both sides ("Too often, Mr. Clarke said, the debate ...")."""
    words = sorted(t.i for t in cue_tree if not t.is_punct)
    if not words or words[-1] - words[0] + 1 != len(words) or len(words) > 8:
        return False  # not one short stretch of text
    doc = sent.doc
    before, after = words[0] - 1, words[-1] + 1
    if before <= sent.start or after >= sent.end - 1:
        return False
    if doc[before].text != "," or doc[after].text != ",":
        return False
    return (sum(1 for t in doc[sent.start:before] if not t.is_punct) >= 1
            and sum(1 for t in doc[after + 1:sent.end] if not t.is_punct) >= 3)


def _cue_verb_quote(ctx: _Context, verb: "Token", sent: "SpacySpan") -> Quote | None:
    lemma = verb.lemma_.lower()
    parenthetical = False
    content_tok = _content_child(verb)
    object_predicate = _object_predicate(verb) if content_tok is None else None
    if content_tok is None and not object_predicate and lemma in XCOMP_LEMMAS:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if xcomp is not None:
            object_predicate = list(xcomp.subtree)
    if content_tok is None and not object_predicate and lemma in OBJECT_LEMMAS:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            object_predicate = list(obj.subtree) + [
                t for c in verb.children if c.dep_ == "prep" and c.i > obj.i and c.lower_ in ("for", "as", "of")
                for t in c.subtree]
    if object_predicate:
        cs, ce = _subtree_bounds(object_predicate)
    elif content_tok is not None:
        toks = list(content_tok.subtree)
        # "that" belongs to the content; prepositions or the verb itself do not.
        cs, ce = _subtree_bounds(toks)
        if cs < verb.idx < ce:
            return None
    else:
        if lemma in CLAUSE_ONLY_LEMMAS or lemma not in SPEECH_LEMMAS:
            return None
        # "..., sources said." parsed with the cue as a side clause: the rest of the sentence.
        if verb.dep_ not in ("parataxis", "ROOT", "conj", "advcl"):
            return None
        cue_tree = list(verb.subtree) if verb.dep_ != "ROOT" else [verb] + [
            t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "advmod",
                                                   "neg", "prep", "agent", "punct", "npadvmod")
            or (c.dep_ in ("xcomp", "advcl") and c.tag_ == "VBG")
            for t in c.subtree]
        # "The museum, Mr. Bush said, celebrated ...": a cue set off by commas mid-sentence
        # reports the whole sentence around it.
        parenthetical = verb.dep_ != "ROOT" and _is_parenthetical(sent, cue_tree)
        in_cue = {t.i for t in cue_tree}
        if verb.dep_ == "ROOT" or parenthetical:
            rest = [t for t in sent if t.i not in in_cue]
        else:
            first_cue = min(in_cue)
            rest = [t for t in sent if t.i not in in_cue and t.i < first_cue]
        rest = [t for t in rest if not t.is_space]
        if verb.dep_ == "ROOT" and not any(t.i > verb.i for t in rest if not t.is_punct):
            rest = [t for t in rest if t.i < verb.i]
        rest = [t for t in rest if not t.is_punct or t.text in "”’\"'»"]
        if len([t for t in rest if not t.is_punct]) < 3:
            return None
        if verb.dep_ != "ROOT" and not parenthetical and any(t.i > verb.i for t in rest):
            return None
        cs, ce = _subtree_bounds(rest)
        if cs < verb.idx < ce and not parenthetical:
            return None
    subj = _subject_of(verb)
    if subj is None:
        return None
    if lemma in CLAUSE_ONLY_LEMMAS and subj.lower_ in ("you", "i", "we"):
        return None
    ss, se = _speaker_bounds(ctx, subj, None if parenthetical else (cs, ce))
    if (ss < ce and cs < se) and not (parenthetical and cs < ss and se < ce):
        return None
    cs, ce = _trim(ctx.text, cs, ce)
    if ce - cs < 2:
        return None
    cue_start, cue_end = _cue_bounds(verb)
    speaker = ctx.span(ss, se)
    entity = ctx.speaker_entity(speaker)
    return Quote(
        start=min(cs, ss, cue_start), end=max(ce, se, cue_end), kind="indirect",
        content=ctx.span(cs, ce), sentence=ctx.sentence_index(verb.idx), extractor=EXTRACTOR,
        speaker=speaker, cue=Span(cue_start, cue_end, ctx.text[cue_start:cue_end]),
        speaker_entity=entity.key if entity else None)


def _cue_bounds(verb: "Token") -> tuple[int, int]:
    """The cue verb with its auxiliaries ("has said", "was reported")."""
    start, end = verb.idx, verb.idx + len(verb.text)
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i and verb.i - c.i <= 3:
            start = min(start, c.idx)
    return start, end


def _according_to(ctx: _Context, according: "Token", sent: "SpacySpan") -> Quote | None:
    to = next(c for c in according.children if c.dep_ == "prep" and c.lower_ == "to")
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    speaker_tok = _provider(pobj) or pobj
    phrase = list(according.subtree)
    ps, pe = _subtree_bounds(phrase)
    if according.head is according or according.head not in sent:
        host = [t for t in sent]
    else:
        host = list(according.head.subtree)
        # "according to" attached low inside the clause still reports the whole clause.
        if len(host) - len(phrase) < 4:
            host = list(sent)
    rest = [t for t in host if not (ps <= t.idx < pe) and not t.is_space]
    while rest and rest[-1].is_punct and rest[-1].text not in "”’\"'»":
        rest.pop()
    while rest and rest[0].is_punct:
        rest.pop(0)
    if len([t for t in rest if not t.is_punct]) < 3:
        return None
    cs, ce = _subtree_bounds(rest)
    if speaker_tok is pobj:
        ss, se = _subtree_bounds(pobj.subtree)
    else:
        ss, se = _subtree_bounds(speaker_tok.subtree)
    cue_end = to.idx + len(to.text)
    speaker = ctx.span(ss, se)
    entity = ctx.speaker_entity(speaker)
    return Quote(
        start=min(cs, according.idx), end=max(ce, pe), kind="indirect",
        content=ctx.span(cs, ce), sentence=ctx.sentence_index(according.idx),
        extractor=EXTRACTOR, speaker=speaker,
        cue=Span(according.idx, cue_end, ctx.text[according.idx:cue_end]),
        speaker_entity=entity.key if entity else None)


def _provider(noun: "Token") -> "Token | None":
    """For "information provided by X" / "data from X" / "a report by X": X."""
    if noun.lemma_.lower() not in _DOCUMENT_NOUNS:
        return None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent" or (g.dep_ == "prep" and g.lower_ in ("by", "from")):
                    obj = next((h for h in g.children if h.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
    return None


def _drop_nested(quotes: list[Quote]) -> list[Quote]:
    """Keep one quote per cue; a cue inside another quote's content stays (nested speech)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for q in quotes:
        key = (q.cue.start, q.cue.end) if q.cue else (q.content.start, q.content.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(q)
    return out


# --------------------------------------------------------------------------- direct quotes


def _merge_direct(ctx: _Context, quoted: list[_Quoted], quotes: list[Quote]) -> list[Quote]:
    """Attach speakers to quoted passages; fold quoted fragments into indirect quotes."""
    text = ctx.text
    result = list(quotes)
    last_speaker: Quote | None = None
    for qd in quoted:
        content = text[qd.content_start:qd.content_end]
        words = _word_count(content)
        # Indirect quotes whose content holds the passage: quoted words inside reported speech.
        covering = [q for q in result if q.content.start <= qd.content_start and
                    qd.content_end <= q.content.end + 1]
        if words <= SCARE_QUOTE_MAX_WORDS:
            for q in covering:
                if q.kind == "indirect":
                    q.kind = "mixed"
            continue
        # An indirect quote whose content is (nearly) exactly this passage becomes direct.
        same = [q for q in result if _overlap(q.content.start, q.content.end, qd.content_start,
                                              qd.content_end) >= 0.8 * (qd.content_end - qd.content_start)]
        if same:
            for q in same:
                q.kind = "direct" if _covers_clause(ctx, q, qd) else "mixed"
                if q.kind == "direct":  # the content is exactly what is between the marks
                    cs, ce = _trim_quote_content(text, qd.content_start, qd.content_end)
                    q.content = Span(cs, ce, text[cs:ce])
                q.start, q.end = min(q.start, qd.start), max(q.end, qd.end)
            last_speaker = same[0]
            continue
        if covering:
            for q in covering:
                q.kind = "mixed"
            continue
        attribution = _speaker_for_passage(ctx, qd, result, last_speaker)
        if attribution is None:
            if not _is_full_sentence(content):
                continue  # an unattributed fragment in quotation marks: a title or a term
            speaker = cue = None
            entity_key = None
        else:
            speaker, cue, entity_key = attribution
        content_start, content_end = _trim_quote_content(text, qd.content_start, qd.content_end)
        q = Quote(
            start=min([qd.start] + [s.start for s in (speaker, cue) if s]),
            end=max([qd.end] + [s.end for s in (speaker, cue) if s]),
            kind="direct", content=Span(content_start, content_end, text[content_start:content_end]),
            sentence=ctx.sentence_index(qd.content_start), extractor=EXTRACTOR,
            speaker=speaker, cue=cue, speaker_entity=entity_key)
        result.append(q)
        if speaker is not None:
            last_speaker = q
    return result


def _trim_quote_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _covers_clause(ctx: _Context, q: Quote, qd: _Quoted) -> bool:
    return qd.content_start <= q.content.start + 2 and q.content.end <= qd.content_end + 2


def _is_full_sentence(content: str) -> bool:
    stripped = content.strip()
    return (_word_count(stripped) >= 6 and stripped[:1].isupper()
            and stripped[-1:] in ".!?,…" )


_CUE_AFTER = re.compile(
    r"^[\s,.!?—–-]*(?P<cue>(?:" + _ALL_CUE_FORMS + r"))\b\s+(?P<speaker>[^.,;:!?\n“”\"«»]{2,80}?)"
    r"\s*(?:[.,;:!?\n]|$)", re.I)
_SPEAKER_CUE_AFTER = re.compile(
    r"^[\s,.!?—–-]*(?P<speaker>[^.,;:!?\n“”\"«»]{1,60}?)\s+(?P<cue>(?:" + _ALL_CUE_FORMS + r"))\b"
    r"(?P<tail>[^.;:!?\n“”\"«»]{0,40})(?:[.,;:!?\n]|$)", re.I)
# An epigraph or vox-pop signature: the passage, a dash, and who said it, ending the line
# ("“... our greatest shame.” ― Sonya Herrera, 34").
_DASH_SIGNATURE_AFTER = re.compile(
    r"^[ \t]*(?P<cue>[―—–]|--)[ \t]*(?P<speaker>[^\W\d_][^\n“”\"«»]{0,80}?)[ \t.]*(?=\n|$)")
_BARE_CUE_AFTER = re.compile(r"^[\s,.!?—–-]*(?P<cue>(?:" + _ALL_CUE_FORMS + r"))\b", re.I)
_CUE_BEFORE = re.compile(
    r"(?P<speaker>[^.;!?\n“”\"«»:]{1,80}?)\s+(?P<cue>(?:" + _ALL_CUE_FORMS + r"))\b"
    r"(?P<tail>[^.;!?\n“”\"«»:]{0,40}?)\s*[:,]?\s*$", re.I)
_ACCORDING_AFTER = re.compile(
    r"^[\s,.!?—–-]*(?P<cue>" + _ACCORDING_TO + r")\s+(?P<speaker>[^.,;:!?\n“”\"«»]{2,80}?)\s*(?:[.,;:!?\n]|$)",
    re.I)


def _speaker_for_passage(ctx: _Context, qd: _Quoted, quotes: list[Quote], last: Quote | None
                         ) -> tuple[Span | None, Span | None, str | None] | None:
    """Speaker and cue of a quoted passage from the text around it.

    The parse is consulted first (a cue verb of the sentence governing the passage),
    then surface patterns: "..., he said." / "X said: '...'" / "'...', said X" /
    "according to X"; then the speaker of the previous passage when the paragraph
    continues it, or an attribution in the next sentence.
    """
    text = ctx.text
    if ctx.doc is not None:
        found = _speaker_from_parse(ctx, qd)
        if found is not None:
            return found
    s_start, _ = ctx.sentence_bounds(ctx.sentence_index(qd.start))
    _, s_end = ctx.sentence_bounds(ctx.sentence_index(max(qd.end - 1, qd.start)))
    line_end = text.find("\n", qd.end)
    line_end = len(text) if line_end < 0 else line_end
    after = text[qd.end:max(s_end, min(line_end, qd.end + 120))]
    para_start = text.rfind("\n", 0, qd.start) + 1
    before = text[max(s_start, para_start, qd.start - 160):qd.start]
    for pattern in (_CUE_AFTER, _ACCORDING_AFTER):
        m = pattern.match(after)
        if m and _plausible_speaker(m.group("speaker")):
            return _attribution(ctx, qd.end + m.start("speaker"), qd.end + m.end("speaker"),
                                qd.end + m.start("cue"), qd.end + m.end("cue"))
    m = _SPEAKER_CUE_AFTER.match(after)
    if m and _plausible_speaker(m.group("speaker")):
        return _attribution(ctx, qd.end + m.start("speaker"), qd.end + m.end("speaker"),
                            qd.end + m.start("cue"), qd.end + m.end("cue"))
    m = _DASH_SIGNATURE_AFTER.match(text[qd.end:line_end])
    if m and m.group("speaker")[:1].isupper() and _plausible_speaker(m.group("speaker").split(",")[0]):
        return _attribution(ctx, qd.end + m.start("speaker"), qd.end + m.end("speaker"),
                            qd.end + m.start("cue"), qd.end + m.end("cue"))
    m = _CUE_BEFORE.search(before)
    if m and _plausible_speaker(m.group("speaker")):
        base = qd.start - len(before)
        return _attribution(ctx, base + m.start("speaker"), base + m.end("speaker"),
                            base + m.start("cue"), base + m.end("cue"))
    # Languages that drop the subject ("«...», dijo ante los vecinos"): a cue right after
    # the passage with no speaker of its own points to the person last named before it
    # in the paragraph.
    m = _BARE_CUE_AFTER.match(after)
    if m:
        named = [e for e in ctx.entities if e.label in {"PERSON", "NAME"} and para_start <= e.start
                 and e.end <= qd.start]
        if named:
            person = named[-1]
            return _attribution(ctx, person.start, person.end, qd.end + m.start("cue"), qd.end + m.end("cue"))
    # A passage continuing the previous speaker's quote in the same or next paragraph.
    if last is not None and last.speaker is not None and 0 <= qd.start - last.end <= 3:
        return last.speaker, last.cue, last.speaker_entity
    # A whole quoted sentence with no cue of its own, in the paragraph of the last quote or
    # the next one: the same speaker goes on talking ("..., he said. '...'").
    previous = [q for q in quotes if q.speaker is not None and q.end <= qd.start]
    last = max(previous, key=lambda q: q.end) if previous else None
    if last is not None and \
            _is_full_sentence(text[qd.content_start:qd.content_end]) and \
            text[last.end:qd.start].count("\n\n") <= 1 and \
            not re.search(r"[.!?]\s+[^“”\"«»\s]", _between_marks(text, last.end, qd.start)):
        return last.speaker, last.cue, last.speaker_entity
    return None


def _between_marks(text: str, start: int, end: int) -> str:
    """The unquoted text between two passages (narration there breaks the speaker chain)."""
    return text[start:end].strip()


def _plausible_speaker(s: str) -> bool:
    words = s.split()
    if not words or len(words) > 12:
        return False
    first = words[0].lower()
    return s.strip()[:1].isupper() or first in _PRONOUNS or first in (
        "the", "a", "an", "el", "la", "los", "las", "il", "lo", "le", "de", "het", "der", "die",
        "das", "les", "un", "una", "een", "ein", "eine")


def _attribution(ctx: _Context, ss: int, se: int, cs: int, ce: int
                 ) -> tuple[Span, Span, str | None]:
    speaker = ctx.span(ss, se)
    entity = ctx.speaker_entity(speaker)
    return speaker, Span(cs, ce, ctx.text[cs:ce]), entity.key if entity else None


def _speaker_from_parse(ctx: _Context, qd: _Quoted) -> tuple[Span, Span, str | None] | None:
    doc = ctx.doc
    span = doc.char_span(qd.start, qd.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    sents = {span[0].sent.start: span[0].sent, span[-1].sent.start: span[-1].sent}
    # The sentence holding the passage, then "X said:" just before it, then "he said." after.
    ordered = list(sents.values())
    first = ordered[0]
    if first.start > 0:
        prev = doc[first.start - 1].sent
        if prev.text.rstrip().endswith(":"):
            ordered.append(prev)
    last = ordered[-1 if len(ordered) < 3 else 1]
    if last.end < len(doc):
        nxt = doc[last.end].sent
        if len(nxt) <= 8:
            ordered.append(nxt)
    inside = [t for t in span if qd.content_start <= t.idx < qd.content_end and not t.is_punct]
    quote_share = len(inside) / max(1, len([t for t in first if not t.is_punct]))
    for sent in ordered:
        for tok in sent:
            if qd.start <= tok.idx < qd.end:
                continue
            if sent is first and quote_share < 0.5 and not any(tok in t.ancestors for t in inside):
                continue  # a quoted fragment is only attributed by a cue that governs it
            if _is_cue_verb(tok) and tok.lemma_.lower() not in CLAUSE_ONLY_LEMMAS:
                subj = _subject_of(tok)
                if subj is None or qd.start <= subj.idx < qd.end:
                    continue
                ss, se = _speaker_bounds(ctx, subj, (qd.start, qd.end))
                cs, ce = _cue_bounds(tok)
                return _attribution(ctx, ss, se, cs, ce)
    return None


# --------------------------------------------------------------------------- surface cues

_NAME_PHRASE = r"(?:the\s+|a\s+|an\s+)?[A-Z](?:[\w’'&-]|\.(?=\w))*(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z](?:[\w’'&-]|\.(?=\w))*){0,5}"
_AS_REPORTED = re.compile(
    r"(?:^|,\s*|\s[—–-]\s*)(?P<cue>(?i:as)\s+(?:(?:was|has\s+been|first)\s+)?(?:reported|noted|stated|written|"
    r"said|revealed|quoted|cited)\s+(?:by|in)(?:\s+the)?)\s+(?P<speaker>" + _NAME_PHRASE + r")"
    r"(?:\s+(?i:" + "|".join(OUTLET_SUFFIXES) + r"))?")
_INVERTED_TAIL = re.compile(
    r"(?:,|\s[—–-])\s*(?P<cue>(?:notes|noted|writes|wrote|reports|reported|says|said|adds|added|"
    r"explains|explained|claims|claimed|recalls|recalled|warns|warned|argues|argued)"
    r")\s+(?P<speaker>" + _NAME_PHRASE + r")\s*[.!?]?\s*$")


def _add_surface_cues(ctx: _Context, quotes: list[Quote]) -> list[Quote]:
    """Citation cues the parser tends to get wrong: "As reported by X, ..." and "..., notes X."."""
    text = ctx.text
    taken = [(q.cue.start, q.cue.end) for q in quotes if q.cue]
    out = list(quotes)
    # Surface sentences rather than the parser's: a mis-split "As | reported by X" hides the cue.
    for s in _fallback_sentences(text):
        sentence = text[s.start:s.end]
        i = ctx.sentence_index(s.start)
        for pattern in (_AS_REPORTED, _INVERTED_TAIL):
            m = pattern.search(sentence)
            if not m:
                continue
            cue_start, cue_end = s.start + m.start("cue"), s.start + m.end("cue")
            if any(a < cue_end and cue_start < b for a, b in taken):
                continue
            phrase_start, phrase_end = s.start + m.start(), s.start + m.end()
            if pattern is _AS_REPORTED and m.start() == 0:
                comma = text.find(",", phrase_end, s.end)
                rest = (phrase_end if comma < 0 else comma + 1, s.end)
            elif pattern is _AS_REPORTED:
                rest = (s.start, phrase_start)
            else:
                rest = (s.start, phrase_start)
            cs, ce = _trim(text, rest[0], _strip_final_punct(text, *rest))
            if _word_count(text[cs:ce]) < 3:
                continue
            sp_start, sp_end = s.start + m.start("speaker"), s.start + m.end("speaker")
            if text[sp_end - 1] == "." and len(text[sp_start:sp_end].split()[-1]) > 4:
                sp_end -= 1  # the full stop, not an abbreviation
            speaker = ctx.span(sp_start, sp_end)
            entity = ctx.speaker_entity(speaker)
            # Drop a parse-based quote that wrongly took this sentence with another speaker.
            out = [q for q in out if not (q.sentence == i and q.speaker is not None and
                                          q.speaker.start <= speaker.start < q.speaker.end)]
            out.append(Quote(
                start=min(cs, cue_start), end=max(ce, speaker.end), kind="indirect",
                content=ctx.span(cs, ce), sentence=i, extractor=EXTRACTOR, speaker=speaker,
                cue=Span(cue_start, cue_end, text[cue_start:cue_end]),
                speaker_entity=entity.key if entity else None))
            taken.append((cue_start, cue_end))
    return out


# --------------------------------------------------------------------------- patterns only


_INDIRECT_PATTERN = re.compile(
    r"(?P<speaker>[^\W\d_][^.;:!?\n“”\"«»,]{0,80}?)\s+(?P<cue>(?:" + _ALL_CUE_FORMS + r"))\b"
    r"[^.;:!?\n“”\"«»]{0,40}?\s+(?P<comp>" + _ALL_COMPLEMENTISERS + r")\s*(?P<content>[^\n]+)",
    re.I)
_ACCORDING_PATTERN = re.compile(
    r"(?:^|,\s*)(?P<cue>" + _ACCORDING_TO + r")\s+(?P<speaker>[^,.;:!?\n]{2,80})", re.I)


def _indirect_from_patterns(ctx: _Context) -> list[Quote]:
    text = ctx.text
    quotes = []
    for i, s in enumerate(ctx.sentences):
        sentence = text[s.start:s.end]
        m = _INDIRECT_PATTERN.search(sentence)
        if m and _plausible_speaker(m.group("speaker")):
            cs, ce = s.start + m.start("comp"), s.start + m.end("content")
            ce = _strip_final_punct(text, cs, ce)
            speaker = ctx.span(s.start + m.start("speaker"), s.start + m.end("speaker"))
            speaker = _last_clause(ctx, speaker)
            entity = ctx.speaker_entity(speaker)
            cue = Span(s.start + m.start("cue"), s.start + m.end("cue"), m.group("cue"))
            quotes.append(Quote(start=speaker.start, end=ce, kind="indirect", content=ctx.span(cs, ce),
                                sentence=i, extractor=EXTRACTOR, speaker=speaker, cue=cue,
                                speaker_entity=entity.key if entity else None))
            continue
        m = _ACCORDING_PATTERN.search(sentence)
        if m:
            rest_start, rest_end = s.start, s.start + m.start()
            if m.start() == 0:
                rest_start, rest_end = s.start + m.end(), s.end
            rest_start, rest_end = _trim(text, rest_start, _strip_final_punct(text, rest_start, rest_end))
            if _word_count(text[rest_start:rest_end]) < 3:
                continue
            speaker = ctx.span(s.start + m.start("speaker"), s.start + m.end("speaker"))
            entity = ctx.speaker_entity(speaker)
            quotes.append(Quote(
                start=min(rest_start, speaker.start), end=max(rest_end, speaker.end), kind="indirect",
                content=ctx.span(rest_start, rest_end), sentence=i, extractor=EXTRACTOR,
                speaker=speaker, cue=Span(s.start + m.start("cue"), s.start + m.end("cue"), m.group("cue")),
                speaker_entity=entity.key if entity else None))
    return quotes


def _last_clause(ctx: _Context, speaker: Span) -> Span:
    """"Yesterday in Madrid the minister" -> keep it; "After the talks, the minister" -> the minister."""
    cut = max(speaker.text.rfind(","), speaker.text.rfind(" — "))
    if cut < 0:
        return speaker
    return ctx.span(speaker.start + cut + 1, speaker.end)


def _strip_final_punct(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".!? \n":
        end -= 1
    return end


# --------------------------------------------------------------------------- citations


_CITING = re.compile(r"\b(?:citing|cited|quoting|quoted)\s+(?P<source>[^,.;:!?\n]{2,80})", re.I)
_OUTLET_CUES = [
    re.compile(r"\b(?:as\s+)?reported\s+by\s+(?P<source>(?:the\s+)?[A-Z](?:[\w’'&-]|\.(?=\w))*(?:\s+[A-Z](?:[\w’'&-]|\.(?=\w))*){0,4})"),
    re.compile(r"\b(?:relayed|told|provided|given|sent)\s+to\s+(?:the\s+)?(?P<source>[A-Z](?:[\w’'&-]|\.(?=\w))*(?:\s+[A-Z](?:[\w’'&-]|\.(?=\w))*){0,4})"
               r"(?:\s+(?:" + "|".join(OUTLET_SUFFIXES) + r"))?"),
    re.compile(r"(?:^|[,;—–-]\s*|\s)(?:notes|noted|writes|wrote|reports|reported|reveals|revealed)\s+"
               r"(?:the\s+)?(?P<source>[A-Z](?:[\w’'&-]|\.(?=\w))*(?:\s+[A-Z](?:[\w’'&-]|\.(?=\w))*){0,4})"),
    re.compile(r"\b(?P<source>(?:the\s+)?[A-Z](?:[\w’'&-]|\.(?=\w))*(?:\s+[A-Z](?:[\w’'&-]|\.(?=\w))*){0,4})\s+"
               r"(?:said|says|wrote|writes|reported|reports|revealed|reveals)\s+in\s+(?:a|an|its|the)\s+"
               r"(?:\w+\s+){0,2}(?:report|article|story|piece|investigation|editorial)\b"),
    re.compile(r"\b(?:according\s+to|in\s+an?\s+(?:report|article|interview)\s+(?:by|with|for|in))\s+"
               r"(?:the\s+)?(?P<source>[A-Z](?:[\w’'&-]|\.(?=\w))*(?:\s+[A-Z](?:[\w’'&-]|\.(?=\w))*){0,4})\s+"
               r"(?:report|reports|article|" + "|".join(OUTLET_SUFFIXES) + r")\b"),
    re.compile(r"\b(?P<source>[A-Z](?:[\w’'&-]|\.(?=\w))*(?:\s+[A-Z](?:[\w’'&-]|\.(?=\w))*){0,3})\s+(?:"
               + "|".join(OUTLET_SUFFIXES) + r")\b", re.I if False else 0),
]


def _citations(ctx: _Context, quotes: list[Quote], credits: Iterable[str]) -> list[Citation]:
    text = ctx.text
    out: dict[tuple[str, str, int], Citation] = {}

    def add(source: str, start: int, end: int, kind: str | None, cue: Span | None,
            content: Span | None, outlet_cue: bool = False) -> None:
        source = source.strip()
        if not source or source.lower() in _PRONOUNS:
            return
        kind = kind or _source_kind(ctx, source, start, end, outlet_cue)
        if kind is None:
            return
        key = entity_key(source)
        if kind == "outlet":
            key = _known_outlet_key(ctx, key) or key
        if not key:
            return
        sentence = ctx.sentence_index(start)
        slot = (key, kind, sentence)
        if slot in out:
            c = out[slot]
            c.cue = c.cue or cue
            c.content = c.content or content
            return
        trimmed = source.rstrip(" .,;:")
        if ctx.text[start:end] == source:  # keep the offsets on the trimmed name
            end -= len(source) - len(trimmed)
        out[slot] = Citation(start=start, end=end, source=trimmed, kind=kind, sentence=sentence,
                             extractor=EXTRACTOR, key=key, cue=cue, content=content)

    outlet_mentions = _outlet_cue_mentions(ctx)
    for start, end in outlet_mentions:
        name = text[start:end]
        content = next((q.content for q in quotes if q.sentence == ctx.sentence_index(start)), None)
        add(name, start, end, "outlet", None, content)

    for q in quotes:
        if q.speaker is None:
            continue
        core = _core_name(ctx, q.speaker)
        outlet_cue = any(s <= core.start < e for s, e in outlet_mentions)
        if outlet_cue:
            continue  # already cited as an outlet above
        add(core.text, core.start, core.end, None, q.cue, q.content,
            outlet_cue=q.cue is not None and entity_key(q.cue.text) in ("report", "reports", "reported"))

    for m in _CITING.finditer(text):
        source = _citing_source(ctx, m.start("source"), m.end("source"))
        if source is not None:
            cue = Span(m.start(), m.start("source"), text[m.start():m.start("source")].strip())
            add(source.text, source.start, source.end, None, cue, None)

    last_sentence = len(ctx.sentences) - 1 if ctx.sentences else 0
    for credit in credits:
        credit = credit.strip()
        if not credit:
            continue
        at = text.rfind(credit)
        start, end = (at, at + len(credit)) if at >= 0 else (len(text), len(text))
        key = entity_key(credit)
        out[(key, "agency", last_sentence)] = Citation(
            start=start, end=end, source=credit, kind="agency", sentence=last_sentence,
            extractor=EXTRACTOR, key=key)
    return sorted(out.values(), key=lambda c: (c.start, c.end, c.kind))


def _outlet_cue_mentions(ctx: _Context) -> list[tuple[int, int]]:
    """Names that citation cues mark as outlets ("as reported by X", "notes X", "X portal")."""
    text = ctx.text
    found: list[tuple[int, int]] = []
    for pattern in _OUTLET_CUES:
        for m in pattern.finditer(text):
            start, end = m.start("source"), m.end("source")
            name = text[start:end]
            name = re.sub(r"^(?:the|The)\s+", "", name)
            start = end - len(name)
            # The cue patterns only mark names: skip sentence-initial function words.
            if not name or name.split()[0].lower() in _NOT_NAMES:
                continue
            if pattern is _OUTLET_CUES[1] or pattern is _OUTLET_CUES[5]:
                # "told X" names an outlet only when X is known or carries an outlet suffix.
                suffix = _outlet_suffix().match(text, end)
                known = _known_outlet_key(ctx, entity_key(name))
                ent = ctx.entity_over(start, end)
                if pattern is _OUTLET_CUES[1] and not (suffix or known or (ent and ent.label == "OUTLET")):
                    continue
            ent = ctx.entity_over(start, end)
            if ent is not None and (ent.label in ("GPE", "NORP", "LOC") or
                                    ent.label == "PERSON" and len(ent.text.split()) > 1):
                continue  # a place, or a person's full name: not an outlet
            found.append((start, end))
    for e in ctx.entities:
        if e.label == "OUTLET" or (e.label == "ORG" and _known_outlet_key(ctx, e.key or entity_key(e.text))):
            found.append((e.start, e.end))
    found.extend(ctx.outlets.find(text))
    # "Politico Portal", "Gazeta daily": the outlet suffix belongs to the name as written.
    suffix = _outlet_suffix()
    extended = set()
    for start, end in found:
        m = suffix.match(text, end)
        extended.add((start, m.end() if m else end))
    found = sorted(extended)
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


@functools.cache
def _outlet_suffix() -> re.Pattern[str]:
    return re.compile(r"\s+(?:" + "|".join(OUTLET_SUFFIXES) + r")\b", re.I)


_NOT_NAMES = frozenset("""
it he she they we i this that these those there here in on at for but and or as a an
according however meanwhile also his her their its our
""".split())


def _known_outlet_key(ctx: _Context, key: str) -> str | None:
    return ctx.outlets.known(key)


def _core_name(ctx: _Context, speaker: Span) -> Span:
    """The name inside a speaker phrase: "Nazeli Baghdasaryan, the spokesperson ..." -> the name."""
    ent = None
    for e in ctx.entities:
        if speaker.start <= e.start and e.end <= speaker.end and e.label in ("PERSON", "ORG", "OUTLET"):
            if ent is None or e.start < ent.start:
                ent = e
    text = ctx.text
    if ent is not None and ent.label == "PERSON":
        return Span(ent.start, ent.end, text[ent.start:ent.end])
    # Otherwise the phrase up to an appositive comma or a relative clause.
    cut = re.search(r",|\s(?:who|which|that)\b", speaker.text)
    end = speaker.start + cut.start() if cut else speaker.end
    if ent is not None and ent.start == speaker.start and ent.end >= end - 1:
        return Span(ent.start, ent.end, text[ent.start:ent.end])
    start, end = _trim(text, speaker.start, end)
    return Span(start, end, text[start:end]) if end > start else speaker


def _citing_source(ctx: _Context, start: int, end: int) -> Span | None:
    """"citing information from a Western diplomat" -> "a Western diplomat"."""
    text = ctx.text
    phrase = text[start:end]
    m = re.match(r"(?:the\s+)?(?:information|data|figures|a\s+report|reports|a\s+statement|"
                 r"statements|documents?)\s+(?:provided\s+|released\s+|published\s+)?(?:from|by)\s+",
                 phrase, re.I)
    if m:
        start += m.end()
    start, end = _trim(text, start, end)
    cut = re.search(r"\s(?:and|to|who|that|which)\s+(?:saying|say|said|says)\b|\s(?:as|while|when)\s",
                    text[start:end])
    if cut:
        end = start + cut.start()
    return Span(start, end, text[start:end]) if end > start else None


def _source_kind(ctx: _Context, source: str, start: int, end: int, outlet_cue: bool) -> str | None:
    key = entity_key(source)
    if _known_outlet_key(ctx, key):
        return "outlet"
    words = [w.lower() for w in _WORD.findall(source)]
    if not words:
        return None
    ent = ctx.entity_over(start, end)
    if ent is not None and ent.label == "OUTLET":
        return "outlet"
    if re.search(r"\s(?:" + "|".join(OUTLET_SUFFIXES) + r")$", source, re.I) and source[:1].isupper():
        return "outlet"
    if outlet_cue and ent is not None and ent.label == "ORG":
        return "outlet"
    if ent is not None and ent.label == "PERSON" and ent.start <= start + 1 and end <= ent.end + 1:
        return "person"
    head_words = words[:6]
    if any(w in _ANONYMOUS_NOUNS for w in head_words) and not (ent and ent.label == "PERSON"):
        return "anonymous"
    if any(w in _OFFICIAL_NOUNS for w in head_words):
        return "official"
    if any(w in _DOCUMENT_NOUNS for w in head_words):
        return "document"
    if ent is not None and ent.label == "PERSON":
        return "person"
    if ent is not None and ent.label in ("ORG", "GPE", "NORP"):
        return "official"
    if ctx.doc is None and all(w[:1].isupper() for w in source.split()[:3]) and len(words) <= 4:
        return "person"
    return None
