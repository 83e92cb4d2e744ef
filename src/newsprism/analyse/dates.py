"""Date and time expressions: finding them in an article and normalising them.

A phrase such as "on Wednesday", "last month", "September 17", "nine-month" or "two days
before the offensive" becomes a :class:`~newsprism.records.TimeExpression` carrying an
ISO-like value at the phrase's granularity ("2023-10-04", "2023-09", "2023-W40",
"2023-Q3", "2023-10-04T10:00"), an ISO duration ("P9M") or an offset relative to another
event.

Everything that depends on "now" is resolved against the article's publication date, with
the conventions of news writing rather than those of a calendar app:

- a bare weekday ("on Wednesday") is the most recent such day on or before publication
  (the publication day included); "next Wednesday" is the first one after it;
- a day and month without a year ("September 17") is the most recent occurrence on or
  before publication, with a week of look-ahead for announced events (the next one in
  the future tense), unless that is over ten months back (half a year ahead): then the
  nearest one;
- "last month" / "last year" / "last week" are the previous calendar month / year /
  ISO week, at that granularity, never a day 30 or 365 days back;
- lengths of time ("nine-month", "24 hours", "two days") are durations with no date;
- "the following day", "two days before <event>" are relative to an event, not to
  publication: they carry ``offset_days`` and the event phrase in ``relative_to``.

dateparser (with past-preferring settings anchored on the publication date) handles the
forms the rules here do not; ``search_dates`` is never used because it drops days.
Without a publication date, absolute dates with a year are still resolved and everything
relative stays unresolved.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from newsprism.analyse._sentences import sentence_index
from newsprism.records import Granularity, Sentence, TimeExpression, TimeKind

EXTRACTOR = "newsprism.dates/1"

# An announced event ("the summit on September 20") may lie a little after publication.
LOOKAHEAD_DAYS = 7
# TimeML's season codes, and the month each begins (meteorological, northern hemisphere)
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_RE_SEASON = re.compile(
    r"(?:the\s+)?(?P<which>last|this\s+past|past|this\s+coming|coming|this|next)?\s*"
    r"(?:(?:early|late|mid)[\s-]+)?(?P<season>spring|summer|fall|autumn|winter)"
    r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?")


@dataclass
class DateReading:
    """What one date/time phrase means; the fields of :class:`TimeExpression` minus offsets."""

    kind: TimeKind
    value: str | None = None
    granularity: Granularity | None = None
    duration: str | None = None
    relative_to: str | None = None
    offset_days: int | None = None
    anchor: str | None = None  # "publication" or "event"

    def as_dict(self) -> dict[str, Any]:
        """Plain dict form (the same keys as the attributes)."""
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------- vocabulary

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a hundred": 100, "one hundred": 100, "dozen": 12, "a dozen": 12, "half a": 0.5,
    "a couple of": 2, "a couple": 2, "couple of": 2,
    # es / it / nl / de / fr small numbers, for "hace dos días", "due giorni fa", ...
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "due": 2, "tre": 3, "quattro": 4, "cinque": 5,
    "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "een": 1, "twee": 2,
    "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "fünf": 5, "sechs": 6,
    "sieben": 7, "neun": 9, "zehn": 10, "un": 1, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
}
_VAGUE_QUANTITIES = {"a few", "few", "several", "some", "many", "a number of", "the past few",
                     "the next few", "the last few", "recent", "the coming", "unos", "unas",
                     "algunos", "algunas", "pochi", "alcuni", "alcune", "enkele", "een paar",
                     "einigen", "einige", "ein paar", "quelques"}
_TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS_EN = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "fortnight": ("W2", False),
    "month": ("M", False), "quarter": ("Q", False), "year": ("Y", False),
    "decade": ("Y10", False), "century": ("Y100", False),
}
# Non-English unit words (singular and plural) -> English unit.
_UNIT_WORDS_OTHER = {
    "día": "day", "días": "day", "dia": "day", "dias": "day", "semana": "week",
    "semanas": "week", "mes": "month", "meses": "month", "año": "year", "años": "year",
    "hora": "hour", "horas": "hour", "giorno": "day", "giorni": "day", "settimana": "week",
    "settimane": "week", "mese": "month", "mesi": "month", "anno": "year", "anni": "year",
    "ora": "hour", "ore": "hour", "dag": "day", "dagen": "day", "week": "week",
    "weken": "week", "maand": "month", "maanden": "month", "jaar": "year", "jaren": "year",
    "uur": "hour", "tag": "day", "tage": "day", "tagen": "day", "woche": "week",
    "wochen": "week", "monat": "month", "monate": "month", "monaten": "month",
    "jahr": "year", "jahre": "year", "jahren": "year", "stunde": "hour", "stunden": "hour",
    "jour": "day", "jours": "day", "semaine": "week", "semaines": "week", "mois": "month",
    "an": "year", "ans": "year", "année": "year", "années": "year", "heure": "hour",
    "heures": "hour",
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "final": 4, "last": 4}
_SET_ADVERBS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
                "annually": "P1Y", "yearly": "P1Y", "quarterly": "P3M", "hourly": "PT1H",
                "diario": "P1D", "diariamente": "P1D", "semanal": "P1W", "mensual": "P1M",
                "anual": "P1Y", "giornalmente": "P1D", "quotidianamente": "P1D",
                "settimanale": "P1W", "mensile": "P1M", "annuale": "P1Y", "dagelijks": "P1D",
                "wekelijks": "P1W", "maandelijks": "P1M", "jaarlijks": "P1Y", "täglich": "P1D",
                "wöchentlich": "P1W", "monatlich": "P1M", "jährlich": "P1Y",
                "quotidiennement": "P1D", "hebdomadaire": "P1W", "mensuel": "P1M",
                "annuellement": "P1Y"}
# Words that make a bare English month name a date rather than the modal "may" or
# the verb "march".
_MONTH_LEAD_WORDS = {"in", "since", "by", "until", "till", "of", "during", "early", "late",
                     "mid", "last", "next", "this", "before", "after", "from", "through",
                     "to", "between", "and", "or", "since", "past", "end", "beginning"}
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "mayo", "mai"}
# Future tense in the clause of a weekday or a day without a year ("will meet on
# Tuesday", "is scheduled for March 30"): the next occurrence is meant, not the last.
_FUTURE_CUES = re.compile(
    r"(\bwill|\bwon't|'ll|\bshall|\bis to|\bare to|\bdue|\bscheduled|\bexpected|"
    r"\bplans? to|\bplanning|\bplanned|\bset to|\bsupposed to|\bupcoming|\bgoing to|"
    r"\bto be held|\bwould|\bcould|\bshould|\bmight|\bpayable|\bexpires?|\beffective|"
    r"\btakes effect|\bas early as|\bas soon as|\bdeadline|\buntil|\bthrough|"
    r"\bcourt date|\bnext court|\bhearing is|\barraignment is|\bis set for|\bare set for|\bslated|"
    r"\boffer(?:ed|s)? to|\bagree(?:d|s)? to|\bpromis(?:ed|es) to|\bvow(?:ed|s)? to|\bpledg(?:ed|es) to|"
    r"\bthreaten(?:ed|s)? to|\binvit(?:ed|es)\b|"
    # es / it / nl / de / fr: "citó ... para el jueves", "el próximo lunes", "se reunirá"
    r"\bpróxim[oa]|\bprevist[oa]|\w+(?:rá|rán)|\bprossim[oa]|"
    r"\w+(?:rà|ranno)|\bvolgende|\bzal|\bzullen|\bnächste[nr]?|\bwird|\bwerden|"
    r"\bprochaine?|\bsera|\bseront)\b", re.I)
# A past reporting verb right before the phrase ("said Friday that he would...") fixes
# the phrase to the past whatever the rest of the clause says.
_PAST_VERB_BEFORE = re.compile(r"\b(?:said|says|told|announced|reported|added|stated|"
                               r"confirmed|declared|disclosed|(?<!\bbe )(?<!\bbeen )\w+ed)"
                               r"\s+(?:on\s+)?$", re.I)


@dataclass(frozen=True)
class _Vocabulary:
    months: dict[str, int]  # lowercased name or abbreviation -> month number
    month_full: frozenset[str]  # names that need no following day or period
    weekdays: dict[str, int]  # lowercased name -> 0 (Monday) .. 6
    relative_days: dict[str, tuple[str, int]]  # "yesterday" -> ("day", -1)
    month_pattern: str
    weekday_pattern: str
    relative_pattern: str


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.lru_cache(maxsize=16)
def _vocabulary(language: str) -> _Vocabulary:
    """Month, weekday and "yesterday"-type words for ``language``, from dateparser's data."""
    try:
        info = importlib.import_module(
            f"dateparser.data.date_translation_data.{language}").info
    except ImportError:
        info = importlib.import_module("dateparser.data.date_translation_data.en").info
    months: dict[str, int] = {}
    full: set[str] = set()
    for number, key in enumerate(_MONTH_KEYS, 1):
        names = [n.lower() for n in info.get(key, []) if len(n) >= 3]
        for name in names:
            months[name] = number
        if names:
            full.add(max(names, key=len))
    weekdays: dict[str, int] = {}
    for number, key in enumerate(_WEEKDAY_KEYS):
        names = [n.lower() for n in info.get(key, []) if len(n) >= 3]
        if names:
            # the full name and its inflections ("суббота", "в субботу"; "sobota", "w sobotę"),
            # not the abbreviations ("сб", "sob")
            longest = max(len(n) for n in names)
            for name in names:
                if len(name) >= max(4, longest - 2):
                    weekdays[name] = number
    if language == "en":
        weekdays.update({"tues": 1, "weds": 2, "thurs": 3})
    relative: dict[str, tuple[str, int]] = {}
    for key, phrases in info.get("relative-type", {}).items():
        match = re.fullmatch(r"(in )?(\d+) (day|week|month|year)( ago)?", key)
        if not match:
            continue
        amount = int(match.group(2)) * (1 if match.group(1) else -1)
        for phrase in phrases:
            # "till date", "this mo", "last wk": abbreviations too loose for running text
            if len(phrase) < 4 or re.search(r"\b(mo|wk|yr|sem|sett|till)\b", phrase.lower()):
                continue
            relative[phrase.lower()] = (match.group(3), amount)
    if language == "en":
        relative.update({"tonight": ("day", 0), "this morning": ("day", 0),
                         "this afternoon": ("day", 0), "this evening": ("day", 0),
                         "last night": ("day", -1), "yesterday morning": ("day", -1),
                         "overnight": ("day", 0), "earlier today": ("day", 0),
                         "earlier this week": ("week", 0), "earlier this month": ("month", 0),
                         "earlier this year": ("year", 0), "later this year": ("year", 0),
                         "later this month": ("month", 0), "later this week": ("week", 0),
                         "the past week": ("week", -1), "the previous week": ("week", -1),
                         "late last year": ("year", -1), "early last year": ("year", -1),
                         "the day before yesterday": ("day", -2)})
    month_pattern = _alternation(list(months))
    weekday_pattern = _alternation(list(weekdays))
    relative_pattern = _alternation(list(relative))
    return _Vocabulary(months, frozenset(full), weekdays, relative, month_pattern,
                       weekday_pattern, relative_pattern)


