"""Cross-document entity resolution: which mentions, across a story's articles (or a
whole store), name the same person, organisation or place.

    "Igor Khovaev" (Reuters), "Chovayev" (Der Spiegel), "Игорь Ховаев" (TASS)
        -> one ResolvedEntity, canonical "Igor Khovaev", each spelling with its outlets

Rules, in the order they are applied (every knob is a named default below):

- People: a full name ("Igor Khovaev", "T. Klaar") is compared by surname and given
  names. Surnames are compared as phonetic skeletons of their transliteration (kh/ch/h,
  -ayev/-ajew, y/j/i, w/v, sh/sch/sz/ž, doubled letters...) with a similarity threshold,
  so Khovaev / Chovayev / Khovayev / Ховаев agree while Lavrov / Lavrentiev do not.
  Given names must agree too: same skeleton, a known equivalent (Sergey / Sergei /
  Siergiej), or an initial ("T." ~ "Toivo"). Clusters of full names grow by complete
  link, so "T. Klaar" can never glue "Toivo Klaar" and "Tiit Klaar" together.
- A surname alone ("Klaar") joins a full-name entity only when exactly one such entity
  in the same story matches; otherwise ("Ferreira" next to Ana and Luis Ferreira) it
  stays on its own. With ``scope="store"`` lone surnames are never linked across stories.
- Organisations and places: the same key after dropping articles, possessives and legal
  forms ("Apple Inc." ~ "Apple"), a table of common aliases ("U.S." ~ "United States"),
  acronyms built from the initials of a long form ("EU" ~ "European Union", "UE" ~
  "Unión Europea") when exactly one long form fits, and near-identical spellings.
  A capital used as an actor (labelled ORG, or possessive: "Washington's adviser")
  stands for its government and so joins the country.
- Labels: PERSON never merges with anything else; ORG, GPE and LOC may merge (taggers
  disagree on "the EU"); other labels (NORP, EVENT, ...) merge only with themselves.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from newsprism.records import EntityMention
from newsprism.transliterate import transliterate

EXTRACTOR = "newsprism.compare.entities/1"

# --------------------------------------------------------------------------- defaults

# Similarity (0..100, rapidfuzz ratio on phonetic skeletons) over which two surnames are
# taken as spellings of one name. Transliteration variants mostly reach 100 after the
# skeleton; the margin absorbs one odd letter in long names.
SURNAME_SIMILARITY = 88
# Surname skeletons shorter than this must match exactly (Kim / Kin are different people).
MIN_FUZZY_SURNAME_LENGTH = 5
# Same for given names, stricter because short given names differ by one letter (Maria / Mario).
GIVEN_NAME_SIMILARITY = 90
# Organisation / place names: near-identical spellings ("Organisation" / "Organization").
ORG_SIMILARITY = 92
MIN_FUZZY_ORG_LENGTH = 7
# Each word of a longer organisation name against its partner ("Reserve" / "Reserva").
ORG_WORD_SIMILARITY = 80
# A short form ("Ford", "Saints", "Kansas City") has at most this many words.
SHORT_FORM_MAX_WORDS = 3
# Share of the stories where a short form fits one long form that must agree on which.
SHORT_FORM_AGREEMENT = 0.6
# Acronyms considered for matching against initials of a long form.
ACRONYM_LENGTH = (2, 6)

# Titles and honorifics dropped in front of a name ("President Putin", "Foreign Minister
# Sergei Lavrov", "el presidente Zapatero"). Only dropped when a name follows.
TITLES = {
    "president", "vice president", "prime minister", "deputy prime minister", "minister",
    "foreign minister", "defence minister", "defense minister", "interior minister",
    "finance minister", "secretary of state", "secretary", "secretary-general",
    "secretary general", "chancellor", "premier", "senator", "sen", "rep", "representative",
    "gov", "governor", "mayor", "ambassador", "envoy", "special envoy", "special representative",
    "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chair", "ceo",
    "chief executive", "director", "judge", "justice", "king", "queen", "prince", "princess",
    "pope", "sheikh", "sir", "dame", "lord", "lady", "mr", "mrs", "ms", "miss", "dr", "prof",
    "professor", "gen", "lt", "col", "maj", "capt", "adm", "sgt", "cpl", "pvt", "colonel",
    "major", "captain", "admiral", "commander", "lieutenant", "sergeant", "officer", "detective",
    "inspector", "rev", "reverend", "father", "st", "saint", "mister", "madam",
    # es / it / nl / de / fr / pl
    "presidente", "presidenta", "ministro", "ministra", "primer ministro", "primo ministro",
    "canciller", "alcalde", "alcaldesa", "senor", "senora", "sr", "sra", "don", "dona",
    "signor", "signore", "signora", "sig", "dott", "ing", "avv", "on", "sindaco",
    "dhr", "mevr", "mevrouw", "heer", "de heer", "burgemeester", "minister-president",
    "herr", "frau", "bundeskanzler", "kanzler", "kanzlerin", "monsieur", "madame", "m", "mme",
    "pan", "pani", "prezydent", "premier",
}
# Words that end a multi-word title ("Secretary of State", "Secretary General").
_TITLE_TAILS = {"state", "defence", "defense", "general"}
_TITLE_WORDS = {w for t in TITLES for w in t.split()} - {"of", "de", "state", "general", "special"}

# Leading articles dropped from names, per language; "the" in any language.
ARTICLES = {
    "en": {"the"}, "es": {"el", "la", "los", "las"}, "it": {"il", "lo", "la", "i", "gli", "le", "l"},
    "nl": {"de", "het"}, "de": {"der", "die", "das"}, "fr": {"le", "la", "les", "l"},
    "pt": {"o", "a", "os", "as"},
}
# Words that are part of a surname rather than given names ("de Gaulle", "van Rompuy").
SURNAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le",
                     "ter", "ten", "bin", "ibn", "al", "el", "abu", "dos", "das", "y", "zu"}
# Generational suffixes dropped after a person's name ("W. Mark Felt Sr.").
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "jnr", "snr"}
# Given names this long that begin another given name are its short form ("Fred" ~ "Frederick").
MIN_GIVEN_PREFIX = 4
# Legal forms dropped from organisation names ("Apple Inc." ~ "Apple").
LEGAL_FORMS = {"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
               "llc", "plc", "ag", "sa", "nv", "gmbh", "spa", "bv", "sl", "srl", "lp", "llp",
               "group", "holding", "holdings"}
# Words ignored when building an acronym from a long form ("United Nations" -> UN,
# "Bank of America" -> BOA / BA).
ACRONYM_SKIP = {"of", "the", "and", "for", "in", "on", "at", "to",
                "de", "del", "la", "el", "y", "di", "della", "e", "van",
                "het", "voor", "en", "der", "des", "du", "le", "et", "&", "und"}

# Names that denote one entity across languages and conventions, beyond the names of
# countries and of the EU and UN in each language, which come from the Unicode CLDR
# (see newsprism.analyse.gazetteer.countries): abbreviations and everyday forms the CLDR
# does not list. Keys are name_key forms.
ALIASES = {
    "united states": ["us", "usa", "united states of america", "america", "eeuu", "ee uu", "eua", "vs",
                      "amerika", "verenigde staten van amerika", "stati uniti d'america",
                      "estados unidos de america", "etats-unis d'amerique"],
    "united kingdom": ["uk", "britain", "great britain", "groot-brittannie", "brittannie", "gran bretana",
                       "gran bretagna"],
    "european union": ["eu", "ue"],
    "united nations": ["un", "onu", "vn"],
    "nato": ["north atlantic treaty organization", "north atlantic treaty organisation", "otan", "navo"],
    "russia": ["russian federation"],
    "china": ["people's republic of china", "prc"],
    "european commission": ["commissione europea", "comision europea", "europese commissie",
                            "europaische kommission", "commission europeenne"],
}
# Capitals that newsrooms use for their governments ("Washington warned Moscow").
CAPITAL_GOVERNMENTS = {
    "washington": "united states", "moscow": "russia", "beijing": "china", "london": "united kingdom",
    "paris": "france", "berlin": "germany", "tokyo": "japan", "brussels": "european union",
    "kyiv": "ukraine", "kiev": "ukraine", "tehran": "iran", "ankara": "turkey", "baku": "azerbaijan",
    "yerevan": "armenia", "tbilisi": "georgia", "warsaw": "poland", "rome": "italy", "madrid": "spain",
}

# Given names that are one name in different languages or transliterations. English
# short forms ("Bill" ~ "William", "Kate" ~ "Katherine") come from the nicknames package.
GIVEN_NAME_EQUIVALENTS = [
    {"sergey", "sergei", "serguei", "siergiej", "sergej", "serhiy", "serhii", "sergio", "serge"},
    {"mikhail", "michail", "michal", "michael", "mykhailo", "mijail", "michel", "michele", "miguel",
     "mikhael"},
    {"igor", "ihor"},
    {"alexander", "aleksandr", "alexandr", "alejandro", "alessandro", "oleksandr", "aleksander",
     "alexandre", "alex"},
    {"alexei", "alexey", "aleksei", "aleksey", "oleksiy", "oleksii", "alexej", "aleksiej"},
    {"dmitry", "dmitri", "dmitriy", "dimitri", "dmytro", "dymitr"},
    {"yuri", "yury", "yuriy", "jurij", "juri", "iouri", "yurii"},
    {"vladimir", "volodymyr", "wladimir", "wlodzimierz"},
    {"nikolai", "nikolay", "mykola", "nicolai", "nikolaj", "nicholas", "nicolas", "nicola", "niccolo"},
    {"andrei", "andrey", "andriy", "andrii", "andrzej", "andrew", "andreas", "andres", "andrea",
     "andre"},
    {"pyotr", "petr", "petro", "piotr", "peter", "pietro", "pedro", "pierre", "pieter"},
    {"yevgeny", "evgeny", "evgeni", "jewgeni", "yevhen", "evgenii", "yevgeniy", "eugene", "eugenio"},
    {"john", "juan", "giovanni", "jean", "johannes", "johann", "jan", "ioannis", "joao", "jack"},
    {"george", "jorge", "giorgio", "georg", "georges", "georgy", "georgiy", "heorhiy"},
    {"william", "guillermo", "guglielmo", "wilhelm", "willem", "guillaume"},
    {"francis", "francisco", "francesco", "franz", "francois", "frans", "franciszek"},
    {"joseph", "josef", "jose", "giuseppe", "jozef", "iosif"},
    {"paul", "pablo", "paolo", "pavel", "pawel", "paulo"},
    {"charles", "carlos", "carlo", "karl", "karel", "charlie"},
    {"stephen", "steven", "stefan", "esteban", "stefano", "stepan", "etienne"},
    {"robert", "roberto"},
    {"thomas", "tomas", "tommaso", "tomasz"},
    {"james", "jaime", "giacomo", "jimmy", "jacques"},
    {"richard", "ricardo", "riccardo"},
    {"anthony", "antonio", "anton", "antoine", "antoni"},
    {"catherine", "katherine", "caterina", "catalina", "ekaterina", "yekaterina",      "kathryn", "katya",
     "katarzyna", "katharina"},
    {"elizabeth", "elisabeth", "elisabetta", "isabel", "elizaveta"},
    {"maria", "mariya", "marija", "marie", "mary", "maryia"},
    {"anna", "ana", "anne", "hanna", "ganna", "anya"},
    {"helen", "elena", "yelena", "olena", "helena", "hélène"},
    {"daniel", "daniil", "danylo", "daniele"},
]

# --------------------------------------------------------------------------- records

Scope = Literal["story", "store"]


@dataclass
class MentionRef:
    """One entity mention with what the resolver needs to know about its article.

    ``story`` groups articles into stories for lone-surname linking in ``scope="store"``
    (None: the article is its own story). ``possessive`` says the name is followed by
    's in the text ("Washington's adviser"); None lets the resolver look at the mention
    text only.
    """

    article_id: str
    source: str | None
    language: str | None
    mention: EntityMention
    story: str | None = None
    possessive: bool | None = None


@dataclass
class ResolvedEntity:
    """One person, organisation or place and every mention of it.

    ``variants`` maps each spelling used to the sorted outlets (or article ids, for
    articles without an outlet) that used it.
    """

    id: str
    label: str
    canonical: str
    variants: dict[str, list[str]] = field(default_factory=dict)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)


# --------------------------------------------------------------------------- keys

# "EU's", "Lavrov’s"; a plural possessive ("Saints'") only loses its apostrophe.
_POSSESSIVE_END = re.compile(r"(?:['’`´]s|['’`´])$", re.I)
_SPACES = re.compile(r"\s+")


def _clean_tokens(text: str) -> list[str]:
    """Transliterated, casefolded tokens; dots and quotes dropped, hyphens kept inside words."""
    t = unicodedata.normalize("NFKC", text).strip()
    t = _POSSESSIVE_END.sub("", t)
    t = re.sub(r"(?<=\w)\s*['’]s\b", "", t)  # "Singapore 's Changi Airport"
    # "Gov.Sarah Palin": an abbreviation glued to the next word.
    t = re.sub(r"(?<=\w\w)\.(?=[A-Z][a-z])", " ", t)
    t = transliterate(t).casefold()
    # "U.S." -> "us", "Igor'" (soft sign) -> "igor"; other punctuation separates words.
    t = re.sub(r"['’`´.]", "", t)
    t = re.sub(r"[^\w\s&-]", " ", t)
    t = re.sub(r"(?<!\w)-|-(?!\w)", " ", t)
    return [w for w in _SPACES.split(t) if w and w != "_"]


def _strip_titles(tokens: list[str]) -> list[str]:
    """Drop everything up to the last title word that is followed by a name.

    "u.s. president barack obama" -> "barack obama"; a title with nothing after it
    ("the president") is kept, since then it is the whole mention.
    """
    last = -1
    for i, w in enumerate(tokens[:-1]):
        if w in _TITLE_WORDS:
            last = i
    if last < 0:
        return tokens
    rest = tokens[last + 1:]
    # "Secretary of State Blinken": skip the tail of a multi-word title.
    while len(rest) > 1 and (rest[0] in ACRONYM_SKIP or rest[0] in _TITLE_TAILS):
        rest = rest[1:]
    return rest


def name_key(text: str, language: str | None = None, *, label: str | None = None) -> str:
    """A comparable form of a name: transliterated, casefolded, without possessive 's,
    leading article, or titles in front of a person's name.

    ``label`` (PERSON, ORG, ...) limits title stripping to people and unknown labels, so
    "King's College" or "President's Council" keep their words.

    >>> name_key("President Putin's"), name_key("Игорь Ховаев", "ru"), name_key("the EU's")
    ('putin', 'igor khovaev', 'eu')
    >>> name_key("Secretary of State Antony Blinken"), name_key("U.S.")
    ('antony blinken', 'us')
    """
    tokens = _clean_tokens(text)
    articles = {"the"} | ARTICLES.get((language or "").lower(), set())
    # Dutch "de" is also a surname particle ("de Vries"): only drop it before two or more words.
    while len(tokens) > 1 and tokens[0] in articles and not (tokens[0] == "de" and len(tokens) < 3):
        tokens = tokens[1:]
    if label in (None, "PERSON", "NAME", "PER"):
        tokens = _strip_titles(tokens)
    return " ".join(tokens)


# --------------------------------------------------------------------------- skeletons

_PRE_UNIDECODE = str.maketrans({"š": "sh", "Š": "sh", "ž": "zh", "Ž": "zh", "č": "ch", "Č": "ch",
                                "ś": "sh", "Ś": "sh", "ż": "zh", "Ż": "zh", "ć": "ch", "Ć": "ch",
                                "ß": "ss", "ř": "rzh", "Ř": "rzh"})
# Applied in order to a lowercased ASCII word. Upper-case letters are placeholders for
# sound classes so later rules cannot rewrite them.
_SKELETON_RULES: list[tuple[str, str]] = [
    (r"tsch|tch", "C"),
    (r"shch|szcz|sch|sh|sz|zh|zs", "S"),
    (r"cz|ts|tz|ch$|c(?=[ei])", "C"),
    (r"kh|ch|h", "H"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"ck|q|c", "k"),
    (r"x", "ks"),
    (r"dj|dzh|dz", "dZ"),
    (r"w", "v"),
    (r"z", "s"),
    (r"ou", "u"),
    (r"gu(?=[ei])", "g"),
    (r"[yj]", "i"),
    (r"ie", "e"),
    (r"ii|iy|yi", "i"),
]
_SUFFIX_RULES: list[tuple[str, str]] = [
    (r"a(?:y|j|i)?e(?:v|w|ff)$", "aev"),   # -ayev / -aev / -ajew / -aiev
    (r"(?<=[aeiou])(?:w|ff)$", "v"),        # Lavrow / Lavroff -> Lavrov
    (r"sk(?:iy|yi|yy|ij|ii|y|i)$", "ski"),  # Zelenskyy / Zelenskiy / Selenskyj
    (r"(?:iy|ij|yj|ii|yi|ie)$", "i"),      # Dmitriy / Dmitrii, Bettie / Betty
    (r"(?<=[^aeiouy])e$", ""),             # Raite / Rait, Browne / Brown
]


_SKELETON_STEPS = [(re.compile(p), r) for p, r in _SUFFIX_RULES + _SKELETON_RULES]


@functools.lru_cache(maxsize=65536)
def word_skeleton(word: str) -> str:
    """Phonetic skeleton of one name word, equal across common transliterations.

    >>> {word_skeleton(w) for w in ["Khovaev", "Chovayev", "Hovaev", "Khovayev", "Ховаев"]}
    {'Hovaev'}
    """
    w = unicodedata.normalize("NFC", word).translate(_PRE_UNIDECODE)
    w = re.sub(r"[^a-z]", "", transliterate(w).casefold())
    for pattern, repl in _SKELETON_STEPS:
        w = pattern.sub(repl, w)
    return re.sub(r"(.)\1+", r"\1", w)


def reads_alike(a: str, b: str) -> bool:
    """Two phonetic skeletons (see ``word_skeleton``): the same, or one letter apart in a
    long word; not a letter more or less ("president" is not "resident")."""
    if a == b:
        return True
    return len(a) == len(b) >= 7 and a[0] == b[0] and sum(x != y for x, y in zip(a, b)) == 1


def _similar(a: str, b: str, threshold: float, min_length: int) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < min_length:
        return False
    return fuzz.ratio(a, b) >= threshold


_GIVEN_GROUP: dict[str, int] = {}
for _i, _group in enumerate(GIVEN_NAME_EQUIVALENTS):
    for _name in _group:
        _GIVEN_GROUP.setdefault(transliterate(_name), _i)
        _GIVEN_GROUP.setdefault(word_skeleton(_name), _i)


@functools.lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    """Given name -> its English short forms ("william" -> "bill", "will", ...), from the
    nicknames package (a short form is taken only for a longer name: the table also pairs
    names of one length, such as "bill" and "fred")."""
    from nicknames import NickNamer

    return {name: frozenset(short) for name, short in NickNamer().nickname_lookup.items()}


@functools.lru_cache(maxsize=65536)
def _given_match(a: str, b: str) -> bool:
    """One given-name word against another: initial, equivalent, or same skeleton."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0] or word_skeleton(a)[:1] == word_skeleton(b)[:1]
    ga = _GIVEN_GROUP.get(a, _GIVEN_GROUP.get(word_skeleton(a)))
    gb = _GIVEN_GROUP.get(b, _GIVEN_GROUP.get(word_skeleton(b)))
    if ga is not None and ga == gb:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < len(long_) and short in _nicknames().get(long_, ()):
        return True
    if len(short) >= MIN_GIVEN_PREFIX and long_.startswith(short):
        return True
    return _similar(word_skeleton(a), word_skeleton(b), GIVEN_NAME_SIMILARITY, 4)


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class _PersonName:
    given: tuple[str, ...]   # transliterated, casefolded given-name words
    surname: str             # last word of the surname, transliterated
    skeleton: str            # phonetic skeleton of ``surname``

    @property
    def full(self) -> bool:
        return bool(self.given)

    @property
    def initials_only(self) -> bool:
        return bool(self.given) and all(len(g) == 1 for g in self.given)


