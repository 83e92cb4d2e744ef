"""Synthetic benchmark material derived from the demo corpus (and ../shared/data when present).

Nothing here is timed. Variants change a few words and numbers of a real article so
every copy gets its own content id while keeping the shape of real news text (length,
paragraphs, entities, numbers), which is what the stages' costs depend on.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from newsprism.records import Analysis, Article, EntityMention, content_id

REPO = Path(__file__).resolve().parents[1]
DEMO_CORPUS = REPO / "demo" / "corpus"
DEMO_TRUTH = REPO / "demo" / "truth"
SHARED_DATA = REPO.parent / "shared" / "data"

_TOKEN = re.compile(r"\d+|[^\W\d_]{4,}")


# --------------------------------------------------------------------------- demo articles


def read_demo_articles() -> list[Article]:
    """Every demo article read once with ``newsprism.ingest.read_path``, with its outlet
    filled in from demo/truth/sources.json where the file itself names none."""
    from newsprism.ingest import iter_input_files, read_path
    from newsprism.records import Rejection

    sources_file = DEMO_TRUTH / "sources.json"
    sources = json.loads(sources_file.read_text(encoding="utf-8")) if sources_file.exists() else {}
    by_folder = {rel.split("/", 1)[0]: outlet for rel, outlet in sources.items()}
    out: list[Article] = []
    for path in iter_input_files([DEMO_CORPUS]):
        if isinstance(path, Rejection):
            continue
        rel = Path(path).resolve().relative_to(DEMO_CORPUS.resolve()).as_posix()
        for item in read_path(path):
            if isinstance(item, Rejection):
                continue
            if not item.source:
                item.source = sources.get(rel) or by_folder.get(rel.split("/", 1)[0]) or "Unknown Outlet"
            item.extra["_bench_file"] = rel
            out.append(item)
    return out


def largest_demo_story(articles: Sequence[Article]) -> list[Article]:
    """Members of the demo story with most articles, by the corpus's documented truth."""
    truth_file = DEMO_TRUTH / "truth.json"
    truth = json.loads(truth_file.read_text(encoding="utf-8"))["articles"]
    by_key = {(a.extra.get("_bench_file"), a.ingest.record if a.ingest else None): a for a in articles}
    stories: dict[str, list[Article]] = {}
    for entry in truth:
        found = by_key.get((entry["file"], entry.get("record")))
        if found is not None and entry.get("story"):
            stories.setdefault(entry["story"], []).append(found)
    return max(stories.values(), key=len)


# --------------------------------------------------------------------------- perturbation


def _new_number(digits: str, rng: random.Random) -> str:
    first = str(rng.randint(1, 9)) if len(digits) > 1 or digits != "0" else "1"
    return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


def perturb_paragraphs(paragraphs: Sequence[str], rng: random.Random, changes: int = 3) -> list[str]:
    """A copy with ``changes`` tokens altered: numbers get other digits (same length),
    words are replaced by another word of the same article (capitalisation kept)."""
    tokens = [(p, m.start(), m.end(), m.group()) for p, para in enumerate(paragraphs)
              for m in _TOKEN.finditer(para)]
    if not tokens:
        return list(paragraphs)
    words = [t for *_, t in tokens if not t.isdigit()] or ["news"]
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for index in rng.sample(range(len(tokens)), min(changes, len(tokens))):
        p, start, end, token = tokens[index]
        if token.isdigit():
            new = _new_number(token, rng)
        else:
            new = rng.choice(words)
            new = new[:1].upper() + new[1:] if token[:1].isupper() else new.lower()
        edits.setdefault(p, []).append((start, end, new))
    out = list(paragraphs)
    for p, items in edits.items():
        text = out[p]
        for start, end, new in sorted(items, reverse=True):
            text = text[:start] + new + text[end:]
        out[p] = text
    return out


def variants(bases: Sequence[Article], count: int, *, seed: int = 7, changes: int = 3,
             date_shift_days: int = 0) -> Iterator[Article]:
    """``count`` articles cycling over ``bases``, each with a few tokens changed (and its
    date shifted by up to ``date_shift_days``); every content id is distinct."""
    rng = random.Random(seed)
    seen: set[str] = {a.id for a in bases}
    produced = 0
    while produced < count:
        base = bases[produced % len(bases)]
        for _attempt in range(20):
            paragraphs = perturb_paragraphs(base.paragraphs, rng, changes)
            new_id = content_id(base.headline, paragraphs)
            if new_id not in seen:
                break
        else:
            paragraphs.append(f"Update {produced}.")  # a tiny article: force a distinct id
            new_id = content_id(base.headline, paragraphs)
        seen.add(new_id)
        published = base.published
        if published is not None and date_shift_days:
            published = published + timedelta(days=rng.randint(-date_shift_days, date_shift_days))
        yield Article(id=new_id, headline=base.headline, paragraphs=paragraphs, source=base.source,
                      url=None, published=published, date_precision=base.date_precision,
                      date_origin=base.date_origin, language=base.language,
                      language_confidence=base.language_confidence, credits=list(base.credits))
        produced += 1