# --------------------------------------------------------------------------- helpers


def _as_datetime(published: datetime | date | None) -> datetime | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.replace(tzinfo=None)
    return datetime(published.year, published.month, published.day)


def _day(d: date) -> str:
    return d.strftime("%Y-%m-%d")


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(word: str) -> float | None:
    """A count written in digits or words ("24", "nine", "twenty-four")."""
    word = word.lower().strip().replace(",", "")
    half = re.fullmatch(r"(\d+)[\s-]+1/2|(\d+)½|(\w+) and a half", word)
    if half:
        whole = _number(half.group(1) or half.group(2) or half.group(3))
        return None if whole is None else whole + 0.5
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    parts = re.split(r"[\s-]+", word)
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        first, second = _NUMBER_WORDS[parts[0]], _NUMBER_WORDS[parts[1]]
        if first >= 20 and second < 10:
            return first + second
        if second == 100:
            return first * 100
    return None


def _iso_duration(amount: float | None, unit: str) -> str:
    """ISO 8601 duration: (9, "month") -> "P9M"; (24, "hour") -> "PT24H"; None -> "PXM"."""
    code, is_time = _UNITS_EN[unit]
    multiplier = 1
    if code == "Q":  # ISO 8601 has no quarter designator
        multiplier, code = 3, "M"
    if code in ("Y10", "Y100"):
        multiplier, code = int(code[1:]), "Y"
    elif code == "W2":
        multiplier, code = 2, "W"
    if amount is None:
        text = "X"
    else:
        total = amount * multiplier
        text = str(int(total)) if float(total).is_integer() else f"{total:g}"
        smaller = {"H": ("M", 60, True), "Y": ("M", 12, False), "D": ("H", 24, True),
                   "W": ("D", 7, False), "M": ("D", 30, False) if not is_time else ("S", 60, True)}
        if not float(total).is_integer() and code in smaller:
            small_code, factor, small_is_time = smaller[code]
            part = int(round((total % 1) * factor))
            head = "PT" if is_time else "P"
            tail = ("T" if small_is_time and not is_time else "") + f"{part}{small_code}"
            return f"{head}{int(total)}{code}{tail}"
    return f"PT{text}{code}" if is_time else f"P{text}{code}"


def _offset_in_days(amount: float | None, unit: str) -> int | None:
    if amount is None or not float(amount).is_integer():
        return None
    if unit in ("day", "night"):
        return int(amount)
    if unit == "week":
        return int(amount) * 7
    if unit == "fortnight":
        return int(amount) * 14
    return None


def _most_recent_weekday(published: datetime, weekday: int) -> date:
    return (published - timedelta(days=(published.weekday() - weekday) % 7)).date()


def _next_weekday(published: datetime, weekday: int) -> date:
    return (published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)).date()


def _looks_future(context: str) -> bool:
    """Whether the clause before a time phrase is in the future tense."""
    if _PAST_VERB_BEFORE.search(context):
        return False
    # "citó a los agricultores para el jueves": a day something is set for
    return bool(_FUTURE_CUES.search(context) or re.search(r"\b(?:para|pour)\s*$", context, re.I))


def _year_for(month: int, day: int | None, published: datetime, future: bool) -> int:
    """The year of a day/month given without one.

    A day ("Nov. 15"): the occurrence the tense points to (the last one on or before
    publication, plus a week of look-ahead; the next one when the sentence speaks of the
    future) when that is within ten months back or half a year ahead, else the nearest
    one: news gives the year of a day further away, so "Dec. 15" in an article of 2
    November is this December's, and "Jan. 14" in one of 6 January is next week's.
    A month alone ("in March"): the last one begun by publication, or the next one in
    the future tense.
    """
    if day is not None:
        return _year_for_day(month, day, published, future)
    for year in (published.year + 1, published.year, published.year - 1):
        candidate = datetime(year, month, 1)
        if future:
            continue
        if candidate <= published:
            return year
    if future:
        for year in (published.year, published.year + 1):
            month_end = _shift_month(year, month, 1)
            if datetime(*month_end, 1) - timedelta(days=1) >= published.replace(hour=0, minute=0, second=0,
                                                                                 microsecond=0):
                return year
    return published.year - 1


HALF_YEAR_DAYS = 183
PAST_REACH_DAYS = 300


def _year_for_day(month: int, day: int, published: datetime, future: bool) -> int:
    today = published.replace(hour=0, minute=0, second=0, microsecond=0)
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(datetime(year, month, day))
        except ValueError:  # 29 February
            continue
    if not candidates:
        return published.year
    if future:
        ahead = [c for c in candidates if c >= today]
        chosen = ahead[0] if ahead else None
    else:
        behind = [c for c in candidates if c <= today + timedelta(days=LOOKAHEAD_DAYS)]
        chosen = behind[-1] if behind else None
    # news looks back further than it looks ahead: a past day stands up to ten months back
    if chosen is None or abs((chosen - today).days) > (HALF_YEAR_DAYS if future else PAST_REACH_DAYS):
        chosen = min(candidates, key=lambda c: abs((c - today).days))
    return chosen.year


# --------------------------------------------------------------------------- patterns

_NUM_WORD = (r"\d+[\s-]+1/2|\d+½|\d+(?:\.\d+)?|(?:" + _TENS + r")(?:[\s-](?:one|two|three|four|five|six|seven|"
             r"eight|nine))?|" + _alternation([w for w in _NUMBER_WORDS if " " not in w]))
_QUANTITY = (r"(?P<qty>" + _alternation([w for w in _NUMBER_WORDS if " " in w]) + "|"
             + _alternation(sorted(_VAGUE_QUANTITIES)) + "|" + _NUM_WORD + ")")
_UNIT = (r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|"
         r"quarters?|years?|decades?|century|centuries)")
_UNIT_OTHER = r"(?P<unit>" + _alternation(list(_UNIT_WORDS_OTHER)) + ")"
_ONE_WORD_NUMBERS = _alternation([w for w in _NUMBER_WORDS if " " not in w])
_AFTER_WORDS = r"later|after|afterwards|afterward|on|from now|hence|thereafter"
_BEFORE_WORDS = r"earlier|before|prior|previously|ago|back"

_RE_AGE = re.compile(r"\b(years?|months?|weeks?|days?)[\s-]+old\b|\b\w+-year-old\b|\baged\b",
                     re.I)