def _person_name(key: str) -> _PersonName | None:
    tokens = key.split()
    while len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        tokens = tokens[:-1]
    if not tokens:
        return None
    i = len(tokens) - 1
    while i > 0 and tokens[i - 1] in SURNAME_PARTICLES:
        i -= 1
    surname_words = tokens[i:]
    given = tuple(tokens[:i])
    core = surname_words[-1]
    return _PersonName(given=given, surname=core, skeleton=word_skeleton(core))


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Every given word of the shorter list matches, in order, one of the longer list's."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # Hyphenated given names ("Jean-Pierre") also count as their parts.
    long_parts = [p for w in long_ for p in w.split("-")]
    j = 0
    for w in (p for w in short for p in w.split("-")):
        while j < len(long_parts) and not _given_match(w, long_parts[j]):
            j += 1
        if j == len(long_parts):
            return False
        j += 1
    return True


def _surnames_match(a: _PersonName, b: _PersonName) -> bool:
    return _similar(a.skeleton, b.skeleton, SURNAME_SIMILARITY, MIN_FUZZY_SURNAME_LENGTH)


def _persons_compatible(a: _PersonName, b: _PersonName) -> bool:
    if not _surnames_match(a, b):
        return False
    if a.full and b.full:
        return _given_compatible(a.given, b.given)
    return True


