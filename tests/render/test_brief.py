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
                       source="Harbor <b>Times</b>", language="en", published=datetime(2025, 3, 10, 12)),
        Article.create("Kerensk quake toll", ["An earthquake killed 15 people in Kerensk on Monday, officials said."],
                       source="Meridian Post", language="en", published=datetime(2025, 3, 10, 13)),
    ]
    return build_brief("s-test", list(zip(articles, analyse_articles(articles))))


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