_RE_CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>a\.?\s?m\b\.?|p\.?\s?m\b\.?|am\b|pm\b|"
    r"o'clock|uur|h\b|horas?\b|hrs?\b|gmt\b|utc\b)|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b"
    r"|\b(?P<word>noon|midday|midnight|mediod[ií]a|medianoche|mezzogiorno|mezzanotte|"
    r"middernacht|mitternacht|minuit|midi)\b", re.I)
_RE_YEAR = re.compile(r"(?<![\d$£€.,])\b(?P<year>1[5-9]\d\d|20\d\d)\b(?![\d,.]\d)(?!\s*%)")
_RE_SHORT_YEAR = re.compile(r"'(?P<yy>\d\d)\b")
_RE_DECADE = re.compile(r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?"
                        r"(?P<decade>1[5-9]\d0|20\d0)'?s\b", re.I)
_RE_QUARTER = re.compile(
    r"\b(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?"
    r"(?:-?\s*)?quarter\b(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>(?:19|20)\d\d))?"
    r"|\b(?P<q>q[1-4])\b(?:\s+(?P<qyear>(?:19|20)\d\d))?", re.I)
_RE_ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)(?:-(?P<d>[0-3]\d))?\b")
_RE_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b")


def _month_date_pattern(vocab: _Vocabulary) -> re.Pattern[str]:
    """"September 17", "Sept. 17, 1998", "17 September 2023", "3 de marzo", "marzo de
    2023", "3. März 2021", "le 3 mars", "November 2020", "September"."""
    return re.compile(
        r"(?:(?<![\w-])|(?<=\bmid-)|(?<=\blate-)|(?<=\bearly-))"
        r"(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th|\.|º|°|er)?(?:\s+de)?\s+)?"
        r"(?P<month>" + vocab.month_pattern + r")(?P<dot>\.)?(?![\w])"
        r"(?:\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?![\d\w]))?"
        r"(?:,?\s*(?:(?:de|del|of|van|des)\s+)?(?P<year>(?:1[5-9]|20)\d\d|'\d\d)(?![\d]))?",
        re.I)


def _weekday_pattern(vocab: _Vocabulary) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:(?P<which>last|this|next|this coming|this past|coming|past|"
        r"el|la|le|il|de|am|ce|el pasado|el próximo|scorso|prossimo|vorige|volgende|"
        r"afgelopen|komende|letzten|nächsten|dernier|prochain)\s+)?"
        r"(?P<weekday>" + vocab.weekday_pattern + r")\.?"
        r"(?:\s+(?P<which_after>pasado|próximo|scorso|prossimo|dernier|prochain))?(?![\w])",
        re.I)


# --------------------------------------------------------------------------- reading

_LEADING_FILLER = re.compile(
    r"^(?:(?:on|in|at|since|by|until|till|from|during|for|of|before|after|around|about|"
    r"approximately|roughly|nearly|almost|just|only|some|over|within|more than|less than|"
    r"at least|at most|up to|as of|as early as|as late as|the|el|la|los|las|le|les|il|lo|"
    r"de|del|het|den|der|die|das|am|im|au|en|el día|desde|hasta|dal|dalla|fino al|sinds|"
    r"tot|seit|bis|depuis|jusqu'au)\s+)+", re.I)


_SPOKEN_UNITS = ("one two three four five six seven eight nine").split()
_RE_SPOKEN_YEAR = re.compile(
    r"\b(?:(?P<century>nineteen|eighteen|twenty)[\s-]+(?P<tens>" + _TENS + r"|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))(?:[\s-]+(?P<ones>"
    + "|".join(_SPOKEN_UNITS) + r"))?"
    r"|(?:the year\s+)?two thousand(?:\s+and)?(?:[\s-]+(?P<after2000>"
    + "|".join(_SPOKEN_UNITS) + r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty))?)\b", re.I)


def _spoken_years(text: str) -> str:
    """Broadcast transcripts spell years out: "nineteen ninety-six" -> "1996"."""
    def year(match: re.Match[str]) -> str:
        if match.group("century"):
            century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[
                match.group("century").lower()]
            tens_word = match.group("tens").lower()
            tens = _NUMBER_WORDS.get(re.sub(r"^oh[\s-]+", "", tens_word), 0)
            ones = _NUMBER_WORDS.get((match.group("ones") or "").lower(), 0)
            return str(century + int(tens) + int(ones))
        after = _NUMBER_WORDS.get((match.group("after2000") or "").lower(), 0)
        return str(2000 + int(after))
    return _RE_SPOKEN_YEAR.sub(year, text)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" \t\n,.;:!?\"'()[]«»“”‘’")
    return re.sub(r"['’]s$", "", text)


def _event_phrase(following: str | None) -> str | None:
    """The event named after "before"/"after" in the rest of the sentence."""
    if not following:
        return None
    match = re.match(r"\s*(?:before|after|prior to|following|ahead of|antes de(?: que)?|"
                     r"después de(?: que)?|prima di|prima che|dopo|voor|na|vor|nach|avant|"
                     r"après)\s+(?P<event>[^,.;:!?()\"“”]+)", following, re.I)
    if not match:
        return None
    words = match.group("event").split()
    # Stop at a conjunction that starts another clause; keep the phrase readable.
    for i, word in enumerate(words):
        if i and word.lower() in ("and", "but", "while", "when", "which", "who", "as"):
            words = words[:i]
            break
    phrase = " ".join(words[:14]).strip()
    return phrase or None


