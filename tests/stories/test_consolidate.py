"""The consolidation pass: batch evidence merges, moves and splits, with stable ids."""

from __future__ import annotations

from datetime import datetime

from newsprism.stories.consolidate import Move, apply_moves, average_linkage, plan
from newsprism.stories.pairs import PairModel, Report


def test_average_linkage_joins_groups_whose_mean_reaches_the_threshold():
    # 0-1-2 strongly linked, 3 linked to 2 only weakly: average linkage keeps 3 apart
    pairs = [(0, 1), (0, 2), (1, 2), (2, 3)]
    labels = average_linkage(4, pairs, [0.9, 0.8, 0.9, 0.6], threshold=0.5)
    assert labels[0] == labels[1] == labels[2] != labels[3]
    # a pair that is not scored counts as 0: 3 joins {0,1,2} only if the mean over all
    # three pairs (0.6 + 0 + 0) / 3 reaches the threshold
    labels = average_linkage(4, pairs, [0.9, 0.8, 0.9, 0.6], threshold=0.19)
    assert len(set(labels)) == 1


def test_groups_without_a_shared_language_are_bridged_by_a_likely_pair():
    # an English pair and a Spanish pair of one event: no words in common to average over,
    # so two likely pairs across the languages bridge them (their mean of 0.29 would not)
    pairs = [(0, 1), (2, 3), (1, 2), (0, 3)]
    langs = ["en", "en", "es", "es"]
    labels = average_linkage(4, pairs, [0.9, 0.9, 0.6, 0.55], threshold=0.5, languages=langs)
    assert len(set(labels)) == 1
    assert len(set(average_linkage(4, pairs, [0.9, 0.9, 0.6, 0.55], threshold=0.5))) == 2
    # one likely pair alone may be chance
    labels = average_linkage(4, pairs, [0.9, 0.9, 0.6, 0.05], threshold=0.5, languages=langs)
    assert len(set(labels)) == 2
    # a single report facing a single report: the one pair there is decides
    assert len(set(average_linkage(2, [(0, 1)], [0.6], threshold=0.5, languages=["en", "es"]))) == 1


def test_a_single_report_is_judged_on_its_own_language_within_a_group_of_several():
    # a story of two Spanish and two English reports; a Spanish follow-up is likely the
    # same event by both Spanish reports, and unsure against the English ones, whose pairs
    # with it lack the words: its mean (0.43) is below the threshold, its Spanish mean is not
    langs = ["es", "es", "en", "en", "es"]
    pairs = [(0, 1), (2, 3), (0, 2), (0, 3), (1, 2), (1, 3), (0, 4), (1, 4), (2, 4), (3, 4)]
    probabilities = [0.9, 0.9, 0.6, 0.6, 0.6, 0.6, 0.8, 0.8, 0.05, 0.05]
    assert len(set(average_linkage(5, pairs, probabilities, threshold=0.5, languages=langs))) == 1
    assert len(set(average_linkage(5, pairs, probabilities, threshold=0.5))) == 2
    # a group is not judged that way: two events in one language share their topic's words
    pairs = [(0, 1), (2, 3), (0, 2), (1, 3), (0, 3), (1, 2)]
    labels = average_linkage(4, pairs, [0.9, 0.9, 0.55, 0.55, 0.0, 0.0], threshold=0.5,
                             languages=["en", "es", "en", "es"])
    assert labels[0] == labels[1] != labels[2] == labels[3]


def _report(article_id, day, city, names=(), published=None):
    return Report(article_id=article_id, language="en", published=published or datetime(2016, 1, day),
                  terms={}, headline={}, entities={}, embedding=None, names=frozenset(names), city=city,
                  event_day=f"2016-01-{day:02d}", index_keys=[f"c:{city}"] + [f"n:{n}" for n in names])


# a model that only reads shared names and the same city: enough to test the moves
MODEL = PairModel(coef=tuple(4.0 if k in {"names", "city_same"} else 0.0 for k in
                             __import__("newsprism.stories.pairs", fromlist=["FEATURES"]).FEATURES),
                  intercept=-3.0, online_threshold=0.5, batch_threshold=0.5)


