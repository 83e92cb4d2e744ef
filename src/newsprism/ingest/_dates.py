"""Publication dates: datelines in plain text, and date fields in structured inputs.

Datetimes are returned naive, in the wall-clock time the input states (an offset or
zone name is dropped): outlets date articles in their own time zone, and comparing
naive values keeps every stage free of aware/naive mix-ups.
"""

from __future__ import annotations

import email.utils
import functools
import re
from datetime import date, datetime
from typing import Any

from newsprism.ingest._boilerplate import phrase_alternation
from newsprism.records import DatePrecision

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# Dateline labels and weekdays of the languages newsprism reads, one row per language.
PUBLISHED_LABELS = {
    "en": ("first published", "published", "published on", "posted", "posted on", "date", "dated", "created"),
    "es": ("publicado", "publicada", "publicado el", "fecha", "fecha de publicación"),
    "fr": ("publié", "publié le", "publiée le", "date de publication"),
    "de": ("veröffentlicht", "veröffentlicht am", "erstellt", "erstellt am", "datum"),
    "it": ("pubblicato", "pubblicato il", "data"),
    "pt": ("publicado", "publicado em", "publicada em", "data"),
    "pl": ("opublikowano", "data publikacji", "data"),
    "nl": ("gepubliceerd", "gepubliceerd op", "datum"),
    "ru": ("опубликовано", "дата публикации", "дата"),
}
UPDATED_LABELS = {
    "en": ("last updated", "updated", "updated on", "last modified", "modified", "edited"),
    "es": ("actualizado", "actualizada", "actualizado el", "última actualización", "modificado"),
    "fr": ("mis à jour", "mis à jour le", "mise à jour", "mise à jour le", "modifié", "modifié le"),
    "de": ("aktualisiert", "aktualisiert am", "zuletzt aktualisiert", "geändert", "geändert am"),
    "it": ("aggiornato", "aggiornato il", "ultimo aggiornamento", "modificato", "modificato il"),
    "pt": ("atualizado", "atualizado em", "atualizada em", "última atualização", "actualizado"),
    "pl": ("aktualizacja", "zaktualizowano", "ostatnia aktualizacja"),
    "nl": ("bijgewerkt", "bijgewerkt op", "laatst bijgewerkt", "gewijzigd", "gewijzigd op"),
    "ru": ("обновлено", "последнее обновление", "изменено", "обновлён"),
}
WEEKDAYS = {
    "en": ("mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
           "fri", "friday", "sat", "saturday", "sun", "sunday"),
    "es": ("lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "pt": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"),
    "pl": ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
}


def _phrases(table: dict[str, tuple[str, ...]]) -> str:
    return phrase_alternation(p for row in table.values() for p in row)


_WEEKDAY = rf"(?:(?:{_phrases(WEEKDAYS)})\.?,?\s+)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE = (
    rf"(?:{_WEEKDAY}?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR})"  # Oct 5, 2023
    rf"|{_WEEKDAY}?(?P<d2>{_DAY})\.?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})"  # 5 October 2023
    rf"|(?P<y3>{_YEAR})-(?P<mo3>[01]?\d)-(?P<d3>[0-3]?\d)"  # 2023-10-05
    rf"|(?P<d4>[0-3]?\d)\.(?P<mo4>[01]?\d)\.(?P<y4>{_YEAR})"  # 05.10.2023
    rf"|{_WEEKDAY}?(?P<d5>[0-3]?\d)\.?\s+(?:de\s+)?(?P<m5>[^\W\d_]{{3,12}}\.?),?\s+(?:de\s+|del\s+)?(?P<y5>{_YEAR}))"  # 5 października 2023, 14 de marzo de 2025
)
_ZONE = r"(?:Z|[A-Z]{2,5}|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d\d)?|[+-]\d\d:?\d\d)"
_TIME = (r"(?P<H>[0-2]?\d)[:.h](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:\.\d+)?)?"
         rf"(?:\s*(?P<ampm>[ap]\.?\s?m\.?))?(?:\s*\(?{_ZONE}\)?)?")
_LABEL = rf"(?P<label>{_phrases(PUBLISHED_LABELS)}|{_phrases(UPDATED_LABELS)})\s*:?\s*"