class _Reader:
    """Reads one phrase against one publication date in one language."""

    def __init__(self, published: datetime | None, language: str) -> None:
        self.published = published
        self.language = language if language else "en"
        self.vocab = _vocabulary(self.language)
        self.month_re = _month_date_pattern(self.vocab)
        self.weekday_re = _weekday_pattern(self.vocab)

    # The public entry: None means "not a time expression at all" (an age, a number).
    def read(self, text: str, following: str | None = None,
             context: str = "") -> DateReading | None:
        phrase = _clean(text)
        if not phrase:
            return None
        if _RE_AGE.search(phrase) or re.fullmatch(r"\d{1,3}", phrase):
            return None  # an age or a bare number
        if self.language == "en":
            phrase = _spoken_years(phrase)
        lower = _LEADING_FILLER.sub("", phrase.lower()).strip()
        lower = re.sub(r"\s+", " ", lower)
        direction = re.match(r"\s+(before|after|later|earlier|ago|prior to)\b", following or "",
                             re.I)
        if direction and _RE_COUNTED_UNIT.match(lower) and not re.match(
                r"(?:the\s+)?(?:last|this|next|past|coming|previous)\b", lower):
            # "two days" followed by "before the vote" is an offset, not a length
            lower += " " + direction.group(1).lower()
            phrase += " " + direction.group(1)
            following = following[direction.end(1):] if direction.group(1).lower() in (
                "later", "earlier", "ago") else following[direction.start(1):]
        for rule in (self._set, self._relative_offset, self._quarter, self._season, self._calendar_relative,
                     self._absolute_or_weekday, self._decade, self._duration, self._fallback):
            reading = rule(phrase, lower, following, context)
            if reading is not None:
                return reading
        return DateReading("unresolved")

    # ---- sets: "every Monday", "weekly", "each year"
    def _set(self, phrase: str, lower: str, following: str | None,
             context: str) -> DateReading | None:
        words = lower.split()
        if len(words) == 1 and words[0] in _SET_ADVERBS:
            return DateReading("set", duration=_SET_ADVERBS[words[0]])
        match = re.match(r"(?:every|each|per|once a|twice a|a|cada|ogni|elke|iedere|jeden|"
                         r"jede|jedes|chaque|tous les|toutes les)\s+(?:other\s+)?(?P<what>\S+)$",
                         lower)
        if not match:
            return None
        what = match.group("what").rstrip(".")
        if what in self.vocab.weekdays:
            return DateReading("set", value=f"XXXX-WXX-{self.vocab.weekdays[what] + 1}",
                               duration="P1W")
        unit = _UNIT_WORDS_OTHER.get(what, what.rstrip("s") if what != "days" else "day")
        if unit in _UNITS_EN and (not lower.startswith("a ") or lower.startswith(
                ("a day", "a week", "a month", "a year"))):
            if lower.startswith("a ") and lower != f"a {unit}":
                return None
            return DateReading("set", duration=_iso_duration(1, unit))
        return None

    # ---- "two days before X", "the following day", "a day later", "3 days ago"
    def _relative_offset(self, phrase: str, lower: str, following: str | None,
                         context: str) -> DateReading | None:
        fixed = {
            "the following day": 1, "following day": 1, "the next day": 1, "next day": 1,
            "the day after": 1, "the previous day": -1, "the day before": -1,
            "the preceding day": -1, "previous day": -1, "the same day": 0, "that day": 0,
            "that same day": 0, "the following week": 7,
            "the next week": 7, "the previous week": -7, "the week before": -7,
            "the week after": 7, "the following morning": 1, "the next morning": 1,
            "the following night": 1, "the night before": -1, "al día siguiente": 1,
            "el día siguiente": 1, "día siguiente": 1, "el día anterior": -1,
            "il giorno dopo": 1, "giorno dopo": 1, "il giorno prima": -1,
            "de volgende dag": 1, "volgende dag": 1, "de dag ervoor": -1,
            "am nächsten tag": 1, "nächsten tag": 1, "am tag davor": -1, "am vortag": -1,
            "le lendemain": 1, "lendemain": 1, "la veille": -1, "veille": -1,
        }
        full = _clean(phrase.lower())
        for key in (full, lower):
            if key in fixed:
                event = _event_phrase(following) if fixed[key] <= 0 or "after" in key else None
                return DateReading("relative", offset_days=fixed[key], relative_to=event)
        match = re.fullmatch(
            r"(?:(?:just|only|barely|some|about|nearly|almost|roughly|more than|less than|"
            r"at least|the)\s+)*" + _QUANTITY + r"[\s-]+(?:more\s+)?" + _UNIT
            + r"(?:\s+(?P<direction>" + _AFTER_WORDS + "|" + _BEFORE_WORDS
            + r"|from now))(?:\s+(?P<rest>.+))?", lower)
        if match is None:
            match = re.fullmatch(r"(?:(?:just|only|the)\s+)?(?P<qty>)(?P<unit>days|weeks|months|"
                                 r"years|hours|decades)\s+(?P<direction>later|earlier|before|"
                                 r"after|ago|afterwards)(?:\s+(?P<rest>.+))?", lower)
        if match is None:
            return self._relative_offset_other(lower)
        unit = match.group("unit").lower()
        unit = "century" if unit == "centuries" else unit.rstrip("s")
        qty = match.group("qty").lower()
        amount = None if not qty or qty in _VAGUE_QUANTITIES else _number(qty)
        direction = match.group("direction").lower()
        sign = -1 if direction in ("earlier", "before", "prior", "previously", "ago",
                                   "back") else 1
        if direction in ("ago", "back", "from now", "hence"):
            return self._from_publication(amount, unit, sign)
        rest = match.group("rest")
        event = None
        if direction in ("before", "after", "prior"):
            if rest:
                event = _event_phrase(f"{'before' if sign < 0 else 'after'} {rest}")
                event = _restore_case(phrase, event)
            else:
                event = _event_phrase(f"{direction} {following or ''}".strip()
                                      if following and not re.match(r"\s*(before|after|prior)",
                                                                    following, re.I)
                                      else following)
        offset = _offset_in_days(amount, unit)
        return DateReading("relative", offset_days=None if offset is None else sign * offset,
                           relative_to=event, duration=_iso_duration(amount, unit))

    def _relative_offset_other(self, lower: str) -> DateReading | None:
        """"hace dos días", "due giorni fa", "twee dagen geleden", "vor zwei Tagen",
        "il y a deux jours"."""
        qty = r"(?P<qty>\d+|" + _ONE_WORD_NUMBERS + ")"
        for pattern in (r"(?:hace|il y a|vor)\s+" + qty + r"\s+" + _UNIT_OTHER,
                        qty + r"\s+" + _UNIT_OTHER + r"\s+(?:fa|geleden)"):
            match = re.fullmatch(pattern, lower)
            if match:
                unit = _UNIT_WORDS_OTHER[match.group("unit")]
                return self._from_publication(_number(match.group("qty")), unit, -1)
        return None

    def _from_publication(self, amount: float | None, unit: str, sign: int) -> DateReading:
        """"three days ago", "two years ago", "a week from now": anchored on publication."""
        published = self.published
        if published is None or amount is None or not float(amount).is_integer():
            return DateReading("unresolved", duration=_iso_duration(amount, unit))
        n = int(amount) * sign
        if unit in ("day", "night"):
            return DateReading("date", _day(published + timedelta(days=n)), "day",
                               offset_days=n, anchor="publication")
        if unit in ("week", "fortnight"):
            days = n * (14 if unit == "fortnight" else 7)
            return DateReading("date", _week(published + timedelta(days=days)), "week",
                               offset_days=days, anchor="publication")
        if unit == "month":
            return DateReading("date", _month(*_shift_month(published.year, published.month, n)),
                               "month", anchor="publication")
        if unit == "quarter":
            quarter = (published.month - 1) // 3 + n
            return DateReading("date", f"{published.year + quarter // 4:04d}-Q{quarter % 4 + 1}",
                               "quarter", anchor="publication")
        if unit in ("year", "decade", "century"):
            years = n * {"year": 1, "decade": 10, "century": 100}[unit]
            return DateReading("date", f"{published.year + years:04d}", "year",
                               anchor="publication")
        return DateReading("unresolved", duration=_iso_duration(amount, unit))

    # ---- quarters: "the third quarter", "third-quarter", "Q3 2023"
    def _quarter(self, phrase: str, lower: str, following: str | None,
                 context: str) -> DateReading | None:
        match = _RE_QUARTER.search(lower)
        if not match or re.search(r"\bquarters\b|\bhalf\b", lower):
            return None
        if match.group("q"):
            number, year_text = int(match.group("q")[1]), match.group("qyear")
        else:
            number, year_text = _ORDINALS[match.group("ord").lower()], match.group("year")
        if year_text is None:
            year_match = _RE_YEAR.search(lower)
            year_text = year_match.group("year") if year_match else None
        if year_text:
            return DateReading("date", f"{year_text}-Q{number}", "quarter")
        if self.published is None:
            return DateReading("unresolved")
        year = self.published.year
        # The most recent such quarter that has begun by publication.
        if datetime(year, 3 * number - 2, 1) > self.published:
            year -= 1
        if re.search(r"year-ago|year-earlier|year earlier|year ago|last year|previous year|"
                     r"prior year|prior-year", lower):
            year -= 1
        elif re.search(r"next year", lower):
            year += 1
        return DateReading("date", f"{year:04d}-Q{number}", "quarter", anchor="publication")

    # ---- "last fall", "this summer", "the spring of 1998"
    def _season(self, phrase: str, lower: str, following: str | None,
                context: str) -> DateReading | None:
        match = _RE_SEASON.fullmatch(lower)
        if not match:
            return None
        season = SEASONS[match.group("season")]
        if match.group("year"):
            return DateReading("date", f"{match.group('year')}-{season}", "season")
        if self.published is None:
            return DateReading("unresolved")
        which = re.sub(r"\s+", " ", match.group("which") or "").strip()
        year, begun = self.published.year, SEASON_START[season] <= self.published.month
        if which == "last":
            year -= 1  # "last spring", said in October: the spring of the year before
        elif which in ("this past", "past") and not begun:
            year -= 1
        elif which in ("next", "this coming", "coming") and begun:
            year += 1
        return DateReading("date", f"{year:04d}-{season}", "season", anchor="publication")

    # ---- "last month", "this week", "yesterday", "ayer", "el año pasado"
    def _calendar_relative(self, phrase: str, lower: str, following: str | None,
                           context: str) -> DateReading | None:
        key = lower
        key = re.sub(r"^(?:since|from|until|by|in|on|of|during|for|over)\s+", "", key)
        key = re.sub(r"^(?:early|late|earlier|later|mid|sometime|some time|the end of|"
                     r"the start of|the beginning of|the middle of)\s+(?=last|this|next|"
                     r"today|tonight|yesterday|tomorrow)", "", key)
        key = re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", key) \
            if key.split()[0] in ("yesterday", "tomorrow") else key
        whole = _clean(phrase).lower()
        found = (self.vocab.relative_days.get(whole) or self.vocab.relative_days.get(key)
                 or _vocabulary("en").relative_days.get(key))
        if found is None and self.language == "en":
            whole_year = self._whole_year(key, following)
            if whole_year is not None:
                return whole_year
        if found is None:
            match = re.fullmatch(r"(?:the\s+)?(?P<which>last|this|next|past|previous|"
                                 r"coming|current|same|present)\s+(?P<unit>week|month|year|"
                                 r"quarter)", key)
            if match is None:
                return None
            which, unit = match.group("which"), match.group("unit")
            if which in ("past", "coming") or (lower.startswith("the last")):
                # "the past year": a span reaching back from now, a length of time
                return DateReading("duration", duration=_iso_duration(1, unit))
            amount = {"last": -1, "previous": -1, "this": 0, "current": 0, "present": 0,
                      "same": 0, "next": 1}[which]
            found = (unit, amount)
        unit, amount = found
        if self.published is None:
            return DateReading("unresolved")
        published = self.published
        if unit == "day":
            return DateReading("date", _day(published + timedelta(days=amount)), "day",
                               offset_days=amount, anchor="publication")
        if unit == "week":
            return DateReading("date", _week(published + timedelta(days=7 * amount)), "week",
                               anchor="publication")
        if unit == "month":
            return DateReading("date",
                               _month(*_shift_month(published.year, published.month, amount)),
                               "month", anchor="publication")
        if unit == "quarter":
            return self._from_publication(abs(amount), "quarter", -1 if amount < 0 else 1) \
                if amount else DateReading(
                    "date", f"{published.year:04d}-Q{(published.month - 1) // 3 + 1}",
                    "quarter", anchor="publication")
        return DateReading("date", f"{published.year + amount:04d}", "year",
                           anchor="publication")

    def _whole_year(self, key: str, following: str | None) -> DateReading | None:
        """"the current fiscal year", "earlier in the year", "year-end", "year-ago"."""
        published = self.published
        if re.fullmatch(r"(?:the\s+)?(?:current\s+|full\s+|calendar\s+|fiscal\s+)*year", key):
            if following and re.match(r"\s*(?:ended|ending|to)\b", following, re.I):
                return DateReading("duration", duration="P1Y")  # "the year ended June 30"
            if published is None:
                return DateReading("unresolved")
            return DateReading("date", f"{published.year:04d}", "year", anchor="publication")
        if re.fullmatch(r"(?:earlier|later|late|early)\s+in\s+the\s+year", key):
            if published is None:
                return DateReading("unresolved")
            return DateReading("date", f"{published.year:04d}", "year", anchor="publication")
        end = re.fullmatch(r"(?:around\s+|at\s+)?(?:(?P<last>last\s+)?year[-\s]end|"
                           r"year's\s+end|the\s+end\s+of\s+(?:the|this|(?P<last2>last))\s+year)",
                           key)
        if end:
            if published is None:
                return DateReading("unresolved")
            year = published.year - (1 if end.group("last") or end.group("last2") else 0)
            return DateReading("date", f"{year:04d}-12", "month", anchor="publication")
        if re.fullmatch(r"(?:the\s+)?year-(?:ago|earlier)", key):
            if published is None:
                return DateReading("unresolved")
            return DateReading("date", f"{published.year - 1:04d}", "year",
                               anchor="publication")
        return None

    # ---- explicit dates, weekdays, clock times
    def _absolute_or_weekday(self, phrase: str, lower: str, following: str | None,
                             context: str) -> DateReading | None:
        published = self.published
        # "he would challenge Sunday's election": a possessive day names an occasion the
        # reader knows, the last one, whatever the tense around it
        possessive = bool(re.search(r"['’]s\s*$", phrase)) or bool(re.match(r"['’]s\b", following or ""))
        future = _looks_future(context) and not possessive
        day_value: date | None = None
        reading: DateReading | None = None

        iso = _RE_ISO_DATE.search(lower)
        month_match = self._month_match(phrase)
        if iso:
            y, m = int(iso.group("y")), int(iso.group("m"))
            if iso.group("d"):
                try:
                    day_value = date(y, m, int(iso.group("d")))
                except ValueError:
                    return None
                reading = DateReading("date", _day(day_value), "day")
            else:
                reading = DateReading("date", _month(y, m), "month")
        elif month_match is not None:
            reading, day_value = self._read_month_match(month_match, lower, future)
        elif _RE_NUMERIC_DATE.search(lower):
            reading = self._fallback(phrase, _RE_NUMERIC_DATE.search(lower).group(0),
                                     following, context)
            if reading and reading.granularity == "day" and reading.value:
                day_value = date.fromisoformat(reading.value)

        weekday = self.weekday_re.search(lower)
        if reading is None and weekday is not None:
            reading, day_value = self._read_weekday(weekday, future)

        clock = _RE_CLOCK.search(lower)
        if clock is not None and not (reading and reading.granularity in ("month", "year")):
            hours_minutes = _clock_value(clock)
            if hours_minutes is not None:
                if day_value is None and reading is None:
                    if re.search(r"\byesterday\b|\bayer\b|\bieri\b|\bgisteren\b|\bgestern\b|"
                                 r"\bhier\b", lower):
                        base = published - timedelta(days=1) if published else None
                    elif re.search(r"\btomorrow\b", lower):
                        base = published + timedelta(days=1) if published else None
                    else:
                        base = published
                    day_value = base.date() if base else None
                if day_value is None:
                    return DateReading("unresolved") if reading is None else reading
                h, m = hours_minutes
                return DateReading("time", f"{_day(day_value)}T{h:02d}:{m:02d}", "time",
                                   anchor=reading.anchor if reading else "publication")
        if reading is not None:
            return reading
        year = _RE_YEAR.search(lower)
        if year is not None and not re.search(r"\d{5,}", lower):
            if re.search(r"\b(?:fiscal|year|año|anno|jaar|jahr|année|in|since|of|by|until|"
                         r"during|early|late|mid|end of|summer|winter|spring|fall|autumn)\b",
                         lower) or lower == year.group(0) or re.fullmatch(
                             r"(?:the\s+)?(?:early|late|mid)?[\s-]*" + year.group(0), lower):
                return DateReading("date", year.group("year"), "year")
        return None

    def _month_match(self, phrase: str, strict: bool = False) -> re.Match[str] | None:
        """The month-name date in ``phrase``, if it is one and not the modal "may" (when
        ``strict``, a bare "May"/"March" needs a word such as "in" before it)."""
        for match in self.month_re.finditer(phrase):
            name = match.group("month").lower()
            has_day = bool(match.group("d1") or match.group("d2"))
            has_year = bool(match.group("year"))
            if name not in self.vocab.month_full and not match.group("dot") \
                    and not has_day and not has_year:
                continue  # a bare abbreviation ("Mar", "Sun") is too ambiguous
            if self.language == "en" and not match.group("month")[0].isupper():
                continue
            if strict and name in _AMBIGUOUS_MONTHS and not has_day and not has_year:
                before = phrase[:match.start()].split()
                if not before or before[-1].lower().strip("-") not in _MONTH_LEAD_WORDS:
                    continue
            return match
        return None

    def _read_month_match(self, match: re.Match[str], lower: str,
                          future: bool) -> tuple[DateReading, date | None]:
        month = self.vocab.months[match.group("month").lower()]
        day_text = match.group("d1") or match.group("d2")
        day = int(day_text) if day_text and 1 <= int(day_text) <= 31 else None
        year_text = match.group("year")
        year: int | None = None
        if year_text:
            year = int(year_text) if not year_text.startswith("'") else (
                1900 + int(year_text[1:]) if int(year_text[1:]) > 40 else 2000 + int(
                    year_text[1:]))
        else:
            other_year = _RE_YEAR.search(lower)
            if other_year:
                year = int(other_year.group("year"))
        anchor = None
        if year is None:
            if self.published is None:
                return DateReading("unresolved"), None
            if re.search(r"\blast\b|\bpasado\b|\bscorso\b|\bvorige\b|\bletzten\b|\bdernier\b",
                         lower):
                year = self.published.year - 1 if (month, day or 1) >= (
                    self.published.month, self.published.day) else self.published.year
            elif re.search(r"\bthis\b|\beste\b|\bquesto\b|\bdeze\b|\bdiesen\b|\bce\b",
                           lower) and not re.search(
                               r"\bthis (?:past|coming)\b", lower):
                year = self.published.year  # "this September": the current year's
            elif re.search(r"\bnext\b|\bpróximo\b|\bprossimo\b|\bvolgende\b|\bnächsten\b|"
                           r"\bprochain\b", lower):
                year = self.published.year + 1 if (month, day or 1) <= (
                    self.published.month, self.published.day) else self.published.year
            else:
                year = _year_for(month, day, self.published, future)
            anchor = "publication"
        if day is None:
            return DateReading("date", _month(year, month), "month", anchor=anchor), None
        try:
            value = date(year, month, day)
        except ValueError:
            return DateReading("date", _month(year, month), "month", anchor=anchor), None
        return DateReading("date", _day(value), "day", anchor=anchor), value

    def _read_weekday(self, match: re.Match[str],
                      future: bool) -> tuple[DateReading, date | None]:
        if self.published is None:
            return DateReading("unresolved"), None
        weekday = self.vocab.weekdays[match.group("weekday").lower()]
        which = (match.group("which") or match.group("which_after") or "").lower()
        if which in ("next", "this coming", "coming", "el próximo", "próximo", "prossimo",
                     "volgende", "komende", "nächsten", "prochain"):
            value = _next_weekday(self.published, weekday)
        elif which in ("last", "this past", "past", "el pasado", "pasado", "scorso", "vorige",
                       "afgelopen", "letzten", "dernier"):
            value = _most_recent_weekday(self.published - timedelta(days=1), weekday)
        elif future and weekday != self.published.weekday():
            value = _next_weekday(self.published, weekday)
        else:
            value = _most_recent_weekday(self.published, weekday)
        return DateReading("date", _day(value), "day", anchor="publication"), value

    # ---- "the 1990s"
    def _decade(self, phrase: str, lower: str, following: str | None,
                context: str) -> DateReading | None:
        match = _RE_DECADE.search(lower)
        if not match:
            return None
        # TimeML writes a decade as its first three digits; no granularity names it.
        return DateReading("date", match.group("decade")[:3], None)

    # ---- lengths: "nine-month", "24 hours", "two days", "48-hour", "the past two years"
    def _duration(self, phrase: str, lower: str, following: str | None,
                  context: str) -> DateReading | None:
        single = re.fullmatch(r"(?:the\s+)?(?:past|last|next|coming|previous|following|"
                              r"remaining)\s+(?P<unit>day|week|fortnight|month|year|decade|"
                              r"century|hour|minute)", lower)
        if single:
            return DateReading("duration", duration=_iso_duration(1, single.group("unit")))
        lower = re.sub(r"^(?:the\s+)?(?:past|last|next|first|coming|previous|final|"
                       r"following|remaining|other)\s+", "", lower)
        match = re.search(_QUANTITY + r"(?:\s+or\s+\w+)?[\s-]+(?:more\s+|full\s+|"
                          r"straight\s+|consecutive\s+)?" + _UNIT + r"(?:-long|-old)?\b", lower)
        if match is None:
            match = re.fullmatch(r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|"
                                 r"decades|centuries)(?:-long)?(?P<qty>)", lower)
            if match is None:
                other = re.search(r"(?P<qty>\d+|" + _ONE_WORD_NUMBERS + r")\s+" + _UNIT_OTHER + r"\b", lower)
                if other is None:
                    return None
                unit = _UNIT_WORDS_OTHER[other.group("unit")]
                return DateReading("duration",
                                   duration=_iso_duration(_number(other.group("qty")), unit))
        unit = match.group("unit").lower()
        unit = "century" if unit == "centuries" else unit.rstrip("s")
        qty = (match.group("qty") or "").lower()
        amount = None if not qty or qty in _VAGUE_QUANTITIES else _number(qty)
        if qty and amount is None and qty not in _VAGUE_QUANTITIES:
            return None
        return DateReading("duration", duration=_iso_duration(amount, unit))

    # ---- whatever dateparser understands
    def _fallback(self, phrase: str, lower: str, following: str | None,
                  context: str) -> DateReading | None:
        if self.published is None and not re.search(r"\d{4}|\d+[/.-]\d+[/.-]\d+", phrase):
            return None
        if re.fullmatch(r"\d{1,3}", phrase.strip()):
            return None  # a bare number is not a date
        if not re.search(r"\d", phrase) and self._month_match(phrase) is None:
            return None  # dateparser turns words like "now" or "the future" into dates
        data = _parser(self.language, self.published).get_date_data(phrase)
        found = data.date_obj
        if found is None:
            return None
        period = data.period or "day"
        if period == "year":
            return DateReading("date", f"{found.year:04d}", "year")
        if period == "month":
            return DateReading("date", _month(found.year, found.month), "month")
        if period == "week":
            return DateReading("date", _week(found), "week")
        value: date = found.date()
        has_year = re.search(r"\d{4}|\d+[/.-]\d+[/.-]\d+", phrase)
        if not has_year:
            if self.published is None:
                return DateReading("unresolved")
            value = date(_year_for(found.month, found.day, self.published, False),
                         found.month, found.day)
        return DateReading("date", _day(value), "day")