# --------------------------------------------------------------------------- organisations

_ALIAS_OF: dict[str, str] = {}
for _canon, _names in ALIASES.items():
    _ALIAS_OF[_canon] = _canon
    for _n in _names:
        _ALIAS_OF[" ".join(_clean_tokens(_n))] = _canon


def _org_key(key: str, *, actor: bool, language: str | None = None) -> str:
    """Key of an organisation/place: legal forms dropped, aliases and capitals resolved,
    a country named in English or in the mention's ``language`` keyed by its English
    name ("Allemagne" in French -> "germany")."""
    tokens = key.split()
    if len(tokens) > 1 and all(len(t) == 1 for t in tokens):
        tokens = ["".join(tokens)]  # "V. S." -> "vs"
    while len(tokens) > 1 and tokens[-1] in LEGAL_FORMS:
        tokens = tokens[:-1]
    k = " ".join(tokens)
    if actor and k in CAPITAL_GOVERNMENTS:
        k = CAPITAL_GOVERNMENTS[k]
    if k in _ALIAS_OF:
        return _ALIAS_OF[k]
    return _country_key(k, language) or k


@functools.lru_cache(maxsize=65536)
def _country_key(key: str, language: str | None) -> str | None:
    from newsprism.analyse.gazetteer import countries

    known = countries()
    iso = known.iso(key, language)
    return " ".join(_clean_tokens(known.english(iso))) if iso else None


