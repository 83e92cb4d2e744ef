"""Date/time normalisation: the conventions of news writing, checked case by case."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from newsprism.analyse.dates import EXTRACTOR, normalise_date, extract_times
from newsprism.records import Sentence

OCT_4_2023 = date(2023, 10, 4)  # a Wednesday


def read(text: str, published=OCT_4_2023, **kwargs):
    return normalise_date(text, published, **kwargs)


# --------------------------------------------------------------------------- absolute dates


def test_day_and_month_without_year_is_the_most_recent_occurrence():
    result = read("September 17", date(2023, 10, 5))
    assert (result.kind, result.value, result.granularity) == ("date", "2023-09-17", "day")


def test_day_and_month_in_a_january_article_is_last_years():
    assert read("September 17", date(2024, 1, 10)).value == "2023-09-17"


def test_day_and_month_a_few_days_ahead_is_an_announced_event_this_year():
    assert read("October 9", OCT_4_2023).value == "2023-10-09"


def test_month_and_year_is_a_month():
    result = read("November 2020", None)
    assert (result.value, result.granularity) == ("2020-11", "month")


def test_full_date_resolves_without_publication_date():
    assert read("Sept. 27, 1989", None).value == "1989-09-27"


def test_year_alone_is_a_year():
    assert (read("1995", None).value, read("1995", None).granularity) == ("1995", "year")


def test_day_month_without_year_stays_unresolved_without_publication_date():
    result = read("September 17", None)
    assert result.value is None and result.kind == "unresolved"


def test_this_month_name_is_the_current_years():
    assert read("this September", date(1998, 2, 5)).value == "1998-09"


def test_future_tense_picks_the_coming_occurrence():
    sentence = "The treaty will be signed on March 12 in Independence."
    assert read("March 12", date(1999, 2, 16), sentence=sentence).value == "1999-03-12"


# --------------------------------------------------------------------------- weekdays


def test_weekday_is_the_publication_day_when_it_matches():
    result = read("on Wednesday")
    assert (result.value, result.granularity) == ("2023-10-04", "day")


def test_weekday_is_the_most_recent_such_day():
    assert read("Tuesday", date(2025, 3, 7)).value == "2025-03-04"


def test_next_weekday_is_after_publication():
    assert read("next Monday", OCT_4_2023).value == "2023-10-09"


def test_reported_weekday_stays_in_the_past_despite_a_later_would():
    sentence = "Neal Horsley said Friday that he would seek a new provider."
    assert read("Friday", date(1999, 2, 6), sentence=sentence).value == "1999-02-05"


def test_weekday_is_unresolved_without_publication_date():
    assert read("Tuesday", None).value is None


# --------------------------------------------------------------------------- calendar-relative


def test_last_month_is_the_previous_month():
    result = read("last month")
    assert (result.value, result.granularity) == ("2023-09", "month")


def test_since_last_year_is_the_previous_year():
    result = read("since last year")
    assert (result.value, result.granularity) == ("2022", "year")


def test_this_and_last_week_are_iso_weeks():
    assert read("this week").value == "2023-W40"
    assert read("last week").value == "2023-W39"
    assert read("this week").granularity == "week"


def test_yesterday_today_tomorrow():
    assert read("yesterday").value == "2023-10-03"
    assert read("today").value == "2023-10-04"
    assert read("tomorrow").value == "2023-10-05"


def test_years_ago_is_a_year():
    assert read("almost four years ago", date(1998, 1, 1)).value == "1994"


def test_quarter_is_the_latest_begun_by_publication():
    assert read("third-quarter", date(1989, 11, 2)).value == "1989-Q3"
    assert read("the fourth quarter", date(1990, 1, 5)).value == "1989-Q4"
    assert read("the fourth quarter", date(1990, 1, 5)).granularity == "quarter"


# --------------------------------------------------------------------------- durations and sets


@pytest.mark.parametrize("text, duration", [
    ("nine-month", "P9M"), ("24 hours", "PT24H"), ("six-week", "P6W"), ("48-hour", "PT48H"),
    ("two days", "P2D"), ("the past two years", "P2Y"), ("5 1/2 hours", "PT5H30M"),
    ("a few days", "PXD"), ("the next three quarters", "P9M"),
])
def test_lengths_of_time_are_durations_without_a_date(text, duration):
    result = read(text)
    assert (result.kind, result.duration, result.value) == ("duration", duration, None)


def test_age_is_not_a_time_expression():
    times = extract_times("The boy, 6 years old, stayed.", OCT_4_2023, language="en",
                          candidates=[(9, 20)], sentences=[Sentence(0, 29, 0)])
    assert times == []


@pytest.mark.parametrize("text, duration", [
    ("every Monday", "P1W"), ("weekly", "P1W"), ("each year", "P1Y"), ("daily", "P1D"),
])
def test_sets(text, duration):
    result = read(text)
    assert (result.kind, result.duration) == ("set", duration)


def test_every_weekday_names_the_day():
    assert read("every Monday").value == "XXXX-WXX-1"


# --------------------------------------------------------------------------- relative to an event


@pytest.mark.parametrize("text, offset", [
    ("the following day", 1), ("the next day", 1), ("a day later", 1),
    ("just one day later", 1), ("two days before", -2), ("a week later", 7),
])
def test_relative_offsets(text, offset):
    result = read(text)
    assert (result.kind, result.offset_days) == ("relative", offset)


def test_vague_relative_offset_has_no_number():
    for text in ("a few days before", "days before"):
        result = read(text)
        assert (result.kind, result.offset_days) == ("relative", None)


def test_relative_to_names_the_event():
    result = read("two days before Baku launched its military operation")
    assert (result.kind, result.offset_days) == ("relative", -2)
    assert result.relative_to == "Baku launched its military operation"


def test_relative_to_is_taken_from_the_sentence():
    sentence = "Shelling began two days before Baku launched its military operation, he said."
    result = read("two days", sentence=sentence)
    assert (result.kind, result.offset_days) == ("relative", -2)
    assert result.relative_to == "Baku launched its military operation"


def test_relative_without_event_has_no_relative_to():
    assert read("the following day").relative_to is None


def test_relative_stays_unresolved_without_publication_date():
    result = read("the following day", None)
    assert result.value is None and result.kind in ("relative", "unresolved")


# --------------------------------------------------------------------------- other languages


def test_spanish_weekday_and_date():
    assert read("el martes", date(2025, 3, 7), language="es").value == "2025-03-04"
    assert read("3 de marzo", date(2025, 3, 7), language="es").value == "2025-03-03"


@pytest.mark.parametrize("word, language", [
    ("ayer", "es"), ("ieri", "it"), ("gisteren", "nl"), ("gestern", "de"), ("hier", "fr"),
])
def test_yesterday_in_other_languages(word, language):
    assert read(word, date(2025, 3, 7), language=language).value == "2025-03-06"


def test_spanish_days_ago():
    assert read("hace dos días", date(2025, 3, 7), language="es").value == "2025-03-05"


def test_as_dict_has_every_field():
    assert set(read("last month").as_dict()) == {
        "kind", "value", "granularity", "duration", "relative_to", "offset_days", "anchor"}


# --------------------------------------------------------------------------- extraction


def _sentences(text: str) -> list[Sentence]:
    sentences, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (2 if start + len(part) < len(text) else 0)
        sentences.append(Sentence(start, min(end, len(text)), 0))
        start = end
    return sentences


def test_extract_without_model_finds_regex_candidates():
    text = ("Troops crossed the border on Wednesday. The talks began on September 17 "
            "and lasted 24 hours. Prices rose last month.")
    times = extract_times(text, datetime(2023, 10, 4, 9, 30), language="en", candidates=None,
                          sentences=_sentences(text))
    found = {t.text: t for t in times}
    assert found["Wednesday"].value == "2023-10-04"
    assert found["September 17"].value == "2023-09-17"
    assert found["24 hours"].duration == "PT24H"
    assert found["last month"].value == "2023-09"
    for t in times:
        assert text[t.start:t.end] == t.text
        assert t.extractor == EXTRACTOR
    assert found["last month"].sentence == 2


def test_extract_uses_model_candidates_and_extends_to_before():
    text = "Shelling started two days before Baku launched its military operation."
    start = text.index("two days")
    times = extract_times(text, date(2023, 9, 22), language="en",
                          candidates=[(start, start + len("two days"))],
                          sentences=[Sentence(0, len(text), 0)])
    assert len(times) == 1
    assert times[0].kind == "relative" and times[0].offset_days == -2
    assert times[0].relative_to == "Baku launched its military operation"


def test_following_day_resolves_against_the_last_date_mentioned():
    text = "He was arrested on September 17. He was released the following day."
    times = extract_times(text, date(2023, 10, 4), language="en", candidates=None,
                          sentences=_sentences(text))
    following = next(t for t in times if t.text == "the following day")
    assert (following.kind, following.value, following.anchor) == (
        "relative", "2023-09-18", "event")
    assert following.offset_days == 1


def test_model_span_covering_two_years_is_split():
    text = "Output fell between 1994 and 1997, the report said."
    start = text.index("between")
    times = extract_times(text, date(1999, 5, 7), language="en",
                          candidates=[(start, text.index(","))],
                          sentences=[Sentence(0, len(text), 0)])
    assert [(t.text, t.value) for t in times] == [("1994", "1994"), ("1997", "1997")]


def test_year_earlier_after_a_quarter_is_that_quarter_a_year_before():
    text = ("Citadel posted a third-quarter net loss of $2.3 million, versus net income of "
            "$5.3 million a year earlier.")
    times = extract_times(text, date(1989, 11, 2), language="en", candidates=None,
                          sentences=[Sentence(0, len(text), 0)])
    assert [(t.text, t.value) for t in times] == [
        ("third-quarter", "1989-Q3"), ("a year earlier", "1988-Q3")]


def test_clock_time_takes_the_day_named_in_its_sentence():
    text = "The blast went off on Friday at 10:35 a.m. near the embassy."
    times = extract_times(text, date(1998, 8, 8), language="en", candidates=None,
                          sentences=[Sentence(0, len(text), 0)])
    clock = next(t for t in times if "10:35" in t.text)
    assert (clock.kind, clock.value, clock.granularity) == ("time", "1998-08-07T10:35", "time")


def test_extract_spanish_text():
    text = "El martes el gobierno anunció el acuerdo firmado el 3 de marzo. Ayer hubo protestas."
    times = extract_times(text, date(2025, 3, 7), language="es", candidates=None,
                          sentences=_sentences(text))
    values = {t.text.lower(): t.value for t in times}
    assert values["el martes"] == "2025-03-04"
    assert values["3 de marzo"] == "2025-03-03"
    assert values["ayer"] == "2025-03-06"


def test_modal_may_is_not_a_month():
    text = "Officials may decide later. Elections are due in May."
    times = extract_times(text, date(2023, 3, 1), language="en", candidates=None,
                          sentences=_sentences(text))
    assert [t.text for t in times] == ["May"]


def test_french_last_week_keeps_its_article():
    assert read("La semaine dernière", date(2025, 3, 7), language="fr").value == "2025-W09"


def test_next_year_before_after_clause_is_still_next_year():
    sentence = "The plant will open next year after the permits arrive."
    assert read("next year", date(1998, 2, 13), sentence=sentence).value == "1999"


def test_hyphenated_mid_month():
    assert read("mid-November", date(1989, 10, 27)).value == "1988-11"


def _times_of(text: str, published: datetime):
    return [(t.text, t.kind, t.value, t.anchor) for t in
            extract_times(text, published, language="en", candidates=None, sentences=_sentences_of(text))]


def _sentences_of(text: str) -> list[Sentence]:
    from newsprism.analyse import split_sentences

    return split_sentences(text)


def test_time_without_a_day_takes_the_day_the_narrative_named():
    # published Monday; the shooting was "Sunday"; "about 5 a.m." is Sunday's, not Monday's
    found = _times_of("The shooting happened Sunday. Police said it happened about 5 a.m. in the 2900 block.",
                      datetime(2016, 10, 31))
    assert ("5 a.m", "time", "2016-10-30T05:00", "event") in found


def test_time_without_any_day_is_placed_on_the_publication_day_and_says_so():
    [found] = _times_of("Police arrived at about 11:18 p.m. and found a man shot.", datetime(2016, 10, 31))
    assert found[2] == "2016-10-31T23:18" and found[3] == "publication"


def test_future_weekday_after_until_resolves_forward():
    found = _times_of("Officers will stay in the area until 6 a.m. on Wednesday.", datetime(2016, 10, 31))
    assert ("Wednesday", "date", "2016-11-02", "publication") in found


def test_court_date_and_further_action_resolve_forward():
    assert _times_of("He has a court date of Nov. 1.", datetime(2016, 10, 4))[0][2] == "2016-11-01"
    assert _times_of("The council will take further action in April.", datetime(2016, 10, 31))[0][2] == "2017-04"


@pytest.mark.parametrize("text", [
    "He wounded an 18 and 15 year old after firing a pistol.",
    "The victims were between the ages of 16 and 18.",
    "Published 10:32 PM EDT Oct 4, 2016",
])
def test_ages_and_page_furniture_are_never_dates(text):
    assert _times_of(text, datetime(2016, 10, 4)) == []


@pytest.mark.parametrize(("phrase", "published", "value"), [
    ("last fall", "1999-05-07", "1998-FA"), ("this fall", "1989-10-30", "1989-FA"), ("summer", "1989-10-26", "1989-SU"),
    ("this past spring", "1989-10-30", "1989-SP"), ("next summer", "1989-10-26", "1990-SU"),
    ("the spring of 1998", "2000-01-01", "1998-SP"),
])
def test_seasons(phrase, published, value):
    from newsprism.analyse.dates import normalise_date

    reading = normalise_date(phrase, datetime.fromisoformat(published))
    assert (reading.value, reading.granularity) == (value, "season")


@pytest.mark.parametrize(("phrase", "published", "value"), [
    ("Dec. 15", "1989-11-02", "1989-12-15"),  # six weeks ahead: this December's, not last year's
    ("Jan. 14", "2000-01-06", "2000-01-14"),  # next week's
    ("Feb. 1", "1989-12-20", "1990-02-01"),  # ten months back is too far: the coming one
    ("June 3", "2025-12-20", "2025-06-03"),  # half a year back: still the past one
    ("March 3", "2025-03-10", "2025-03-03"),  # a week back: the past, as news mostly means
])
def test_a_day_without_a_year_is_the_nearest_when_the_tense_choice_is_far(phrase, published, value):
    from newsprism.analyse.dates import normalise_date

    assert normalise_date(phrase, datetime.fromisoformat(published)).value == value


def test_vague_references_are_marked_not_dated():
    from newsprism.analyse import split_sentences
    from newsprism.analyse.dates import extract_times

    text = "The plant is now closed. It recently reopened, and in the future it may grow. Until now nothing changed."
    found = [(t.text, t.kind, t.value) for t in extract_times(text, datetime(2025, 3, 10), language="en",
                                                               candidates=None, sentences=split_sentences(text))]
    assert {("now", "reference", "PRESENT_REF"), ("recently", "reference", "PAST_REF"),
            ("in the future", "reference", "FUTURE_REF")} <= set(found)
    assert [t for t in found if t[0].lower() == "now"] == [("now", "reference", "PRESENT_REF")]  # not "Until now"