def _restore_case(original: str, lowered: str | None) -> str | None:
    """The span of ``original`` that ``lowered`` was cut from, in its own case."""
    if lowered is None:
        return None
    position = original.lower().find(lowered.lower())
    return original[position:position + len(lowered)] if position >= 0 else lowered


def _clock_value(match: re.Match[str]) -> tuple[int, int] | None:
    word = match.group("word")
    if word:
        return (0, 0) if word.lower() in ("midnight", "medianoche", "mezzanotte",
                                          "middernacht", "mitternacht", "minuit") else (12, 0)
    if match.group("h24") is not None:
        return int(match.group("h24")), int(match.group("m24"))
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    marker = match.group("ampm").lower().replace(".", "").replace(" ", "")
    if marker.startswith("p") and hour < 12:
        hour += 12
    elif marker.startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    if marker in ("h", "hr", "hrs", "hora", "horas") and match.group("m") is None:
        return None  # "24 h" is a length of time, not a clock time
    return hour, minute


@functools.lru_cache(maxsize=64)
def _parser(language: str, published: datetime | None):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                                "PREFER_DAY_OF_MONTH": "first"}
    if published is not None:
        settings["RELATIVE_BASE"] = published
    try:
        return DateDataParser(languages=[language], settings=settings)
    except ValueError:  # a language dateparser does not know
        return DateDataParser(languages=["en"], settings=settings)