# "5 mars 2025 à 10h30", "5. März 2025 um 10:30", "5 de marzo de 2025 a las 10:30"
_AT = "at|à|a\\s+las|a\\s+la|um|alle|às|om|o|godz\\.|в"


def _segment_pattern(suffix: str) -> str:
    """One date(+time) segment; group names carry ``suffix`` so a line can hold several."""
    def tag(pattern: str, extra: str = "") -> str:
        return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}{extra}{suffix}>", pattern)

    return (rf"(?:{tag(_LABEL)})?(?:on\s+)?"
            rf"(?:{tag(_TIME, '__b')}\s*,?\s*(?:on\s+)?{tag(_DATE, '__b')}"
            rf"|{tag(_DATE)}(?:\s*(?:,|T|-|–)?\s*(?:(?:{_AT})\s+)?{tag(_TIME)})?)")


_FIRST = _segment_pattern("")
_LATER = _segment_pattern("__2")
_SEPARATOR = r"\s*(?:[|•·/–—,;]|\s-)\s*"
# "Mar 27, 2025 | 7:30 AM CET": a bare time after the date is the publication time
_TIME_ONLY = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}__t>", _TIME)
_DATELINE = re.compile(rf"^[\W_]{{0,2}}{_FIRST}(?:{_SEPARATOR}(?:{_LATER}|{_TIME_ONLY}))*[\W_]{{0,2}}$",
                       re.IGNORECASE)
_UPDATE_LABEL = re.compile(rf"^(?:{_phrases(UPDATED_LABELS)})$", re.IGNORECASE)
_MAX_DATELINE_CHARS = 120


def parse_dateline(line: str) -> tuple[datetime | None, DatePrecision | None] | None:
    """Whether ``line`` is a dateline, and the publication date it states.

    Returns None when the line is not a dateline; ``(None, None)`` for a dateline that
    only gives an update time (it is still not part of the body).

    >>> parse_dateline("Oct 5, 2023 | updated: 1:58 AM EDT, October 6, 2023")
    (datetime.datetime(2023, 10, 5, 0, 0), 'day')
    >>> parse_dateline("Published: 2025-03-04 10:00")
    (datetime.datetime(2025, 3, 4, 10, 0), 'minute')
    >>> parse_dateline("14 de marzo de 2025 | 07:55")
    (datetime.datetime(2025, 3, 14, 7, 55), 'minute')
    >>> parse_dateline("Mar 27, 2025 | 7:30 AM CET")
    (datetime.datetime(2025, 3, 27, 7, 30), 'minute')
    """
    text = line.strip()
    if not text or len(text) > _MAX_DATELINE_CHARS:
        return None
    match = _DATELINE.match(text)
    if not match:
        return None
    # Only the first segment states the publication; later ones are updates.
    groups: dict[str, str] = {}
    for k, v in match.groupdict().items():
        if v is not None and not k.endswith("__2"):
            groups.setdefault(k.split("__")[0], v)
    if groups.get("label") and _UPDATE_LABEL.search(groups["label"]):
        return (None, None)
    return _build(groups, text)


def _build(groups: dict[str, str], text: str) -> tuple[datetime | None, DatePrecision | None] | None:
    year = month = day = None
    for i in "12345":
        if groups.get(f"y{i}"):
            year = int(groups[f"y{i}"])
            day = int(re.sub(r"\D", "", groups[f"d{i}"]))
            if groups.get(f"mo{i}"):
                month = int(groups[f"mo{i}"])
            else:
                month = _month_number(groups[f"m{i}"])
            break
    if year is None or month is None or day is None:
        return None
    hour, minute, second, ampm = (groups.get(name) for name in ("H", "M", "S", "ampm"))
    try:
        if hour is None:
            return datetime(year, month, day), "day"
        h = int(hour)
        if ampm:
            is_pm = ampm.lower().startswith("p")
            if not 1 <= h <= 12:
                return None
            h = (h % 12) + (12 if is_pm else 0)
        value = datetime(year, month, day, h, int(minute or 0), int(second or 0))
    except ValueError:
        return None
    return value, ("second" if second and int(second) else "minute")