# --------------------------------------------------------------------------- files for ingest


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "outlet"


def as_text_file(article: Article) -> str:
    """Plain-text article: headline line, a dateline, blank-line separated paragraphs."""
    lines = [article.headline]
    if article.published is not None:
        p = article.published
        lines.append(f"{p:%b} {p.day}, {p.year} | {p:%H:%M}")
    return "\n".join(lines) + "\n\n" + "\n\n".join(article.paragraphs) + "\n"


_NAV = ["Home", "World", "Politics", "Business", "Science", "Sport", "Culture", "Opinion", "Weather"]


def as_html_page(article: Article, n: int) -> str:
    """A simple article page wrapped in the usual site furniture (cookie banner, nav,
    related links, footer), which the HTML reader has to strip."""
    outlet = html.escape(article.source or "Daily News")
    title = html.escape(article.headline)
    stamp = article.published.strftime("%Y-%m-%dT%H:%M:%S") if article.published else ""
    nav = "\n".join(f'        <li><a href="/{s.lower()}/">{s}</a></li>' for s in _NAV)
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in article.paragraphs)
    related = "\n".join(f'      <li><a href="/world/story-{n + k}">More coverage: update number {k}</a></li>'
                        for k in range(1, 6))
    date_meta = f'  <meta property="article:published_time" content="{stamp}">\n' if stamp else ""
    time_tag = f'      <p class="byline">By Staff Reporter · <time datetime="{stamp}">{stamp[:10]}</time></p>\n' \
        if stamp else ""
    return f"""<!DOCTYPE html>
<html lang="{article.language or 'en'}">
<head>
  <meta charset="utf-8">
  <title>{title} | {outlet}</title>
  <meta property="og:site_name" content="{outlet}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{title}">
{date_meta}  <link rel="stylesheet" href="/static/site.css">
  <script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
  <div class="cookie-banner"><p>We use cookies to improve your experience. <a href="/privacy">Privacy policy</a></p>
    <button>Accept</button></div>
  <header class="site-header"><a class="logo" href="/">{outlet}</a>
    <nav><ul>
{nav}
    </ul></nav>
    <form class="search"><input type="search" name="q" placeholder="Search"></form>
  </header>
  <main>
    <article>
      <h1>{title}</h1>
{time_tag}{body}
    </article>
    <aside class="related"><h2>Related stories</h2><ul>
{related}
    </ul></aside>
  </main>
  <footer class="site-footer">
    <p>Subscribe to our newsletter for the day's top stories.</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
      <li><a href="/terms">Terms of use</a></li></ul>
    <p>© 2025 {outlet}. All rights reserved.</p>
  </footer>
</body>
</html>
"""


def write_ingest_corpus(root: Path, bases: Sequence[Article], count: int, *, seed: int = 11) -> dict[str, object]:
    """Write ``count`` variants as .txt files under root/text/<outlet>/ and as .html pages
    under root/html/<outlet>/. Returns {format: {"folders": {path: outlet}, "files", "bytes"}}."""
    layout: dict[str, dict[str, object]] = {}
    for fmt in ("text", "html"):
        layout[fmt] = {"folders": {}, "files": 0, "bytes": 0}
    for n, article in enumerate(variants(bases, count, seed=seed, date_shift_days=365)):
        outlet = article.source or "Unknown Outlet"
        for fmt, suffix, content in (("text", "txt", as_text_file(article)),
                                     ("html", "html", as_html_page(article, n))):
            folder = root / fmt / slug(outlet)
            if str(folder) not in layout[fmt]["folders"]:  # type: ignore[operator]
                folder.mkdir(parents=True, exist_ok=True)
                layout[fmt]["folders"][str(folder)] = outlet  # type: ignore[index]
            data = content.encode("utf-8")
            (folder / f"{n:05d}.{suffix}").write_bytes(data)
            layout[fmt]["files"] += 1  # type: ignore[operator]
            layout[fmt]["bytes"] += len(data)  # type: ignore[operator]
    return layout


# --------------------------------------------------------------------------- shared data


def shared_articles(limit: int, *, seed: int = 3) -> list[Article]:
    """Up to ``limit`` articles from ../shared/data/stories-dev.jsonl (every language it
    holds), or [] when the folder is absent (a user's clone has none)."""
    path = SHARED_DATA / "stories-dev.jsonl"
    if not path.exists() or limit <= 0:
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(seed).shuffle(rows)
    out = []
    for row in rows[:limit]:
        lines = [line.strip() for line in (row.get("text") or "").split("\n") if line.strip()]
        title = (row.get("title") or (lines[0] if lines else "")).strip()
        if lines and lines[0] == title:
            lines = lines[1:]
        if not title or not lines:
            continue
        out.append(Article.create(title, lines, source=row.get("source") or row.get("dataset"),
                                  language=row.get("lang")))
    return out