# --------------------------------------------------------------------------- public API


def normalise_date(text: str, published: datetime | date | None, *, language: str = "en",
                   sentence: str | None = None) -> DateReading:
    """Normalise one date/time phrase against the publication date.

    ``sentence`` (the sentence the phrase comes from) lets "two days before" find the
    event it is relative to and lets future tense pick the next weekday.

    >>> normalise_date("last month", date(2023, 10, 4)).value
    '2023-09'
    >>> normalise_date("nine-month", None).duration
    'P9M'
    """
    following = None
    context = ""
    if sentence:
        position = sentence.find(text)
        if position >= 0:
            following = sentence[position + len(text):]
            context = _local_context(sentence, position, position + len(text), 0, len(sentence))
    reader = _Reader(_as_datetime(published), language or "en")
    return reader.read(text, following, context) or DateReading("unresolved")


def _regex_candidates(text: str, reader: _Reader) -> list[tuple[int, int]]:
    """Spans a model may miss: month-name dates, numeric dates, weekdays,
    "yesterday"-type words, clock times, "last month", durations and relative phrases."""
    spans: list[tuple[int, int]] = []
    vocab = reader.vocab
    for match in reader.month_re.finditer(text):
        if reader._month_match(text[max(0, match.start() - 12):match.end()],
                               strict=True) is not None:
            spans.append(match.span())
    for pattern in (_RE_NUMERIC_DATE, _RE_ISO_DATE):
        spans.extend(m.span() for m in pattern.finditer(text))
    for match in reader.weekday_re.finditer(text):
        word = match.group("weekday")
        if reader.language in ("en", "de") and not word[0].isupper():
            continue
        spans.append(match.span())
    for match in _relative_pattern(vocab.relative_pattern).finditer(text):
        # German/Dutch "morgen" also means "morning" after "heute"/"this"
        if match.group(0).lower() == "morgen" and re.search(
                r"(heute|gestern|deze|van)\s*$", text[:match.start()], re.I):
            continue
        if match.group(0).lower() in ("mañana",) and re.search(
                r"(la|esta|por la)\s*$", text[:match.start()], re.I):
            continue
        spans.append(match.span())
    for pattern in _generic_patterns(reader.language, vocab.weekday_pattern):
        for match in pattern.finditer(text):
            spans.append(match.span())
    for lo, hi in _windows(_RE_UNIT_WORD, text, before=80, after=40):
        spans.extend(m.span() for m in _RE_DURATION.finditer(text, lo, hi))
    for match in _RE_CLOCK.finditer(text):
        if match.group("ampm") and match.group("ampm").lower().rstrip(".") in (
                "h", "hr", "hrs", "hora", "horas", "gmt", "utc"):
            continue
        spans.append(match.span())
    for match in _RE_QUARTER.finditer(text):
        spans.append(match.span())
    for match in _RE_DECADE.finditer(text):
        spans.append(match.span())
    for match in re.finditer(r"(?<![\w$£€])(?:in|since|by|until|during|from|of|en|desde|"
                             r"nel|dal|sinds|im|seit|depuis|fiscal)\s+((?:1[5-9]|20)\d\d)"
                             r"(?![\w%])", text, re.I):
        spans.append(match.span(1))
    return spans


@functools.lru_cache(maxsize=64)
def _relative_pattern(relative_pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + relative_pattern + r")(?![\w-])", re.I)