def _acronyms_of(key: str) -> set[str]:
    """Acronyms a long form could be written as: initials with and without function words,
    hyphenated words as one or as several ("Co-operation")."""
    out = set()
    for words in (key.split(), re.split(r"[\s-]+", key)):
        words = [w for w in words if w and w != "&"]
        if len(words) < 2:
            continue
        content = [w for w in words if w not in ACRONYM_SKIP]
        trimmed = [w for w in content if w not in LEGAL_FORMS]
        for variant in (words, content, trimmed):
            if len(variant) >= 2:
                out.add("".join(w[0] for w in variant))
    return {a for a in out if ACRONYM_LENGTH[0] <= len(a) <= ACRONYM_LENGTH[1]}


def _looks_like_acronym(text: str, key: str) -> bool:
    letters = re.sub(r"[^\w]", "", transliterate(text))
    if not (ACRONYM_LENGTH[0] <= len(key) <= ACRONYM_LENGTH[1]) or " " in key:
        return False
    # "EU", "U.S.", "BoA": mostly capitals, or dotted.
    return letters.isupper() or "." in text or sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


# --------------------------------------------------------------------------- resolution


def _group_of(label: str) -> str:
    if label in ("PERSON", "PER"):
        return "PERSON"
    if label in ("ORG", "GPE", "LOC", "FAC", "NAME"):
        return "ORGPLACE"
    return label


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _is_possessive(ref: MentionRef) -> bool:
    if ref.possessive is not None:
        return ref.possessive
    return bool(_POSSESSIVE_END.search(ref.mention.text.strip()))


