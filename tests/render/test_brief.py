"""Brief renderings: escaping of untrusted text, self-contained HTML, the JSON schema."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from newsprism.analyse import analyse_articles
from newsprism.compare import build_brief
from newsprism.records import Article
from newsprism.render.brief import render_brief, write_index
from newsprism.render.schema import brief_schema, validate_brief_json

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> [link](javascript:alert(1)) *bold*'


@pytest.fixture(scope="module")
def brief():
    articles = [
        Article.create(f"Quake kills 12 {HOSTILE}", [f"An earthquake killed 12 people in Kerensk on Monday. {HOSTILE}"],
                       source="Harbor <b>Times</b>", language="en", published=datetime(2025, 3, 10)),
        Article.create("Kerensk quake toll", ["An earthquake killed 15 people in Kerensk on Monday, officials said."],
                       source="Meridian Post", language="en", published=datetime(2025, 3, 10)),
    ]
    return build_brief("s-test", list(zip(articles, analyse_articles(articles))), headline=articles[0].headline)


def test_html_escapes_article_text_and_outlets(brief):
    html = render_brief(brief, "html")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Harbor &lt;b&gt;Times&lt;/b&gt;" in html


def test_html_is_self_contained_and_mobile_ready(brief):
    html = render_brief(brief, "html")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no network resources"
    assert '<meta name="viewport"' in html
    assert "default-src 'none'" in html


def test_html_links_every_claim_to_its_sentence(brief):
    html = render_brief(brief, "html")
    targets = set(re.findall(r'href="#(s-[^"]+)"', html))
    anchors = set(re.findall(r'id="(s-[^"]+)"', html))
    assert targets and targets <= anchors


def test_contradiction_is_coloured_in_the_matrix(brief):
    html = render_brief(brief, "html")
    assert 'class="v-contradict"' in html


def test_markdown_neutralises_markup(brief):
    md = render_brief(brief, "md")
    assert "<script>" not in md
    assert "\\[link\\]" in md and "\\*bold\\*" in md


def test_json_validates_against_the_committed_schema(brief):
    text = render_brief(brief, "json")
    validate_brief_json(text)
    committed = json.loads((Path(__file__).resolve().parents[2] / "docs" / "brief.schema.json").read_text())
    assert committed == json.loads(json.dumps(brief_schema())), "regenerate docs/brief.schema.json"


def test_index_lists_every_brief(brief, tmp_path):
    written = write_index([brief], tmp_path, ("html", "md", "json"))
    assert {p.name for p in written} == {"index.html", "index.md", "index.json"}
    rows = json.loads((tmp_path / "index.json").read_text())
    assert rows[0]["story_id"] == "s-test" and rows[0]["contradictions"] == 1
    assert "&lt;script&gt;" in (tmp_path / "index.html").read_text()


def _with_reprint():
    from newsprism.records import Reprint

    base = [f"A dam collapsed above Villa Corma on Tuesday, killing 12 people. {HOSTILE}",
            "Rescuers searched the mud through the night, the provincial governor said on Tuesday evening."]
    original = Article.create("Dam collapse floods town", base, source="Wire", language="en",
                              published=datetime(2025, 3, 4, 9, 40), date_precision="minute")
    copy = Article.create("Dam collapse floods town", [base[0].replace("Rescuers", "Teams"), base[1]],
                          source="Daily", language="en", published=datetime(2025, 3, 4), date_precision="day")
    reprint = Reprint(copy_id=copy.id, original_id=original.id, similarity=0.9, containment=0.95,
                      diff=[{"op": "replace", "original": "<b>large</b>", "copy": "huge", "position": 3}])
    undated = Article.create("Dam toll", ["The toll from the dam collapse rose on Wednesday."], source="Other",
                             language="en")
    pairs = list(zip([original, copy, undated], analyse_articles([original, copy, undated])))
    return build_brief("s-dam", pairs, reprints=[reprint])


def test_html_reprint_section_prints_the_edits_escaped():
    html = render_brief(_with_reprint(), "html")
    assert "built-in method" not in html
    assert "<del>&lt;b&gt;large&lt;/b&gt;</del>" in html and "<ins>huge</ins>" in html
    assert "Daily copies Wire" in html


def test_undated_range_of_one_day_is_written_as_one_date():
    from newsprism.render.brief import undated_text

    assert undated_text(["2023-10-05", "2023-10-05"]) == "undated; around 2023-10-05"
    assert undated_text(["2023-10-05", "2023-10-07"]) == "undated; between 2023-10-05 and 2023-10-07"
    md = render_brief(_with_reprint(), "md")
    assert "between 2025-03-04 and 2025-03-04" not in md


def test_brief_reads_by_short_labels_and_opens_with_the_event(brief):
    md = render_brief(brief, "md")
    assert "## The event" in md
    event = md.split("## The event", 1)[1].split("##", 1)[0]
    assert "**dead**" in event and "**place**" in event
    # labels are short phrases, not cut sentences
    assert all(len(f.about) <= 60 for f in brief.facts if f.type in {"date", "count", "place"})
    for line in md.split("## What each outlet adds or leaves out", 1)[-1].split("##", 1)[0].splitlines():
        assert "…" not in line


def test_html_draws_who_reported_when_and_who_cites_whom():
    articles = [
        Article.create("Quake kills 12 in Kerensk", ["An earthquake killed 12 people in Kerensk on Monday, "
                                                     "according to Reuters."],
                       source=f"Harbor {HOSTILE}", language="en", published=datetime(2025, 3, 10, 6)),
        Article.create("Kerensk quake toll rises", ["The earthquake killed 15 people in Kerensk on Monday, "
                                                    "the Meridian Post reported."],
                       source="Coast Daily", language="en", published=datetime(2025, 3, 10, 18)),
        Article.create("Kerensk counts its dead", ["Officials said 15 people died in the Kerensk earthquake."],
                       source="Coast Daily", language="en", published=datetime(2025, 3, 11, 6)),
    ]
    brief = build_brief("s-charts", list(zip(articles, analyse_articles(articles))), headline=articles[0].headline)
    html = render_brief(brief, "html")
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == 2 and all("<script" not in c for c in charts)
    timeline = next(c for c in charts if "Who reported when" in c)
    dots = re.findall(r'<a href="#a-([0-9a-f]+)"><circle cx="([\d.]+)"', timeline)
    assert [i for i, _ in dots] == [a.id for a in articles]  # in publication order, one per article
    xs = [float(x) for _, x in dots]
    assert xs[0] < xs[1] < xs[2] and xs[1] - xs[0] == pytest.approx(xs[2] - xs[1])  # to scale in time
    assert all(f'id="a-{a.id}"' in html for a in articles)  # every dot leads to its article
    assert "&lt;script&gt;" in timeline  # the outlet's name, escaped
    graph = next(c for c in charts if "Who cites whom" in c)
    assert "Reuters" in graph and "cites" in graph


def test_paragraph_alignment_is_in_order_and_leaves_unmatched_ones_alone():
    from newsprism.render.side_by_side import align

    left = ["The dam broke on Monday night, flooding the town of Puerto Almagro.",
            "Twelve people died, the mayor said.", "Rescuers searched through the night."]
    right = ["Officials opened an inquiry.", "The dam broke on Monday night and flooded Puerto Almagro.",
             "The mayor said twelve people had died."]
    pairs = [(i, j) for i, j, _ in align(left, right)]
    assert (0, 1) in pairs and (1, 2) in pairs  # the same paragraphs face each other
    assert (None, 0) in pairs and (2, None) in pairs  # what one lacks faces nothing
    matched = [(i, j) for i, j in pairs if i is not None and j is not None]
    assert matched == sorted(matched) and [j for _, j in matched] == sorted(j for _, j in matched)  # in order
    assert align([], right) == [(None, 0, 0.0), (None, 1, 0.0), (None, 2, 0.0)]


def test_an_outlet_quoted_in_its_own_article_is_not_a_citation():
    articles = [
        Article.create("Kerensk quake toll rises", ["The earthquake killed 15 people in Kerensk, the mayor told "
                                                    "the Meridian Post on Monday, according to Reuters."],
                       source="Meridian Post", language="en", published=datetime(2025, 3, 10, 6)),
        Article.create("Kerensk counts its dead", ["The earthquake killed 15 people in Kerensk on Monday, the "
                                                   "Meridian Post reported."],
                       source="Coast Daily", language="en", published=datetime(2025, 3, 10, 9)),
    ]
    brief = build_brief("s-self", list(zip(articles, analyse_articles(articles))), headline=articles[0].headline)
    edges = {(c.outlet, c.cited_key) for c in brief.citations}
    assert ("Meridian Post", "meridian post") not in edges  # its own reporting
    assert ("Coast Daily", "meridian post") in edges  # another outlet citing it
    assert any(o == "Meridian Post" and k == "reuters" for o, k in edges)


def test_side_by_side_marks_claims_in_articles_without_a_headline():
    from newsprism.render.side_by_side import side_by_side

    articles = [Article.create("", ["An earthquake killed 12 people in Kerensk on Monday."], source="Harbor Times",
                               language="en", published=datetime(2025, 3, 10, 6)),
                Article.create("Kerensk quake", ["An earthquake killed 12 people in Kerensk on Monday."],
                               source="Coast Daily", language="en", published=datetime(2025, 3, 10, 9))]
    brief = build_brief("s-nohead", list(zip(articles, analyse_articles(articles))), headline="Kerensk quake")
    view = side_by_side(brief, articles[0], articles[1])
    body = [r for r in view.rows if not r.headline][0]
    for pieces, article in ((body.left, articles[0]), (body.right, articles[1])):
        marked = [p.text for p in pieces if p.mark]
        assert "12" in marked and "".join(p.text for p in pieces) == article.paragraphs[0]


def test_html_draws_reprint_lineage_as_a_tree_from_each_original():
    from newsprism.records import Reprint
    from newsprism.render.svg import reprint_lineage

    base = ["A dam collapsed above Villa Corma on Tuesday, killing 12 people, the governor said.",
            "Rescuers searched the mud through the night."]
    wire = Article.create("Dam collapse floods town", base, source=f"Wire {HOSTILE}", language="en",
                          published=datetime(2025, 3, 4, 9))
    daily = Article.create("Dam collapse floods town", [base[0], "Teams searched the mud."], source="Daily",
                           language="en", published=datetime(2025, 3, 4, 11))
    weekly = Article.create("Dam collapse floods a town", [base[0], "Teams searched."], source="Weekly",
                            language="en", published=datetime(2025, 3, 5, 8))
    other = Article.create("Dam toll", ["The toll from the dam collapse rose on Wednesday."], source="Other",
                           language="en", published=datetime(2025, 3, 5, 9))
    reprints = [Reprint(copy_id=daily.id, original_id=wire.id, similarity=0.9, containment=0.95, diff=[]),
                Reprint(copy_id=weekly.id, original_id=daily.id, similarity=0.8, containment=0.9, diff=[])]
    articles = [wire, daily, weekly, other]
    brief = build_brief("s-lineage", list(zip(articles, analyse_articles(articles))), reprints=reprints)
    svg = reprint_lineage(brief)
    nodes = re.findall(r'<a href="#a-([0-9a-f]+)"><circle cx="(\d+)" cy="(\d+)"', svg)
    assert [n for n, _, _ in nodes] == [wire.id, daily.id, weekly.id]  # the unrelated article is left out
    xs = [int(x) for _, x, _ in nodes]
    assert xs[0] < xs[1] < xs[2]  # original, copy, copy of the copy: one generation per column
    assert svg.count('class="edge"') == 2 and "Weekly copies Daily" in svg and "Daily copies Wire" in svg
    assert "<script" not in svg and "&lt;script&gt;" in svg
    html = render_brief(brief, "html")
    assert svg in html and html.index("Reprints</h2>") < html.index("Articles and the sentences")
    assert reprint_lineage(build_brief("s-none", list(zip(articles[:1], analyse_articles(articles[:1]))))) == ""


def test_html_puts_what_outlets_compare_first_and_details_after():
    html = render_brief(_with_reprint(), "html")
    order = [html.index(h) for h in ("Where the outlets disagree", "Sources by facts", "<h2>Timeline",
                                      "Who cites whom", "People and organisations", "<h2>Reprints")]
    assert order == sorted(order)