@functools.lru_cache(maxsize=64)
def _generic_patterns(language: str, weekday_pattern: str) -> list[re.Pattern[str]]:
    """Relative phrases, durations and sets of a language, compiled once."""
    generic = [
        r"(?:the\s+)?(?:last|this|next|previous|past|coming)\s+(?:week|month|year|quarter)",
        r"(?:the\s+)?(?:following|next|previous|preceding|same)\s+(?:day|morning|night|week)",
        r"the day (?:before|after)|that (?:same )?day|the night before",
        r"(?:every|each)\s+(?:other\s+)?(?:day|week|month|year|" + weekday_pattern + ")",
        _alternation(list(_SET_ADVERBS)),
    ]
    if language != "en":  # "hace tres días", "il y a deux jours", "tre giorni fa"
        generic += [r"(?:hace|il y a|vor)\s+\w+\s+" + _UNIT_OTHER.replace("?P<unit>", "?:"),
                    r"\w+\s+" + _UNIT_OTHER.replace("?P<unit>", "?:") + r"\s+(?:fa|geleden)",
                    _QUANTITY.replace("?P<qty>", "?:") + r"\s+" + _UNIT_OTHER.replace("?P<unit>", "?:")]
    return [re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", re.I) for pattern in generic]


# Durations ("three days later", "a two-year-long"): read only around a unit word, the
# part of the text they can be in (scanning every position for a number word is the
# dearest pass of all).
_RE_UNIT_WORD = re.compile(_UNIT.replace("?P<unit>", "?:"), re.I)
_RE_DURATION = re.compile(
    r"(?<![\w-])(?:(?:(?:just|only)\s+)?" + _QUANTITY.replace("?P<qty>", "?:") + r"[\s-]+(?:more\s+)?"
    + _UNIT.replace("?P<unit>", "?:") + r"(?:-long)?(?:\s+(?:" + _AFTER_WORDS.replace("|on", "") + "|"
    + _BEFORE_WORDS + r"|from now))?)(?![\w-])", re.I)


def _windows(trigger: re.Pattern[str], text: str, before: int, after: int) -> list[tuple[int, int]]:
    """The stretches of ``text`` within ``before``/``after`` characters of a ``trigger``
    match, merged where they overlap: where a pattern that needs the trigger can match."""
    out: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        lo, hi = max(0, m.start() - before), min(len(text), m.end() + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


_RE_CONNECTIVE = re.compile(
    r"\s+(?:to|and|through|thru|until|till|or|ended|ending|versus|vs\.?|from)\s+"
    r"|\s*(?:-|–|—)\s*(?=\S)|\bbetween\s+|(?<=\d{4}),\s+(?=(?:\d|and\b))", re.I)
_RE_TIME_OF_DAY_WORD = re.compile(
    r"^(?:morning|afternoon|evening|night|noon|midday|midnight|overnight)$|"
    r"\d\s*(?:a\.?m\.?|p\.?m\.?)|\d:\d\d|^(?:early|late|mid)[\s-]?(?:morning|afternoon|"
    r"evening)$", re.I)


def _split_model_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A model span such as "between 1994 and 1997" or "the quarter ended Sept. 30" names
    two times; cut it at the connective so each is read on its own."""
    pieces = []
    position = start
    for match in _RE_CONNECTIVE.finditer(text, start, end):
        if match.group(0).strip() in ("-", "–", "—") and not (
                re.search(r"\d$", text[position:match.start()])
                and re.match(r"\s*[A-Z\d]", text[match.end():end])):
            continue  # "mid-November", "10-year": a hyphenated word, not a range
        if re.fullmatch(r"(?:(?:the|next|past|last|between|about)\s+)*(?!\d{4}\b)(?:"
                        + _NUM_WORD + ")", text[position:match.start()], re.I):
            continue  # "two to three weeks", "12 to 18 months": one vague length
        if match.start() > position:
            pieces.append((position, match.start()))
        position = match.end()
    if position < end:
        pieces.append((position, end))
    return pieces or [(start, end)]


def _combine(text: str, model: list[tuple[int, int]],
             rules: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One span per expression: model spans cut at connectives, widened by the rule spans
    that overlap them ("two days" + "two days before"); rule spans alone are kept."""
    pieces = sorted(p for start, end in model for p in _split_model_span(text, start, end))
    spans: list[list[int]] = [[s, e] for s, e in pieces]
    loose: list[tuple[int, int]] = []
    for start, end in rules:
        touching = [span for span in spans if start < span[1] and span[0] < end]
        if len(touching) == 1:
            touching[0][0] = min(touching[0][0], start)
            touching[0][1] = max(touching[0][1], end)
        elif not touching:
            loose.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted([tuple(s) for s in spans] + _merge(loose)):  # type: ignore[misc]
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    # "Friday" + "morning", "noon" + "Thursday", "5 p.m. EST" + "Nov. 9": one time.
    joined: list[tuple[int, int]] = []
    for start, end in merged:
        if joined:
            gap = text[joined[-1][1]:start]
            if re.fullmatch(r",? ?", gap) and (_RE_TIME_OF_DAY_WORD.search(text[start:end])
                                               or _RE_TIME_OF_DAY_WORD.search(
                                                   text[joined[-1][0]:joined[-1][1]])):
                joined[-1] = (joined[-1][0], end)
                continue
        joined.append((start, end))
    return joined


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_RE_TRAILING_DIRECTION = re.compile(
    r"^(\s+(?:later|earlier|before|after|ago|afterwards|prior|from now|"
    r"fa|geleden))(?![\w-])", re.I)
_RE_LEADING_WEEKDAY_MOD = re.compile(
    r"(?:\b(?:last|next|this|coming|past|the following|the next|the same))\s+$", re.I)
_RE_COUNTED_UNIT = re.compile(
    r"^(?:(?:just|only|about|some|nearly|almost|more than|less than|the)\s+)*(?:"
    + _QUANTITY.replace("?P<qty>", "?:") + r")?[\s-]*(?:"
    + _UNIT.replace("?P<unit>", "?:") + r")$", re.I)
_RE_YEAR_BACK = re.compile(r"^(?:the\s+)?(?:comparable\s+|same\s+)?(?:(?:a|one) year (?:earlier|"
                           r"ago|before)|year-(?:ago|earlier)(?:\s+(?:quarter|period))?)$", re.I)
_RE_SAME_PERIOD = re.compile(
    r"(?:the|that|this|its)?\s*(?:(?P<year>(?:19|20)\d\d)|(?P<back>year-ago|year-earlier|"
    r"year-before|a year ago|a year earlier|last year's|prior-year|previous year's)|latest|"
    r"most recent|same|comparable|recent|just-ended|just-completed)?\s*(?:comparable\s+|"
    r"year-ago\s+|year-earlier\s+)?(?:quarter|period|three months)"
    r"(?:\s+(?P<back2>a year (?:ago|earlier)|last year))?", re.I)
# a full stop followed by a lower-case word is an abbreviation's ("6 a.m. on Wednesday")
_RE_CLAUSE_BREAK = re.compile(r"[;:!?]|\.(?!\s*[a-z])|,\s+(?:but|and|while|although|which|who|where|"
                              r"when|as)\b|\b(?:said|says)\b")


_RE_BARE_NUMBER = re.compile(r"(?:(?:an?|the|of|at|on|in|aged?|ages)\s+)?\d{1,3}", re.I)
_RE_FURNITURE = re.compile(r"\s*(?:(?:last\s+)?updated|published|posted|created|modified)\b", re.I)
_RE_AGES = re.compile(r"^(?:the\s+)?ages?\s+(?:of\s+)?\d", re.I)


def _local_context(text: str, start: int, end: int, lower: int, upper: int) -> str:
    """The words of the clause before a time phrase, where its verb's tense shows."""
    before = text[max(lower, start - 80):start]
    breaks = list(_RE_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    return before


def extract_times(text: str, published: datetime | date | None, *, language: str,
                  candidates: list[tuple[int, int]] | None,
                  sentences: list[Sentence]) -> list[TimeExpression]:
    """Find and normalise the date/time expressions in ``text``.

    ``candidates`` are the DATE/TIME entity spans of a model when one ran (English), or
    None; regular expressions add what a model misses and cover the other languages.
    Offsets are character offsets into ``text``; ``sentence`` indexes ``sentences``.

    Beyond :func:`normalise_date`, the article's own narrative is used: a relative
    expression with no event of its own ("the following day") is resolved against the
    last day-precise date mentioned before it; a bare clock time takes the day named in
    its sentence; "a year earlier" after a quarter is that quarter a year before.
    """
    reader = _Reader(_as_datetime(published), language or "en")
    spans = _combine(text, list(candidates or []), _regex_candidates(text, reader))
    starts = [s.start for s in sentences]
    results: list[TimeExpression] = []
    last_day: date | None = None
    last_value: tuple[str, str, int] | None = None  # value, granularity, sentence
    last_quarter: str | None = None
    for start, end in spans:
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and text[end - 1] in " ,;:.\n\t(\"'“”":
            end -= 1
        possessive = re.search(r"['’]s$", text[start:end])
        if possessive:
            end -= 2
        if end - start < 1:
            continue
        # Take in the word that makes "two days" relative ("two days before", "... ago").
        trailing = _RE_TRAILING_DIRECTION.match(text[end:end + 14])
        if trailing and _RE_COUNTED_UNIT.match(text[start:end]):
            end += len(trailing.group(1))
        leading = _RE_LEADING_WEEKDAY_MOD.search(text[max(0, start - 20):start])
        if leading and reader.weekday_re.fullmatch(text[start:end]):
            start -= len(text[max(0, start - 20):start]) - leading.start()
        index = sentence_index(sentences, start, starts)
        sentence = sentences[index] if sentences else None
        sentence_end = sentence.end if sentence else len(text)
        sentence_start = sentence.start if sentence else 0
        following = text[end:sentence_end]
        context = _local_context(text, start, end, sentence_start, sentence_end)
        phrase = text[start:end]
        if _RE_BARE_NUMBER.fullmatch(phrase) or _RE_AGES.search(phrase) or re.match(r"[\s-]*old\b", text[end:end + 6]):
            continue  # "an 18 and 15 year old", "the ages of 16 and 18": ages, not days
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if len(line) <= 80 and _RE_FURNITURE.match(line):
            continue  # "Published 10:32 PM EDT Oct 4, 2016": page furniture, not the story's time
        reading = reader.read(phrase, following, context)
        if reading is None:
            continue
        if reading.kind == "unresolved":
            # A model span with a stray word in front ("coup d'etat last year")
            words = list(re.finditer(r"\S+", phrase))
            for word in words[1:4]:
                if _RE_BARE_NUMBER.fullmatch(phrase[word.start():]):
                    break
                retry = reader.read(phrase[word.start():], following, context)
                if retry is not None and retry.kind != "unresolved":
                    start, phrase, reading = start + word.start(), phrase[word.start():], retry
                    break
        if reading.kind == "unresolved" and not re.search(r"\w", phrase):
            continue
        if reader.published is not None:
            _resolve_in_narrative(reader, reading, phrase, context, last_day, last_value,
                                  last_quarter, index)
            if reading.kind == "time" and reading.anchor == "publication":
                _day_from_sentence(reader, reading, phrase, text, results, index,
                                   sentence_start, sentence_end)
        if reading.value and reading.granularity in ("day", "time"):
            last_day = date.fromisoformat(reading.value[:10])
        if reading.value and reading.granularity:
            last_value = (reading.value, reading.granularity, index)
        if reading.value and reading.granularity == "quarter" and not re.search(
                r"year-ago|year-earlier|year earlier|year ago|last year|previous year|"
                r"prior[- ]year", phrase, re.I):
            # The quarter under discussion; a comparison with a year before does not move it.
            last_quarter = reading.value
        results.append(TimeExpression(
            start=start, end=end, text=phrase, kind=reading.kind, sentence=index,
            extractor=EXTRACTOR, value=reading.value, granularity=reading.granularity,
            duration=reading.duration, relative_to=reading.relative_to,
            offset_days=reading.offset_days, anchor=reading.anchor))
    if language == "en":
        results = _with_references(text, results, sentences, starts)
    return results


# Vague references to the present, past or future (TimeML's PRESENT_REF, PAST_REF,
# FUTURE_REF): they date nothing, but say when a statement holds ("the plant is now
# closed", "recently reopened"), which a reader of two reports may need. Words that are
# more often something else are left out: "previously", "soon" ("as soon as"), "future"
# as an adjective ("future growth").
_REFERENCES = re.compile(
    r"\b(?:(?P<present>now|currently|current|nowadays|presently|at\s+present|these\s+days)"
    r"|(?P<past>recently|recent(?:\s+(?:years|months|weeks|days))?|(?:in\s+)?the\s+past)"
    r"|(?P<future>(?:in\s+)?the\s+(?:near\s+)?future|(?:the\s+)?coming\s+(?:years|months|weeks|days)"
    r"|the\s+(?:near|short|long)\s+term))\b", re.I)
_REFERENCE_VALUES = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}
# "right now" is kept; "now that", "just now" and "for now" are not about when
_NOT_A_REFERENCE_BEFORE = re.compile(r"\b(?:until|till|from|by)\s+$", re.I)
_NOT_A_REFERENCE_AFTER = re.compile(r"^\s+that\b", re.I)


def _with_references(text: str, results: list[TimeExpression], sentences: list[Sentence],
                     starts: list[int]) -> list[TimeExpression]:
    taken = [(r.start, r.end) for r in results]
    references = []
    for match in _REFERENCES.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        if _NOT_A_REFERENCE_BEFORE.search(text[max(0, start - 8):start]) or \
                _NOT_A_REFERENCE_AFTER.match(text[end:end + 6]):
            continue
        kind = next(k for k in _REFERENCE_VALUES if match.group(k))
        references.append(TimeExpression(
            start=start, end=end, text=match.group(0), kind="reference", sentence=sentence_index(sentences, start, starts),
            extractor=EXTRACTOR, value=_REFERENCE_VALUES[kind], granularity=None))
    return sorted(results + references, key=lambda t: t.start) if references else results


def _resolve_in_narrative(reader: _Reader, reading: DateReading, phrase: str, context: str,
                          last_day: date | None, last_value: tuple[str, str, int] | None,
                          last_quarter: str | None, sentence: int) -> None:
    """Resolve against the story's own timeline rather than the publication date."""
    cleaned = _clean(phrase).lower()
    quarter = last_quarter
    if quarter is not None:
        # Financial reports: "net income of $5 million, or ..., a year earlier", "the
        # year-ago quarter", "the 1988 period" all mean the quarter under discussion.
        year, number = quarter.split("-")
        target = None
        same_period = _RE_SAME_PERIOD.fullmatch(cleaned)
        if same_period:
            if same_period.group("year"):
                target = f"{same_period.group('year')}-{number}"
            elif same_period.group("back") or same_period.group("back2"):
                target = f"{int(year) - 1:04d}-{number}"
            elif reading.value is None:
                target = quarter
        elif _RE_YEAR_BACK.match(cleaned) and last_value is not None \
                and last_value[1] == "quarter" and sentence - last_value[2] <= 1:
            target = f"{int(year) - 1:04d}-{number}"
        if target is not None:
            reading.kind, reading.value, reading.granularity = "date", target, "quarter"
            reading.anchor, reading.duration, reading.offset_days = "event", None, None
            return
    if reading.value is None and last_value is not None and sentence - last_value[2] <= 1:
        back = re.fullmatch(r"(?:just\s+|only\s+)?(?:a|one)\s+year\s+(?P<dir>earlier|before|later)",
                            cleaned)
        same = re.fullmatch(r"(?:earlier\s+|later\s+)?(?:that|the\s+same)\s+year", cleaned)
        if back or same:
            # "A year earlier" / "that year": the year around the date just mentioned.
            step = 0 if same else (1 if back.group("dir") == "later" else -1)
            value, granularity = last_value[0], last_value[1]
            shifted = f"{int(value[:4]) + step:04d}{value[4:]}"
            if same:
                shifted, granularity = shifted[:4], "year"
            reading.value, reading.granularity, reading.anchor = shifted, granularity, "event"
            if same:
                reading.kind = "date"
            return
    if reading.kind != "relative" or reading.value is not None:
        return
    if reading.relative_to is None and reading.offset_days is not None and last_day is not None:
        resolved = last_day + timedelta(days=reading.offset_days)
        reading.value, reading.granularity, reading.anchor = _day(resolved), "day", "event"
    elif reading.relative_to and reading.offset_days is not None:
        inner = reader.read(reading.relative_to, None, context)
        if inner is not None and inner.granularity == "day" and inner.value:
            resolved = date.fromisoformat(inner.value) + timedelta(days=reading.offset_days)
            reading.value, reading.granularity, reading.anchor = _day(resolved), "day", "event"


def _day_from_sentence(reader: _Reader, reading: DateReading, phrase: str, text: str,
                       earlier: list[TimeExpression], sentence: int, sentence_start: int,
                       sentence_end: int) -> None:
    """A clock time with no day of its own ("at 10:35 a.m.") happened on the day its
    sentence names, if it names one, rather than on the publication day."""
    rest = _RE_CLOCK.sub(" ", phrase)
    own_day = reader.read(rest) if re.search(r"\w", rest) else None
    if own_day is not None and own_day.kind in ("date", "relative") and own_day.granularity == "day":
        return
    day = None
    for expression in reversed(earlier):
        if expression.sentence != sentence:
            break
        if expression.granularity == "day" and expression.value:
            day = expression.value
            break
    if day is None:
        for match in reader.weekday_re.finditer(text, sentence_start, sentence_end):
            found = reader.read(match.group(0), text[match.end():sentence_end],
                                _local_context(text, match.start(), match.end(), sentence_start, sentence_end))
            if found is not None and found.granularity == "day" and found.value:
                day = found.value
                break
    if day is None:
        # "The shooting happened Sunday. ... Police arrived at about 5 a.m.": the day the
        # narrative last named, not the day the report came out
        day = next((e.value[:10] for e in reversed(earlier)
                    if e.granularity in ("day", "time") and e.value and e.kind in ("date", "relative")), None)
    if day is not None and reading.value:
        reading.value = day + reading.value[10:]
        reading.anchor = "event"