def _similar_skeletons(skeletons: Iterable[str], threshold: float, min_length: int) -> dict[str, set[str]]:
    """For each skeleton, the skeletons similar to it (itself included); rapidfuzz does
    the all-pairs work in C so a store with thousands of names stays fast."""
    unique = sorted(set(skeletons))
    similar = {s: {s} for s in unique}
    long_ones = [s for s in unique if len(s) >= min_length]
    for s in long_ones:
        for match, _score, _ in process.extract(s, long_ones, scorer=fuzz.ratio, score_cutoff=threshold,
                                                limit=None):
            similar[s].add(match)
    return similar


def _resolve_people(refs: list[MentionRef], scope: Scope) -> list[list[MentionRef]]:
    """Cluster PERSON mentions: full names by complete link, lone surnames per story."""
    by_key: dict[str, list[MentionRef]] = defaultdict(list)
    for r in refs:
        by_key[name_key(r.mention.text, r.language, label="PERSON")].append(r)
    names = {k: n for k in by_key if k and (n := _person_name(k))}
    # Two surnames (Spanish and Portuguese usage): "Rodrigo Salcedo Ibarra" is the
    # "Rodrigo Salcedo" of other mentions when that shorter full name occurs too.
    for k in list(names):
        tokens = k.split()
        if len(tokens) >= 3 and " ".join(tokens[:-1]) in names and names[" ".join(tokens[:-1])].full:
            names[k] = names[" ".join(tokens[:-1])]
    full_keys = sorted(k for k, n in names.items() if n.full and not n.initials_only)
    partial_keys = sorted(k for k, n in names.items() if not n.full or n.initials_only)
    similar = _similar_skeletons((n.skeleton for n in names.values()), SURNAME_SIMILARITY,
                                 MIN_FUZZY_SURNAME_LENGTH)
    full_by_skeleton: dict[str, list[str]] = defaultdict(list)
    for k in full_keys:
        full_by_skeleton[names[k].skeleton].append(k)

    # Full names: agglomerate by complete link, strongest evidence first.
    clusters: dict[int, list[str]] = {i: [k] for i, k in enumerate(full_keys)}
    owner = {k: i for i, k in enumerate(full_keys)}
    candidates = []
    for a in full_keys:
        na = names[a]
        for skeleton in similar[na.skeleton]:
            for b in full_by_skeleton.get(skeleton, ()):
                nb = names[b]
                if a < b and _persons_compatible(na, nb):
                    score = fuzz.ratio(na.skeleton, nb.skeleton) + (10 if na.given == nb.given else 0)
                    candidates.append((-score, a, b))
    for _, a, b in sorted(candidates):
        ca, cb = owner[a], owner[b]
        if ca == cb:
            continue
        if all(_persons_compatible(names[x], names[y]) for x in clusters[ca] for y in clusters[cb]):
            clusters[ca].extend(clusters.pop(cb))
            for k in clusters[ca]:
                owner[k] = ca

    # Lone surnames and initials: the one full-name entity of their story that fits.
    story_clusters: dict[str, set[int]] = defaultdict(set)
    for k in full_keys:
        for r in by_key[k]:
            story_clusters[_story_of(r, scope)].add(owner[k])
    groups: dict[object, list[MentionRef]] = defaultdict(list)
    for k in full_keys:
        groups[("full", owner[k])].extend(by_key[k])
    for k in partial_keys:
        n = names[k]
        for r in by_key[k]:
            story = _story_of(r, scope)
            fits = [c for c in sorted(story_clusters.get(story, ()))
                    if names[clusters[c][0]].skeleton in similar[n.skeleton]
                    and all(_persons_compatible(n, names[m]) for m in clusters[c])]
            if len(fits) == 1:
                groups[("full", fits[0])].append(r)
            else:
                # Unlinked: spellings of one surname in one story stay together.
                groups[("partial", story, n.skeleton, n.given[:1])].append(r)
    for k, members in by_key.items():
        if k not in names:
            groups[("unnamed", k)].extend(members)
    return _merge_partial_spellings(groups)


