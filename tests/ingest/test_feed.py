"""RSS/Atom feeds, and refusing dangerous or broken XML."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from newsprism.ingest import read_path
from newsprism.records import Article, Rejection

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Daily Planet - World</title><link>https://planet.example</link>
<item><title>Fire in the old town</title><link>https://planet.example/fire</link>
<pubDate>Mon, 06 May 2024 10:30:00 +0200</pubDate><description>Short summary.</description>
<content:encoded><![CDATA[<p>A fire broke out in the old town on Monday morning.</p><p>Read more: older fire</p>
<p>Nobody was hurt, the police said. (AP)</p>]]></content:encoded></item>
<item><title>Second story</title><link>https://planet.example/2</link>
<description>Only a summary &amp; nothing else.</description></item>
<item><title>Headline only</title><link>https://planet.example/3</link></item>
<item><link>https://planet.example/4</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Planet Atom</title>
<entry><title>Atom story</title><link href="https://planet.example/atom"/>
<published>2024-05-07T09:00:00Z</published><updated>2024-05-08T09:00:00Z</updated>
<content type="html">&lt;p&gt;First paragraph of the atom story.&lt;/p&gt;&lt;p&gt;Second one.&lt;/p&gt;</content>
</entry></feed>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol4;</title>
<item><title>Laughs</title><description>&lol4;</description></item></channel></rss>"""


def _read(tmp_path: Path, name: str, content: str, **kwargs: object) -> list[Article | Rejection]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return list(read_path(path, **kwargs))  # type: ignore[arg-type]


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    first, second, third, fourth = _read(tmp_path, "feed.xml", RSS)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.headline == "Fire in the old town"
    assert first.paragraphs == ["A fire broke out in the old town on Monday morning.", "Nobody was hurt, the police said."]
    assert first.credits == ["AP"]
    assert first.source == "Daily Planet - World" and first.url == "https://planet.example/fire"
    assert (first.published, first.date_origin) == (datetime(2024, 5, 6, 10, 30), "feed")
    assert first.ingest is not None and first.ingest.format == "feed" and first.ingest.record == 0
    assert first.ingest.extractor.startswith("feedparser/")
    assert second.paragraphs == ["Only a summary & nothing else."]
    # a title with a link is worth keeping for a monitor: stored headline-only, marked so
    assert isinstance(third, Article) and third.headline_only and third.paragraphs == []
    assert third.headline == "Headline only" and third.url == "https://planet.example/3"
    assert third.ingest is not None and any("headline-only" in w for w in third.ingest.warnings)
    assert not first.headline_only
    assert isinstance(fourth, Rejection) and fourth.record == 3 and "neither a title nor text" in fourth.problem


def test_atom_feed_uses_published_not_updated(tmp_path: Path) -> None:
    [article] = _read(tmp_path, "feed.atom", ATOM, source="Planet")
    assert isinstance(article, Article)
    assert article.paragraphs == ["First paragraph of the atom story.", "Second one."]
    assert article.published == datetime(2024, 5, 7, 9, 0)
    assert article.source == "Planet"


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    [item] = _read(tmp_path, "feed.rss", BILLION_LAUGHS)
    assert isinstance(item, Rejection)
    assert item.problem == "XML entity expansion refused (possible entity bomb)"


def test_external_entity_is_refused(tmp_path: Path) -> None:
    xxe = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<rss><channel><item><title>&x;</title><description>t</description></item></channel></rss>')
    [item] = _read(tmp_path, "feed.rss", xxe)
    assert isinstance(item, Rejection) and "refused" in item.problem


def test_malformed_xml_is_rejected_with_position(tmp_path: Path) -> None:
    [item] = _read(tmp_path, "feed.xml", "<?xml version='1.0'?><rss><channel><item><title>unterminated")
    assert isinstance(item, Rejection)
    assert item.problem.startswith("not well-formed XML at line 1")
