"""Fact comparison on small hand-made stories run through the real analysers."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsprism.analyse import analyse_articles
from newsprism.compare import build_brief
from newsprism.records import Article, Reprint


def story(*reports):
    """reports: (outlet, published 'YYYY-MM-DD HH', headline, body paragraphs)."""
    articles = [Article.create(headline, list(body), source=outlet, language="en",
                               published=datetime.strptime(when, "%Y-%m-%d %H"))
                for outlet, when, headline, body in reports]
    return articles, list(analyse_articles(articles))


def brief_of(*reports, reprints=()):
    articles, analyses = story(*reports)
    return build_brief("s-test", list(zip(articles, analyses)), reprints=reprints), articles


def facts(brief, type_, about=None):
    return [f for f in brief.facts if f.type == type_ and (about is None or f.about == about)]


def test_different_death_tolls_on_the_same_day_without_times_contradict():
    # both reports dated by the day alone: their order is unknown, so 12 and 15 clash
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-04 00", "Dam collapse floods town", ["A dam gave way before dawn on Tuesday, killing 12 people in the town of Villa Corma."]),
        ("Meridian Post", "2025-03-04 00", "Dam bursts in Villa Corma", ["The dam burst before dawn on Tuesday, killing 15 people in the town of Villa Corma."]),
    )
    dead = facts(brief, "count", "dead")
    assert [f.verdict for f in dead] == ["contradict"]
    assert dead[0].conflicts == [[0, 1]]


def test_a_higher_toll_later_the_same_day_is_an_update_when_reports_carry_times():
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-04 09", "Dam collapse floods town", ["A dam gave way before dawn on Tuesday, killing 12 people in the town of Villa Corma."]),
        ("Meridian Post", "2025-03-04 19", "Dam bursts in Villa Corma", ["The dam burst before dawn on Tuesday, killing 15 people in the town of Villa Corma."]),
    )
    [dead] = facts(brief, "count", "dead")
    assert dead.verdict == "update" and not dead.conflicts
    assert "Meridian Post" in dead.explanation and "newer" in dead.explanation


def test_the_same_outlet_raising_its_toll_is_an_update():
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-04 09", "Dam collapse floods town", ["A dam gave way on Tuesday, killing 12 people in Villa Corma."]),
        ("Harbor Times", "2025-03-05 09", "Dam toll rises", ["The dam collapse on Tuesday has killed 15 people in Villa Corma."]),
    )
    [dead] = facts(brief, "count", "dead")
    assert dead.verdict == "update" and dead.updates == [[0, 1]]


def test_a_report_that_also_gives_the_other_figure_does_not_contradict_it():
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-04 00", "Two dead in shooting", ["Two people were killed in a shooting on Tuesday in Villa Corma."]),
        ("Meridian Post", "2025-03-04 00", "Three dead in shooting",
         ["Three people were killed in a shooting on Tuesday in Villa Corma.", "Police first said two people were killed."]),
    )
    [dead] = facts(brief, "count", "dead")
    assert dead.verdict != "contradict"


def test_shot_and_killed_gives_injured_as_derived():
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-04 00", "Ten shot at party", ["Ten people were shot and one killed at a party on Tuesday."]),
        ("Meridian Post", "2025-03-04 00", "Party shooting", ["Nine people were wounded and one man was killed at a party on Tuesday."]),
    )
    [injured] = facts(brief, "count", "injured")
    derived = [c for c in injured.claims if c.qualifier == "derived"]
    assert [c.value for c in derived] == ["9"] and derived[0].note == "10 shot, 1 dead"
    assert injured.verdict in {"agree", "compatible"}
    [dead] = facts(brief, "count", "dead")
    assert {c.value for c in dead.claims} == {"1"} and dead.verdict == "agree"


def test_a_toll_is_not_dropped_for_sharing_its_value_with_another_count():
    # "three daughters" must not swallow "3 dead" (a repeat is keyed on what is counted)
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-04 00", "3 dead in house fire", ["Three people died in the fire, the mother of three daughters among them."]),
        ("Meridian Post", "2025-03-04 00", "House fire kills 3", ["The fire killed three people on Tuesday."]),
    )
    [dead] = facts(brief, "count", "dead")
    assert {c.value for c in dead.claims} == {"3"} and len(dead.outlets) == 2


def test_a_toll_rising_in_a_later_report_is_an_update_not_a_contradiction():
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-04 18", "Dam collapse kills 15", ["The dam collapse in Villa Corma killed 15 people, officials said."]),
        ("Meridian Post", "2025-03-06 19", "Dam toll rises to 19", ["The dam collapse in Villa Corma has killed 19 people, officials said."]),
    )
    dead = facts(brief, "count", "dead")
    assert [f.verdict for f in dead] == ["update"]
    assert dead[0].updates and not dead[0].conflicts


@pytest.mark.parametrize("first,second", [
    ("about 12,000 residents were evacuated", "12,400 residents were evacuated"),
    ("hundreds of people were killed", "over 200 people were killed"),
    ("at least 23 people were killed", "23 people were killed"),
    ("100 thousand people were evacuated", "100,000 people were evacuated"),
])
def test_rounding_vagueness_and_at_least_are_not_contradictions(first, second):
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-10 10", "Quake in Kerensk", [f"In Kerensk, {first} after the earthquake."]),
        ("Meridian Post", "2025-03-10 11", "Kerensk quake", [f"In Kerensk, {second} after the earthquake."]),
    )
    counts = facts(brief, "count")
    lined_up = [f for f in counts if len(f.outlets) == 2]
    assert lined_up, [(f.about, [c.text for c in f.claims]) for f in counts]
    assert all(f.verdict in {"agree", "compatible"} for f in lined_up)


def test_different_days_for_the_same_robbery_contradict():
    brief, _ = brief_of(
        ("Riverside Chronicle", "2025-03-27 08", "Police hunt bank robbers", ["Three masked men robbed a Nordbank branch on Kanalgatan on Tuesday."]),
        ("Harbor Times", "2025-03-27 09", "Bank robbed in Lindholm", ["Three masked men robbed a Nordbank branch on Kanalgatan on Wednesday."]),
    )
    dated = [f for f in facts(brief, "date") if len(f.outlets) == 2]
    assert [f.verdict for f in dated] == ["contradict"]
    assert {c.value for c in dated[0].claims} == {"2025-03-25", "2025-03-26"}


def test_each_day_of_a_developing_story_is_not_a_contradiction():
    # Tuesday's paper reports Tuesday's rescue work, Wednesday's paper Wednesday's
    brief, _ = brief_of(
        ("Capital Dispatch", "2025-03-11 18", "Rescuers reach villages", ["Rescue teams were struggling on Tuesday to reach villages in Ostravia."]),
        ("Harbor Times", "2025-03-12 18", "Rescuers press on", ["Rescue teams were struggling on Wednesday to reach villages in Ostravia."]),
    )
    assert not [f for f in brief.facts if f.verdict == "contradict"]


def test_a_follow_up_months_later_dating_its_own_news_does_not_contradict_the_event_date():
    shooting = ("Riverside Chronicle", "2025-08-30 08", "Man shot dead at truck stop",
                ["Laprida Shears, 25, was fatally shot on August 29 at a truck stop in Smith County, deputies said."])
    later = ("Harbor Times", "2026-01-07 09", "Suspect arraigned",
             ["D'Mio Ingram was arraigned on one murder charge on Tuesday in the shooting of Laprida Shears."])
    brief, _ = brief_of(shooting, later)
    main = [f for f in facts(brief, "date") if f.main]
    assert len(main) == 1 and len(main[0].outlets) == 2, main
    assert not [f for f in brief.facts if f.verdict == "contradict"]
    # the same report in the week of the shooting, dating it otherwise, does contradict
    brief, _ = brief_of(shooting, ("Harbor Times", "2025-08-31 09", "Man shot dead at truck stop",
                                   ["Laprida Shears, 25, was fatally shot on Thursday at a truck stop in Smith County."]))
    assert [f.verdict for f in facts(brief, "date") if f.main] == ["contradict"]


def test_reprints_are_shown_but_counted_once():
    wire = ("Baltic Wire Service", "2025-03-17 06", "Dockworkers strike in Lindholm",
            ["About 2,300 dockworkers walked out at the port of Lindholm on Monday."])
    copy = ("Harbor Times", "2025-03-17 09", "Dockworkers strike in Lindholm port",
            ["About 2,300 dockworkers walked out at the port of Lindholm on Monday."])
    articles, analyses = story(wire, copy)
    brief = build_brief("s", list(zip(articles, analyses)),
                        reprints=[Reprint(copy_id=articles[1].id, original_id=articles[0].id, similarity=0.9, containment=1.0)])
    strikers = [f for f in facts(brief, "count") if len(f.claims) == 2]
    assert strikers and strikers[0].verdict == "single"  # one source, printed twice
    assert next(a for a in brief.articles if a.id == articles[1].id).reprint_of == articles[0].id


def test_spelling_variants_are_one_entity_with_outlets():
    brief, _ = brief_of(
        ("Harbor Times", "2025-04-04 10", "Envoys met", ["The Russian envoy Igor Khovaev met Toivo Klaar in Lindholm on Thursday."]),
        ("Meridian Post", "2025-04-04 11", "Secret talks", ["The Russian envoy Igor Chovayev met Klaar in Lindholm."]),
    )
    khovaev = next(e for e in brief.entities if "Igor Khovaev" in {v.text for v in e.variants})
    assert khovaev.label == "PERSON"
    assert {v.text for v in khovaev.variants} == {"Igor Khovaev", "Igor Chovayev"}
    assert khovaev.outlets == ["Harbor Times", "Meridian Post"]
    klaar = next(e for e in brief.entities if e.canonical == "Toivo Klaar")
    assert klaar.outlets == ["Harbor Times", "Meridian Post"]


def test_undated_article_takes_its_date_range_from_the_story():
    articles, analyses = story(
        ("Harbor Times", "2025-03-14 10", "Port reopens", ["The port reopened on Friday after the earthquake."]),
    )
    undated = Article.create("Aid arrives", ["Aid arrived in Puerto Almagro on March 12, 2025 after the earthquake."],
                             source="Riverside Chronicle", language="en")
    [undated_analysis] = analyse_articles([undated])
    brief = build_brief("s", [(articles[0], analyses[0]), (undated, undated_analysis)])
    entry = next(a for a in brief.articles if a.id == undated.id)
    assert entry.published is None
    assert entry.date_range == ["2025-03-12", "2025-03-14"]


def test_quote_variants_across_wordings_are_grouped():
    brief, _ = brief_of(
        ("Harbor Times", "2025-03-05 10", "Minister speaks", ['"We will get these bloody pumps running, whatever it costs," the minister said.']),
        ("Meridian Post", "2025-03-05 11", "Minister vows", ['"We will get these damn pumps working," the minister told reporters.']),
    )
    grouped = [q for q in brief.quotes if len(q.outlets) == 2]
    assert grouped and grouped[0].wordings == 2


def test_seat_counts_of_an_election_contradict_while_totals_agree():
    """Regression (user trial): "31 of the 45 seats" vs "32 of the council's 45 seats"."""
    brief, _ = brief_of(
        ("Harbor Times", "2025-06-09 08", "Greens win Dunmore council election",
         ["The Greens won 31 of the 45 seats on Dunmore city council in Sunday's election, officials said."]),
        ("Daily Ledger", "2025-06-09 09", "Greens sweep Dunmore vote",
         ["The Greens took 31 seats on the 45-seat Dunmore council in Sunday's vote."]),
        ("Evening Courier", "2025-06-09 10", "Dunmore council goes Green",
         ["The Greens won 32 of the council's 45 seats in Sunday's election in Dunmore."]),
    )
    seats = {tuple(sorted({c.value for c in f.claims})): f.verdict for f in facts(brief, "count", "seat")}
    assert seats == {("31", "32"): "contradict", ("45",): "agree"}


def test_distances_from_the_same_place_contradict():
    """Regression (demo S2): "14 kilometres north-west of Kerensk" vs "about 70 kilometres
    east of Kerensk" for one epicentre; the depth (10 km, from no place) stays apart."""
    brief, _ = brief_of(
        ("Northern Ledger", "2025-03-10 14", "Quake strikes Ostravia",
         ["The quake struck at a depth of about 10 kilometres, and the institute placed the epicentre "
          "14 kilometres north-west of Kerensk, a mining town."]),
        ("Capital Dispatch", "2025-03-11 09", "Villages cut off after quake",
         ["Its epicentre lay near the village of Stary Bor, about 70 kilometres east of Kerensk, "
          "according to the emergency service."]),
    )
    distances = [f for f in facts(brief, "count", "kilometre") if len(f.outlets) == 2]
    assert [sorted(c.text for c in f.claims) for f in distances] == [["14 kilometres", "about 70 kilometres"]]
    assert distances[0].verdict == "contradict"