def _merge_partial_spellings(groups: dict[object, list[MentionRef]]) -> list[list[MentionRef]]:
    """Unlinked lone surnames in one story: merge spellings whose skeletons are similar."""
    out: list[list[MentionRef]] = []
    by_story: dict[tuple, list[tuple]] = defaultdict(list)
    for key, members in groups.items():
        if isinstance(key, tuple) and key[0] == "partial":
            by_story[(key[1], key[3])].append(key)
        else:
            out.append(members)
    for keys in by_story.values():
        keys.sort(key=repr)
        uf = _UnionFind()
        for i, a in enumerate(keys):
            uf.find(i)
            for j in range(i + 1, len(keys)):
                if _similar(a[2], keys[j][2], SURNAME_SIMILARITY, MIN_FUZZY_SURNAME_LENGTH):
                    uf.union(i, j)
        merged: dict[int, list[MentionRef]] = defaultdict(list)
        for i, k in enumerate(keys):
            merged[uf.find(i)].extend(groups[k])
        out.extend(merged.values())
    return out


def _story_of(ref: MentionRef, scope: Scope) -> str:
    if scope == "story":
        return ""
    return ref.story if ref.story is not None else f"article:{ref.article_id}"


def _spellings_match(a: list[str], b: list[str]) -> bool:
    """Two organisation/place names (as word skeletons) spelled nearly alike, word by word.

    One-word names need ORG_SIMILARITY; longer names need every word to find a partner
    (in any order: "Federal Reserve" ~ "Reserva Federal") and one word to agree exactly,
    so "Changi Airport" never matches "Chiang Mai Airport".
    """
    if len(a) != len(b):
        return False
    if len(a) == 1:
        return _similar(a[0], b[0], ORG_SIMILARITY, MIN_FUZZY_ORG_LENGTH)
    if not set(a) & set(b):
        return False
    unused = list(b)
    for word in a:
        partner = next((w for w in unused if w == word), None)
        if partner is None:
            partner = next((w for w in unused if _similar(word, w, ORG_WORD_SIMILARITY, 4)), None)
        if partner is None:
            return False
        unused.remove(partner)
    return True


