"""A reprint joins the story of the article it copies, and the lineage is stored."""

from __future__ import annotations

from datetime import datetime

from newsprism import pipeline
from newsprism.records import Article
from newsprism.store import Store

WIRE = [
    "About 2,300 dockworkers walked off the job at the port of Lindholm on Monday, halting container traffic.",
    "The Lindholm Dockworkers' Union said the 48-hour strike was a protest against a plan to automate two terminals.",
    "Port director Mette Solberg said the automation plan would not cost a single permanent job.",
    "Union leader Arvid Holm said members had voted 87 percent in favour of the walkout.",
    "Shipping lines diverted several vessels to Gdansk and Klaipeda, agents said.",
]


def test_copy_joins_the_original_story_with_lineage(tmp_path):
    original = Article.create("Lindholm dockworkers begin 48-hour strike", WIRE, source="Baltic Wire Service",
                              language="en", published=datetime(2025, 3, 17, 6))
    # a different headline and the last two paragraphs cut: still a copy
    copy = Article.create("Port of Lindholm grinds to a halt", WIRE[:3], source="Riverside Chronicle",
                          language="en", published=datetime(2025, 3, 17, 11))
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles([original, copy])
        pipeline.analyse_pending(store)
        pipeline.assign_pending(store)
        assert store.story_of(copy.id) == store.story_of(original.id)
        [lineage] = store.reprints_among([copy.id])
        assert lineage.original_id == original.id and lineage.containment >= 0.8
        why = {r["article_id"]: r["evidence"] for r in pipeline.explain_story(store, store.story_of(copy.id))}
        assert why[copy.id]["reprint_of"] == original.id