def test_yesterdays_event_dated_differently_by_later_papers_contradicts():
    """Regression (demo S7): papers of different days each call the robbery "yesterday"'s
    weekday; only dates on the paper's own day are a developing story's own moments."""
    brief, _ = brief_of(
        ("Meridian Post", "2025-03-26 08", "Masked gang robs Lindholm bank",
         ["Three masked men robbed a Nordbank branch in central Lindholm on Tuesday evening."]),
        ("Harbor Times", "2025-03-27 08", "Guard describes bank robbery",
         ["The security guard injured in the armed robbery of a Nordbank branch in central Lindholm "
          "on Wednesday has described the attack."]),
    )
    dated = [f for f in facts(brief, "date") if len(f.outlets) == 2]
    assert [f.verdict for f in dated] == ["contradict"]


def test_a_headline_only_report_is_listed_but_not_compared():
    # a title-only feed entry "15 dead" must not make the story's toll contradict
    brief, articles = brief_of(
        ("Harbor Times", "2025-03-04 00", "Dam collapse floods town", ["A dam gave way before dawn on Tuesday, killing 12 people in the town of Villa Corma."]),
        ("Meridian Post", "2025-03-04 00", "Dam bursts in Villa Corma, killing 15 people", []),
    )
    assert articles[1].headline_only
    assert [(a.outlet, a.headline_only) for a in brief.articles] == [("Harbor Times", False), ("Meridian Post", True)]
    dead = facts(brief, "count", "dead")
    assert [f.verdict for f in dead] == ["single"] and dead[0].outlets == ["Harbor Times"]
    assert all("Meridian Post" not in f.outlets for f in brief.facts)