def _short_form_of(short: list[str], long_: list[str]) -> bool:
    """``short`` is the first or last words of ``long_``: "Ford" / "Ford Motor Company",
    "Saints" / "New Orleans Saints", "Kansas City" / "Kansas City Chiefs"."""
    n = len(short)
    return n < len(long_) and (long_[:n] == short or long_[-n:] == short)


def _resolve_orgs(refs: list[MentionRef], scope: Scope) -> list[list[MentionRef]]:
    """Cluster organisations and places: same key, aliases, near spellings, unique
    acronyms, and short forms that fit exactly one long form in their story."""
    by_key: dict[str, list[MentionRef]] = defaultdict(list)
    for r in refs:
        actor = r.mention.label == "ORG" or _is_possessive(r)
        base = name_key(r.mention.text, r.language, label=r.mention.label)
        by_key[_org_key(base, actor=actor, language=r.language)].append(r)
    keys = sorted(by_key)
    index = {k: i for i, k in enumerate(keys)}
    uf = _UnionFind()
    for k in keys:
        uf.find(index[k])
    # "Wal-Mart" / "Wal - Mart" / "Walmart": one name however it is split.
    compact: dict[str, int] = {}
    for k in keys:
        uf.union(index[k], compact.setdefault(re.sub(r"[\s-]", "", k), index[k]))
    words = {k: k.split() for k in keys}
    skeletons = {k: [word_skeleton(w) for w in words[k]] for k in keys}

    # Near-identical spellings. One-word names through rapidfuzz's all-pairs search,
    # longer names only against names sharing one of their words.
    one_word: dict[str, list[str]] = defaultdict(list)
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for k in keys:
        if len(skeletons[k]) == 1:
            one_word[skeletons[k][0]].append(k)
        else:
            for w in set(skeletons[k]):
                blocks[(len(skeletons[k]), w)].append(k)
    similar = _similar_skeletons(one_word, ORG_SIMILARITY, MIN_FUZZY_ORG_LENGTH)
    for skeleton, members in one_word.items():
        for other in similar[skeleton]:
            for k in one_word[other] + members[1:]:
                uf.union(index[members[0]], index[k])
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if uf.find(index[a]) != uf.find(index[b]) and _spellings_match(skeletons[a], skeletons[b]):
                    uf.union(index[a], index[b])

    # Acronyms: link when exactly one long-form cluster fits.
    long_forms: dict[str, set[int]] = defaultdict(set)
    for k in keys:
        for acronym in _acronyms_of(k):
            long_forms[acronym].add(index[k])
    for k in keys:
        if not any(_looks_like_acronym(r.mention.text, k) for r in by_key[k]):
            continue
        fits = {uf.find(i) for i in long_forms.get(k.replace("-", ""), set())}
        fits.discard(uf.find(index[k]))
        if len(fits) == 1:
            uf.union(index[k], fits.pop())

    # Short forms: in each story, the one long form of the same kind (organisation or
    # place) that starts or ends with the short form's words. Stories vote: a short form
    # that fits different long forms in different stories ("Apple" / "Apple Computer",
    # "Apple" / "Apple Corps") joins the one most stories agree on, if they clearly do.
    # Countries and cities are names in their own right: "Singapore" is not short for
    # "Singapore Changi Airport".
    def may_be_short(k: str) -> bool:
        return sum(r.mention.label == "GPE" for r in by_key[k]) * 2 < len(by_key[k])

    def kind(k: str) -> str:
        labels = Counter("ORG" if r.mention.label == "ORG" else "PLACE" for r in by_key[k])
        return labels.most_common(1)[0][0]

    kinds = {k: kind(k) for k in keys}
    story_keys: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        for r in by_key[k]:
            story_keys[_story_of(r, scope)].add(k)
    short_votes: dict[str, Counter] = defaultdict(Counter)
    for story, in_story in story_keys.items():
        multi = [k for k in in_story if len(words[k]) > 1]
        for k in in_story:
            if len(words[k]) > SHORT_FORM_MAX_WORDS or not may_be_short(k):
                continue
            fits = {uf.find(index[m]) for m in multi
                    if kinds[m] == kinds[k] and _short_form_of(words[k], words[m])}
            fits.discard(uf.find(index[k]))
            if len(fits) == 1:
                short_votes[k][fits.pop()] += 1
    for k, votes in sorted(short_votes.items()):
        target, n = votes.most_common(1)[0]
        if n >= SHORT_FORM_AGREEMENT * sum(votes.values()):
            uf.union(index[k], target)

    merged: dict[int, list[MentionRef]] = defaultdict(list)
    for k in keys:
        merged[uf.find(index[k])].extend(by_key[k])
    return list(merged.values())


def _resolve_exact(refs: list[MentionRef]) -> list[list[MentionRef]]:
    by_key: dict[str, list[MentionRef]] = defaultdict(list)
    for r in refs:
        by_key[name_key(r.mention.text, r.language, label=r.mention.label)].append(r)
    return list(by_key.values())


_LABEL_PREFERENCE = {"PERSON": 5, "ORG": 4, "GPE": 3, "LOC": 2, "FAC": 1}


