"""Story ids a user has seen stay answerable across ingest batches: an id either still
names an active story or was merged, with a logged merge record, into one that is."""

from __future__ import annotations

from newsprism import pipeline
from newsprism.store import Store


def test_no_story_id_disappears_without_a_merge_record(demo_store, tmp_path):
    articles = sorted(demo_store.iter_articles(), key=lambda a: (a.published is None, a.published or 0, a.id))
    analyses = demo_store.get_analyses([a.id for a in articles])
    batches = [articles[i::4] for i in range(4)]  # each batch spans the whole period
    seen: dict[str, set[str]] = {}  # story id -> articles it held when a user saw it
    with Store.open(tmp_path / "batched.db") as store:
        for batch in batches:
            store.add_articles(batch)
            store.save_analyses([analyses[a.id] for a in batch])
            pipeline.assign_pending(store)
            for article_id, story_id in store.story_assignments().items():
                seen.setdefault(story_id, set()).add(article_id)
            active = {r["id"] for r in store.story_rows()}
            for story_id in seen:
                successor = store.successor(story_id)
                assert successor in active, f"story {story_id} vanished (answers for {successor})"
                assert store.resolve_story_id(story_id) == successor
        merges = [e["details"] for e in store.story_log() if e["action"] == "merge"]
        merged_away = {s for s in seen if store.successor(s) != s}
        logged = {source for m in merges for source in m["from"]}
        assert merged_away <= logged
        for m in merges:
            assert "same-event probability" in m["why"], m
        # every article is in exactly one active story, and the batches lost none
        assignments = store.story_assignments()
        assert set(assignments) == {a.id for a in articles}
        assert set(assignments.values()) <= active
        # the stories seen in the first batch still hold most of their articles
        kept = sum(len(members & {a for a, s in assignments.items() if s == store.successor(story)})
                   for story, members in seen.items())
        assert kept >= 0.8 * sum(len(m) for m in seen.values())