# --------------------------------------------------------------------------- story clones


@dataclass
class PoolItem:
    """A real article with its real analysis and sentence vector: the seed of clones."""

    article: Article
    analysis: Analysis
    embedding: object  # np.ndarray (512,)


def _pseudo_word(seed: int, length: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("bcdfghjklmnprstvz" if i % 2 == 0 else "aeiou") for i in range(max(length, 2)))


class CloneStream:
    """A time-ordered stream of synthetic analysed articles for the story clusterer.

    Synthetic events are spread evenly over ``span_days`` (``per_event`` articles each,
    published within two days of the event). An event clones one pool article: about half
    of its entity keys and 40% of its lemma types get an event-specific suffix, two
    headline words become event-specific pseudo-words (same length, so analysis offsets
    stay valid) and the sentence vector gets event noise; each member then drops a few
    lemmas and gets its own small noise. Articles published past the end continue the
    stream at the same density (the articles whose assignment is timed).
    """

    def __init__(self, pool: Sequence[PoolItem], prefill: int, *, span_days: float = 730.0,
                 per_event: int = 5, seed: int = 1, start: datetime = datetime(2023, 1, 2)) -> None:
        self.pool = list(pool)
        self.per_event = per_event
        self.seed = seed
        self.start = start
        self.days_per_event = span_days / max(1, prefill / per_event)
        self._entity_keys = [sorted({m.key for m in p.analysis.entities if m.key}) for p in self.pool]
        self._lemma_types = [sorted(set(p.analysis.lemmas)) for p in self.pool]

    def items(self, first: int, count: int) -> Iterator[tuple[Article, Analysis, object]]:
        """Articles ``first`` .. ``first + count - 1`` of the stream, with their vectors."""
        import numpy as np

        event_cache: tuple[int, object] | None = None
        for n in range(first, first + count):
            event = n // self.per_event
            if event_cache is None or event_cache[0] != event:
                event_cache = (event, self._event(event))
            base_index, entity_map, lemma_map, headline, event_vector, moment = event_cache[1]  # type: ignore[misc]
            base = self.pool[base_index]
            rng = random.Random(self.seed * 1_000_003 + n)
            article_id = f"{(self.seed * 1_000_003 + n) & 0xFFFFFFFFFFFF:012x}{n % 65536:04x}"
            published = moment + timedelta(hours=rng.uniform(0, 48))
            article = Article(id=article_id, headline=headline, paragraphs=base.article.paragraphs,
                              source=f"Outlet {n % 97}", published=published, date_precision="minute",
                              language=base.article.language)
            entities = [EntityMention(m.start, m.end, m.text, m.label, m.sentence,
                                      entity_map.get(m.key, m.key), m.extractor)
                        for m in base.analysis.entities]
            lemmas = [lemma_map.get(w, w) for w in base.analysis.lemmas if rng.random() > 0.1]
            analysis = Analysis(article_id=article_id, version=base.analysis.version,
                                language=base.analysis.language, sentences=base.analysis.sentences,
                                entities=entities, lemmas=lemmas)
            vector = event_vector + np.random.default_rng(n).normal(0, 0.01, 512).astype(np.float32)
            vector /= np.linalg.norm(vector) or 1.0
            yield article, analysis, vector

    def _event(self, event: int) -> tuple[int, dict[str, str], dict[str, str], str, object, datetime]:
        import numpy as np

        rng = random.Random(self.seed * 7_919 + event)
        base_index = rng.randrange(len(self.pool))
        base = self.pool[base_index]
        tag = f"e{event:x}"
        entity_map = {k: f"{k} {tag}" for k in self._entity_keys[base_index] if rng.random() < 0.5}
        lemma_map = {w: f"{w}{tag}" for w in self._lemma_types[base_index] if rng.random() < 0.4}
        words = list(re.finditer(r"[^\W\d_]{4,}", base.article.headline))
        headline = base.article.headline
        for k, m in enumerate(rng.sample(words, min(2, len(words)))):
            word = _pseudo_word(event * 31 + k, m.end() - m.start())
            headline = headline[:m.start()] + word + headline[m.end():]
        noise = np.random.default_rng(event + self.seed * 100_003).normal(0, 0.02, 512).astype(np.float32)
        vector = np.asarray(base.embedding, dtype=np.float32) + noise
        moment = self.start + timedelta(days=event * self.days_per_event)
        return base_index, entity_map, lemma_map, headline, vector, moment


def lemma_stats(pool: Sequence[PoolItem]) -> dict[str, float]:
    counts = Counter(len(p.analysis.lemmas) for p in pool)
    n = sum(counts.values()) or 1
    return {"articles": len(pool), "mean_lemmas": round(sum(k * v for k, v in counts.items()) / n, 1),
            "mean_entities": round(sum(len(p.analysis.entities) for p in pool) / n, 1)}
