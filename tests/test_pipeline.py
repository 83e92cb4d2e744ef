"""The whole pipeline against a store: the issue's seed story, idempotent re-runs,
finishing an interrupted run, stable story ids and re-clustering."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism import pipeline
from newsprism.analyse import ANALYSIS_VERSION
from newsprism.cli import app
from newsprism.store import Store

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
RUNNER_ENV = {"COLUMNS": "200", "NEWSPRISM_DB": None, "NEWSPRISM_CONFIG": None}


def _seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (the shared folder is not checked out)")
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix}_*.txt not found in {SEEDS}")
    return found[0]


# ------------------------------------------------------------------------ the seed story


class SeedStore:
    def __init__(self, db: Path, store: Store, dated_id: str, undated_id: str, inputs: list[Path]) -> None:
        self.db, self.store, self.dated_id, self.undated_id, self.inputs = db, store, dated_id, undated_id, inputs

    @property
    def ids(self) -> set[str]:
        return {self.dated_id, self.undated_id}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """Both seeds ingested, analysed and assigned: the dated one as its text file, the
    undated one (004) as a JSONL record given the publication date 2023-10-04."""
    dated_seed, undated_seed = _seed("000"), _seed("004")
    root = tmp_path_factory.mktemp("seeds")
    dated_file = root / dated_seed.name
    shutil.copyfile(dated_seed, dated_file)
    headline, _, body = undated_seed.read_text(encoding="utf-8").partition("\n")
    undated_file = root / "004_dated.jsonl"
    undated_file.write_text(json.dumps({"title": headline.strip(), "text": body.strip(), "date": "2023-10-04",
                                        "source": "Outlet B"}) + "\n", encoding="utf-8")
    db = root / "seeds.db"
    store = Store.open(db)
    first = pipeline.run(store, [dated_file], source="Outlet A")
    second = pipeline.run(store, [undated_file])
    assert (first.new, second.new, first.rejected, second.rejected) == (1, 1, [], [])
    assert first.analysed + second.analysed == 2 and first.assigned + second.assigned == 2
    by_file = {Path(a.ingest.path).name: a.id for a in store.list_articles()}
    yield SeedStore(db, store, by_file[dated_file.name], by_file[undated_file.name], [dated_file, undated_file])
    store.close()


@pytest.fixture(scope="module")
def brief(seeds):
    story_id = seeds.store.story_of(seeds.dated_id)
    return pipeline.story_brief(seeds.store, story_id)


def test_seed_articles_are_read_with_their_dates(seeds):
    dated = seeds.store.get_article(seeds.dated_id)
    undated = seeds.store.get_article(seeds.undated_id)
    assert dated.published == datetime(2023, 10, 5) and dated.source == "Outlet A"
    assert undated.published == datetime(2023, 10, 4) and undated.source == "Outlet B"
    assert undated.headline.startswith("US, Russia, EU held secret meeting in Turkey")


def test_seeds_form_one_story(seeds):
    stories = {seeds.store.story_of(i) for i in seeds.ids}
    assert len(stories) == 1 and None not in stories
    [row] = seeds.store.story_rows()
    assert row["articles"] == 2 and row["outlets"] == 2


def _entities_matching(brief, name_part: str):
    return [e for e in brief.entities if any(name_part.casefold() in v.text.casefold() for v in e.variants)
            or name_part.casefold() in e.canonical.casefold()]


@pytest.mark.parametrize("canonical, surname", [("Louis Bono", "Bono"), ("Toivo Klaar", "Klaar"),
                                                ("Igor Khovaev", "Khovaev")])
def test_brief_has_one_entity_per_person(brief, canonical, surname):
    matching = _entities_matching(brief, surname)
    assert [e.canonical for e in matching] == [canonical]
    assert matching[0].label == "PERSON"
    assert set(matching[0].outlets) == {"Outlet A", "Outlet B"}


def test_transliterated_spelling_joins_the_same_entity(brief):
    [khovaev] = _entities_matching(brief, "Khovaev")
    assert {"Igor Khovaev", "Igor Chovayev"} <= {v.text for v in khovaev.variants}
    assert _entities_matching(brief, "Chovayev") == [khovaev]


def _facts(brief, kind: str):
    return [f for f in brief.facts if f.type == kind]


def test_seed_brief_has_one_meeting_date_both_outlets_agree(brief, seeds):
    # "the meeting took place on September 17 in Istanbul" (inside a sentence attributed
    # to Politico) and "The officials met in Istanbul on September 17": one happening
    facts = [f for f in _facts(brief, "date") if any(c.value == "2023-09-17" for c in f.claims)]
    assert len(facts) == 1
    [fact] = facts
    assert fact.about == "meeting date" and fact.main
    assert {c.article_id for c in fact.claims if c.value == "2023-09-17"} == seeds.ids
    assert fact.verdict == "agree"
    # reported speech is still the outlet's claim, flagged as attributed
    assert all(c.attributed_to for c in fact.claims)


def test_seed_brief_has_one_place_istanbul_both_outlets_agree(brief, seeds):
    facts = [f for f in _facts(brief, "place") if any(c.value.startswith("Istanbul") for c in f.claims)]
    assert len(facts) == 1
    [fact] = facts
    assert fact.about == "place" and fact.main
    assert {c.article_id for c in fact.claims} == seeds.ids
    assert {c.value for c in fact.claims} == {"Istanbul, Turkey"}
    assert fact.verdict == "agree"


def test_seed_brief_lists_neither_as_one_outlet_only(brief):
    singles = [f for f in brief.facts if f.verdict == "single" and f.type in {"date", "place"}]
    assert not any(c.value == "2023-09-17" or c.value.startswith("Istanbul") for f in singles for c in f.claims)


def test_seed_quote_speakers_are_whole_phrases_and_pronouns_resolve(brief):
    speakers = {q.speaker for q in brief.quotes}
    assert "an American official familiar with the situation" in speakers
    assert "American" not in speakers and "Armenian" not in speakers
    # "He also noted ..." follows "an European Union official emphasized ..."
    noted = [q for q in brief.quotes if any("Toivo Klaar has sought" in v.text for v in q.variants)]
    assert noted and noted[0].speaker == "an European Union official"


def test_hundred_thousand_displaced_is_not_a_contradiction(brief, seeds):
    with_value = [f for f in _facts(brief, "count") if any(c.value == "100000" for c in f.claims)]
    assert with_value
    assert all(f.verdict != "contradict" for f in with_value), [(f.about, f.verdict) for f in with_value]
    both = [f for f in with_value if {c.article_id for c in f.claims if c.value == "100000"} == seeds.ids]
    assert both, "no count fact holds 100000 from both articles"
    assert both[0].verdict in ("agree", "compatible")


def test_relative_dates_are_compatible(brief, seeds):
    facts = _facts(brief, "relative_date")
    matching = [f for f in facts if any("a few days before" in c.text for c in f.claims)
                and any("two days before" in c.text for c in f.claims)]
    assert len(matching) == 1, [[c.text for c in f.claims] for f in facts]
    assert matching[0].verdict == "compatible"
    assert {c.article_id for c in matching[0].claims} == seeds.ids


def test_no_fact_is_flagged_as_contradiction(brief):
    assert [f.about for f in brief.facts if f.verdict == "contradict"] == []


def test_politico_is_an_original_source(brief):
    assert "Politico" in brief.original_sources


def test_timeline_holds_the_key_dates(brief):
    dates = [e.date for e in brief.timeline]
    for day in ("2023-09-17", "2023-09-19", "2023-09-24"):
        assert day in dates
    assert dates == sorted(dates)


def test_brief_lists_both_articles_and_the_earliest(brief, seeds):
    assert {a.id for a in brief.articles} == seeds.ids
    assert brief.earliest == seeds.undated_id  # published 2023-10-04, a day before the other


def test_story_command_json_matches_the_brief(seeds, brief):
    result = CliRunner(env=RUNNER_ENV).invoke(app, ["story", brief.story_id[:8], "--db", str(seeds.db),
                                                    "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["story_id"] == brief.story_id
    assert sorted(e["canonical"] for e in data["entities"]) == sorted(e.canonical for e in brief.entities)
    assert sorted((f["type"], f["verdict"]) for f in data["facts"]) == sorted((f.type, f.verdict) for f in brief.facts)
    assert "Politico" in data["original_sources"]


def test_story_command_markdown_and_html(seeds, brief, tmp_path):
    runner = CliRunner(env=RUNNER_ENV)
    md = runner.invoke(app, ["story", brief.story_id, "--db", str(seeds.db), "--format", "md"])
    assert md.exit_code == 0, md.output
    assert "Istanbul" in md.stdout and "Igor Khovaev" in md.stdout
    out = tmp_path / "brief.html"
    html = runner.invoke(app, ["story", brief.story_id, "--db", str(seeds.db), "--format", "html", "--out", str(out)])
    assert html.exit_code == 0, html.output
    assert "Istanbul" in out.read_text(encoding="utf-8")


def test_rerun_on_same_inputs_adds_nothing(seeds):
    before = (seeds.store.count_articles(), seeds.store.story_assignments())
    summary = pipeline.run(seeds.store, seeds.inputs)
    assert (summary.files, summary.files_skipped, summary.new, summary.known) == (2, 2, 0, 0)
    assert (summary.analysed, summary.assigned, summary.rejected) == (0, 0, [])
    assert (seeds.store.count_articles(), seeds.store.story_assignments()) == before


# ------------------------------------------------------------------------ a small hand-made corpus

# Two events, three outlets each, distinct publication days.
CORPUS = [
    ("riverton-ledger", "Riverton Ledger", "2023-03-01",
     "Bridge collapses over the Alder river in Riverton",
     "The old Alder bridge in Riverton collapsed on Tuesday morning, the mayor Anna Kowalczyk said.\n"
     "Two people were injured when the span fell into the Alder river, according to the fire brigade."),
    ("valley-post", "Valley Post", "2023-03-02",
     "Riverton bridge collapse injures two",
     "Two people were hurt when the Alder bridge in Riverton collapsed into the river on Tuesday.\n"
     "Mayor Anna Kowalczyk said inspectors had warned about the Alder bridge last year."),
    ("pinecrest-times", "Pinecrest Times", "2023-03-03",
     "Wildfire forces evacuation of Pinecrest",
     "A wildfire in the hills above Pinecrest forced 3,000 residents to leave their homes on Thursday.\n"
     "Fire chief Marco Ortega said strong winds were spreading the flames towards the town."),
    ("national-wire", "National Wire", "2023-03-04",
     "Pinecrest wildfire: thousands evacuated as winds spread flames",
     "About 3,000 people were evacuated from Pinecrest as a wildfire spread on Thursday, fire chief "
     "Marco Ortega said.\nFirefighters from three counties were fighting the flames above Pinecrest."),
    ("coast-daily", "Coast Daily", "2023-03-05",
     "Riverton mayor orders inspection of all bridges after Alder collapse",
     "Riverton mayor Anna Kowalczyk ordered an inspection of every bridge in the town after the Alder "
     "bridge collapsed this week.\nThe two people injured in the collapse are recovering in hospital."),
    ("mountain-news", "Mountain News", "2023-03-06",
     "Pinecrest residents return as wildfire is contained",
     "Residents of Pinecrest began returning home after firefighters contained the wildfire, fire chief "
     "Marco Ortega said.\nThe fire burned 1,200 hectares of forest above Pinecrest."),
]
EVENT_OF = {"riverton-ledger": "bridge", "valley-post": "bridge", "coast-daily": "bridge",
            "pinecrest-times": "fire", "national-wire": "fire", "mountain-news": "fire"}


def _write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, outlet, date, title, text in CORPUS:
        path = folder / f"{name}.jsonl"
        path.write_text(json.dumps({"title": title, "text": text, "source": outlet, "date": date}) + "\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def _mapping_by_file(store: Store) -> dict[str, str]:
    assignments = store.story_assignments()
    return {Path(a.ingest.path).stem: assignments[a.id] for a in store.list_articles()}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    paths = _write_corpus(root / "in")
    db = root / "a.db"
    with Store.open(db) as store:
        summary = pipeline.run(store, paths)
        assert (summary.new, summary.analysed, summary.assigned) == (6, 6, 6)
        mapping = _mapping_by_file(store)
    return root, paths, db, mapping


def test_corpus_events_become_separate_stories(corpus_store):
    _, _, _, mapping = corpus_store
    for event in ("bridge", "fire"):
        assert len({mapping[n] for n, e in EVENT_OF.items() if e == event}) == 1, (event, mapping)
    assert len(set(mapping.values())) == 2


def test_story_ids_are_stable_across_fresh_stores(corpus_store, tmp_path):
    _, paths, _, mapping = corpus_store
    with Store.open(tmp_path / "b.db") as store:
        pipeline.run(store, list(reversed(paths)))  # input order must not matter: stories follow publication
        assert _mapping_by_file(store) == mapping
    # the id of a story is derived from its first article
    first_bridge = mapping["riverton-ledger"]
    assert first_bridge == mapping["valley-post"] and first_bridge.startswith("s-")


def test_overlapped_analysis_and_stories_match_the_stage_by_stage_run(corpus_store, tmp_path):
    """`run` assigns each analysed batch while the next is analysed; in batches of two
    over a reversed input it makes the stories that analysing everything first and then
    assigning makes. An article an earlier run analysed but left without a story takes
    its place in time among the new ones."""
    _, paths, _, mapping = corpus_store
    with Store.open(tmp_path / "staged.db") as store:
        pipeline.ingest_files(store, list(reversed(paths)))
        pipeline.analyse_pending(store)
        pipeline.assign_pending(store)
        staged = _mapping_by_file(store)
    with Store.open(tmp_path / "overlapped.db") as store:
        pipeline.ingest_files(store, list(reversed(paths)))
        assert pipeline.analyse_and_assign(store, batch_size=2) == (len(paths), len(paths))
        assert _mapping_by_file(store) == staged == mapping
    with Store.open(tmp_path / "leftover.db") as store:
        pipeline.ingest_files(store, list(reversed(paths)))
        last = store.list_articles()[0].id
        store.save_analyses(pipeline_analyses(store, [last]))  # analysed, not yet in a story
        assert pipeline.analyse_and_assign(store, batch_size=2) == (len(paths) - 1, len(paths))
        assert _mapping_by_file(store) == mapping


def pipeline_analyses(store: Store, ids: list[str]):
    from newsprism.analyse import analyse_articles

    found = store.get_articles(ids)
    return list(analyse_articles([found[i] for i in ids]))


def test_story_ids_are_stable_when_ingested_in_several_runs(corpus_store, tmp_path):
    _, paths, _, mapping = corpus_store
    with Store.open(tmp_path / "c.db") as store:
        for path in paths:  # one run per file, as a daily feed would arrive
            pipeline.run(store, [path])
        assert _mapping_by_file(store) == mapping


def test_recluster_unchanged_store_moves_nothing(corpus_store):
    _, _, db, mapping = corpus_store
    runner = CliRunner(env=RUNNER_ENV)
    dry = runner.invoke(app, ["recluster", "--db", str(db), "--dry-run", "--format", "json"])
    assert dry.exit_code == 0, dry.output
    report = json.loads(dry.stdout)
    assert report["articles"] == 6 and report["moved"] == 0 and report["moved_articles"] == []
    applied = runner.invoke(app, ["recluster", "--db", str(db)])
    assert applied.exit_code == 0, applied.output
    assert "6 articles re-clustered: 0 moved" in applied.stdout
    with Store.open(db) as store:
        assert _mapping_by_file(store) == mapping
        assert [entry["action"] for entry in store.story_log()] == ["recluster"]


def test_interrupted_run_is_finished_by_a_later_run_with_no_inputs(tmp_path):
    paths = _write_corpus(tmp_path / "in")
    with Store.open(tmp_path / "s.db") as store:
        # as if the process died after storing the articles, before analysing them
        summary = pipeline.ingest_files(store, paths)
        assert summary.new == 6
        assert len(store.articles_needing_analysis(ANALYSIS_VERSION)) == 6
        assert store.story_assignments() == {}
        assert store.unassigned_article_ids() == []  # nothing analysed yet

        finished = pipeline.run(store, [])
        assert (finished.files, finished.new, finished.analysed, finished.assigned) == (0, 0, 6, 6)
        assignments = store.story_assignments()
        assert set(assignments) == {a.id for a in store.list_articles()}
        assert store.get_analyses(assignments).keys() == assignments.keys()

        nothing_left = pipeline.run(store, [])
        assert (nothing_left.analysed, nothing_left.assigned) == (0, 0)


def test_analysed_but_unassigned_articles_are_assigned_later(tmp_path, corpus_store):
    _, _, _, mapping = corpus_store
    paths = _write_corpus(tmp_path / "in")
    with Store.open(tmp_path / "s.db") as store:
        # interrupted after analysis, before story assignment
        pipeline.run(store, paths, stories=False)
        assert len(store.unassigned_article_ids()) == 6
        finished = pipeline.run(store, [])
        assert (finished.analysed, finished.assigned) == (0, 6)
        assert _mapping_by_file(store) == mapping


def test_a_run_that_dies_between_overlapped_batches_is_finished_by_the_next(tmp_path, corpus_store, monkeypatch):
    """The overlapped run commits analyses and stories batch by batch: when it dies after
    the first batch's stories, what it stored stays, and the next run finishes the job
    with the stories a clean run makes and no article twice."""
    _, _, _, mapping = corpus_store
    paths = _write_corpus(tmp_path / "in")
    real_assign = pipeline._Assigner.assign
    calls = []

    def dying(self, ids, analyses=None):
        calls.append(list(ids))
        if len(calls) == 2:
            raise KeyboardInterrupt  # as a user's Ctrl-C between two batches
        return real_assign(self, ids, analyses)

    with Store.open(tmp_path / "s.db") as store:
        pipeline.ingest_files(store, paths)
        monkeypatch.setattr(pipeline._Assigner, "assign", dying)
        with pytest.raises(KeyboardInterrupt):
            pipeline.analyse_and_assign(store, batch_size=2)
        monkeypatch.setattr(pipeline._Assigner, "assign", real_assign)
        assert len(store.story_assignments()) == 2  # the first batch's stories were kept
        assert 2 <= len(store.unassigned_article_ids()) <= 4  # analysed, waiting for a story
        finished = pipeline.run(store, [])
        assert finished.assigned == 4
        assert len(store.story_assignments()) == 6
        assert _mapping_by_file(store) == mapping