def test_stories_of_one_event_merge_into_the_oldest_which_keeps_its_id():
    reports = [_report("a1", 1, "us/il/chicago", ["jane doe"]), _report("b1", 20, "us/il/chicago", ["jane doe"])]
    moves = plan(reports, {"a1": "s-old", "b1": "s-new"}, MODEL, lambda k: 1.0, use_embeddings=False)
    assert [(m.action, m.target, m.sources) for m in moves] == [("merge", "s-old", ["s-new"])]
    assert "jane doe" in moves[0].why and "probability" in moves[0].why
    assert apply_moves({"a1": "s-old", "b1": "s-new"}, moves) == {"a1": "s-old", "b1": "s-old"}


def test_an_article_that_belongs_elsewhere_is_split_off_with_its_own_id():
    reports = [_report("a1", 1, "us/il/chicago", ["jane doe"]), _report("a2", 2, "us/il/chicago", ["jane doe"]),
               _report("x1", 3, "us/tx/houston", ["john roe"])]
    moves = plan(reports, {"a1": "s-a", "a2": "s-a", "x1": "s-a"}, MODEL, lambda k: 1.0, use_embeddings=False,
                 new_story_id=lambda article: "s-" + article)
    assert [(m.action, m.target, m.sources, m.articles) for m in moves] == [("split", "s-x1", ["s-a"], ["x1"])]


def test_moves_to_an_existing_story_keep_both_ids():
    moves = [Move("move", "s-b", sources=["s-a"], articles=["a2"])]
    assert apply_moves({"a1": "s-a", "a2": "s-a", "b1": "s-b"}, moves) == {"a1": "s-a", "a2": "s-b", "b1": "s-b"}


def test_the_report_that_opened_a_story_stays_and_no_stray_is_pulled_into_it():
    # a1 opened story s-a1 but reports b1's event; a2 and a3 are the story's real event
    reports = [_report("a1", 1, "us/il/chicago", ["jane doe"]), _report("a2", 2, "us/tx/houston", ["john roe"]),
               _report("a3", 3, "us/tx/houston", ["john roe"]), _report("b1", 4, "us/il/chicago", ["jane doe"]),
               _report("b2", 5, "us/ny/albany", ["mary poe"]), _report("b3", 6, "us/ny/albany", ["mary poe"])]
    current = {"a1": "s-a1", "a2": "s-a1", "a3": "s-a1", "b1": "s-b1", "b2": "s-b1", "b3": "s-b1"}
    moves = plan(reports, current, MODEL, lambda k: 1.0, use_embeddings=False, new_story_id=lambda a: "s-" + a)
    after = apply_moves(dict(current), moves)
    assert after["a2"] == after["a3"] == "s-a1"  # the story keeps its id
    assert after["b2"] == after["b3"] == "s-b1"
    assert after["a1"] == "s-a1" and after["b1"] == "s-b1"  # neither pulls the other across
    # a split of other reports takes an id of its own, never the story's
    current = {"a1": "s-a1", "b1": "s-a1", "a2": "s-a1", "a3": "s-a1", "b2": "s-b2", "b3": "s-b2"}
    reports[1], reports[3] = reports[3], reports[1]  # b1 now comes before a2
    moves = plan(reports, current, MODEL, lambda k: 1.0, use_embeddings=False, new_story_id=lambda a: "s-" + a)
    assert all(m.target != m.sources[0] for m in moves), moves


def test_another_town_of_the_same_state_is_told_apart_from_a_distant_one():
    from newsprism.stories.pairs import StorySums, pair_features, story_features

    city, suburb, far = (_report("a", 1, "US/UT/salt lake city"), _report("b", 2, "US/UT/murray"),
                         _report("c", 3, "US/OH/hamilton"))
    unknown = _report("d", 4, "//marion county")
    near = pair_features(city, suburb, lambda k: 1.0)
    assert (near["city_region"], near["city_other"], near["city_same"]) == (1.0, 0.0, 0.0)
    distant = pair_features(city, far, lambda k: 1.0)
    assert (distant["city_region"], distant["city_other"]) == (0.0, 1.0)
    # a place whose state is unknown is not "the same state" as anything
    assert pair_features(unknown, _report("e", 5, "//clark county"), lambda k: 1.0)["city_region"] == 0.0
    sums = StorySums()
    for r in (suburb, far, _report("f", 6, "US/UT/salt lake city")):
        sums.add(r)
    x = story_features(city, sums, lambda k: 1.0)
    assert (x["city_same"], x["city_region"], x["city_other"]) == (1 / 3, 1 / 3, 1 / 3)