def _display(text: str, language: str | None, label: str) -> str:
    """The name as a reader would want it shown: no possessive, article or title."""
    t = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    t = _POSSESSIVE_END.sub("", t).strip()
    words = t.split(" ")
    articles = {"the"} | ARTICLES.get((language or "").lower(), set())
    while len(words) > 1 and words[0].casefold() in articles:
        words = words[1:]
    if label in ("PERSON", "PER", "NAME"):
        folded = [transliterate(w).casefold().strip(".") for w in words]
        kept = _strip_titles(folded)
        words = words[len(words) - len(kept):]
    return " ".join(words)


def _script(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return name.split(" ")[0] if name else "OTHER"
    return "OTHER"


def _build_entity(members: list[MentionRef]) -> ResolvedEntity:
    labels = Counter(r.mention.label for r in members)
    if len(labels) > 1:
        labels.pop("NAME", None)  # an untyped name takes the type its entity has elsewhere
    label = max(labels, key=lambda lab: (labels[lab], _LABEL_PREFERENCE.get(lab, 0), lab))
    scripts = Counter(_script(r.mention.text) for r in members)
    languages = Counter(r.language for r in members)
    forms: Counter[str] = Counter()
    form_language: dict[str, Counter] = defaultdict(Counter)
    for r in members:
        d = _display(r.mention.text, r.language, label)
        forms[d] += 1
        form_language[d][r.language] += 1

    def rank(form: str) -> tuple:
        words = [w for w in form.split() if len(w.strip(".")) > 1]
        completeness = min(len(words), 3) if label in ("PERSON", "PER") else len(words)
        language_share = sum(languages[lang] for lang in form_language[form])
        script = _script(form)
        # Ties between scripts go to Latin, the script every reader of the brief can search.
        return (scripts[script], script == "LATIN", completeness, forms[form], language_share,
                len(form), form)

    canonical = max(forms, key=rank)
    variants: dict[str, set[str]] = defaultdict(set)
    for r in members:
        variants[_SPACES.sub(" ", r.mention.text.strip())].add(r.source or r.article_id)
    mentions = sorted({(r.article_id, r.mention.start, r.mention.end) for r in members})
    digest = hashlib.sha1(f"{label}|{mentions[0]}".encode()).hexdigest()[:12]
    return ResolvedEntity(id=f"ent-{digest}", label=label, canonical=canonical,
                          variants={v: sorted(s) for v, s in sorted(variants.items())},
                          mentions=mentions)


def _place_untyped_names(pools: dict[str, list[MentionRef]]) -> None:
    """Names without a type (label NAME, from the model-free tagger) join the people when
    they spell a person's name or surname found elsewhere, else organisations/places."""
    untyped = [r for r in pools.get("ORGPLACE", []) if r.mention.label == "NAME"]
    if not untyped or not pools.get("PERSON"):
        return
    person_keys, surnames = set(), set()
    for r in pools["PERSON"]:
        key = name_key(r.mention.text, r.language, label="PERSON")
        if (name := _person_name(key)) is not None:
            person_keys.add(key)
            surnames.add(name.skeleton)
    moved = []
    for r in untyped:
        key = name_key(r.mention.text, r.language, label="PERSON")
        if key in person_keys or (" " not in key and key and word_skeleton(key) in surnames):
            moved.append(r)
    if moved:
        ids = {id(r) for r in moved}
        pools["ORGPLACE"] = [r for r in pools["ORGPLACE"] if id(r) not in ids]
        pools["PERSON"].extend(moved)


def resolve_entities(mentions: Iterable[MentionRef], *, scope: Scope = "story") -> list[ResolvedEntity]:
    """Group mentions naming the same person, organisation or place.

    ``scope="story"``: the mentions come from one story, so a lone surname may join the
    one full name it fits anywhere in the input. ``scope="store"``: the mentions span
    many stories; full names still merge across stories, lone surnames only within their
    own story (``MentionRef.story``, else their article).

    Entities come back largest first, then by canonical name.

    >>> from newsprism.records import EntityMention
    >>> def ref(aid, text, src):
    ...     return MentionRef(aid, src, "en", EntityMention(0, len(text), text, "PERSON", 0, "", "t"))
    >>> [e.canonical for e in resolve_entities([ref("a", "Toivo Klaar", "BBC"), ref("b", "Klaar", "AP")])]
    ['Toivo Klaar']
    """
    if scope not in ("story", "store"):
        raise ValueError(f"scope must be 'story' or 'store', not {scope!r}")
    pools: dict[str, list[MentionRef]] = defaultdict(list)
    for ref in mentions:
        pools[_group_of(ref.mention.label)].append(ref)
    _place_untyped_names(pools)
    groups: list[list[MentionRef]] = []
    for pool, refs in sorted(pools.items()):
        if pool == "PERSON":
            groups.extend(_resolve_people(refs, scope))
        elif pool == "ORGPLACE":
            groups.extend(_resolve_orgs(refs, scope))
        else:
            groups.extend(_resolve_exact(refs))
    entities = [_build_entity(g) for g in groups if g]
    entities.sort(key=lambda e: (-len(e.mentions), e.canonical, e.id))
    return entities