def _month_number(name: str) -> int | None:
    key = name.lower().rstrip(".")
    if key[:4] == "sept":
        return 9
    if key[:3] in _MONTHS:
        return _MONTHS[key[:3]]
    parsed = _dateparser_parse(f"1 {name} 2000", _DATELINE_LANGUAGES)
    return parsed[0].month if parsed else None


# Month names in datelines: the languages newsprism ships defaults for.
_DATELINE_LANGUAGES = ("en", "es", "it", "nl", "de", "fr", "pl", "ru", "uk", "pt", "tr", "ro", "cs", "sv")
_ISO_TIME = re.compile(r"\d[T ]\d\d:\d\d")
_HAS_SECONDS = re.compile(r"\d\d:\d\d:\d\d")
_YEAR_ONLY = re.compile(r"\s*\d{4}\s*")
_YEAR_MONTH = re.compile(r"\s*\d{4}-\d\d\s*")


def parse_date_value(value: Any, languages: tuple[str, ...] | None = None) -> tuple[datetime, DatePrecision] | None:
    """A date from a structured field (ISO 8601, RFC 2822, or free text via dateparser).

    ``languages`` limits the languages dateparser tries for month names (trying all
    of them takes seconds); None means every language.

    >>> parse_date_value("2023-10-05T08:30:00+02:00")
    (datetime.datetime(2023, 10, 5, 8, 30), 'minute')
    >>> parse_date_value("Thu, 05 Oct 2023 08:30:15 GMT")
    (datetime.datetime(2023, 10, 5, 8, 30, 15), 'second')
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None), "second"
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), "day"
    if isinstance(value, (int, float)):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _YEAR_ONLY.fullmatch(text):
        try:
            return datetime(int(text), 1, 1), "year"
        except ValueError:  # "0000"
            return None
    if _YEAR_MONTH.fullmatch(text):
        year, month = text.split("-")
        try:
            return datetime(int(year), int(month), 1), "month"
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
        return parsed.replace(tzinfo=None), _precision_from_text(text)
    except ValueError:
        pass
    if re.fullmatch(r"\d{9,10}(\.\d+)?", text):
        return _from_timestamp(float(text))
    try:
        rfc = email.utils.parsedate_to_datetime(text)
        return rfc.replace(tzinfo=None), _precision_from_text(text)
    except (TypeError, ValueError, IndexError):
        pass
    dateline = parse_dateline(text)
    if dateline and dateline[0] is not None and dateline[1] is not None:
        return dateline[0], dateline[1]
    return _dateparser_parse(text, languages)


def _from_timestamp(seconds: float) -> tuple[datetime, DatePrecision] | None:
    from datetime import timezone

    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None), "second"
    except (OverflowError, OSError, ValueError):
        return None


def _precision_from_text(text: str) -> DatePrecision:
    if _HAS_SECONDS.search(text) and not re.search(r"\d\d:\d\d:00(?!\d)", text):
        return "second"
    if _ISO_TIME.search(text) or re.search(r"\d:\d\d", text):
        return "minute"
    return "day"


@functools.lru_cache(maxsize=8)
def _date_parser(languages: tuple[str, ...] | None) -> Any:
    from dateparser.date import DateDataParser
    from dateparser.languages.loader import default_loader

    known = None
    if languages:
        known = [lang for lang in languages if _dateparser_knows(default_loader, lang)] or None

    # Relative phrases ("yesterday") would be resolved against today's date, which
    # makes ingest depend on when it runs; only absolute dates are accepted.
    return DateDataParser(languages=known, settings={
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    })


def _dateparser_knows(loader: Any, language: str) -> bool:
    try:
        return bool(loader.get_locale_map(languages=[language]))
    except ValueError:
        return False


def _dateparser_parse(text: str, languages: tuple[str, ...] | None = None) -> tuple[datetime, DatePrecision] | None:
    try:
        data = _date_parser(languages).get_date_data(text)
    except (ValueError, TypeError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    precision: DatePrecision
    if period == "time":
        precision = "second" if _HAS_SECONDS.search(text) else "minute"
    elif period in ("year", "month", "day"):
        precision = period  # type: ignore[assignment]
    else:
        precision = "day"
    return data.date_obj.replace(tzinfo=None), precision
