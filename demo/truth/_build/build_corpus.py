"""Regenerate the demo corpus files, sources.json and truth.json from the article texts.

Run from anywhere:  /work/main/.venv/bin/python demo/truth/_build/build_corpus.py
The article texts live in stories_*.py; the planted facts in annotations.py. TRUTH.md is
hand-written and not generated. Everything is fiction.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sys
import unicodedata
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRUTH = HERE.parent
CORPUS = TRUTH.parent / "corpus"
sys.path.insert(0, str(HERE))

import annotations as ann  # noqa: E402
import stories_a, stories_b, stories_c  # noqa: E402,E401

ARTICLES = stories_a.ARTICLES + stories_b.ARTICLES + stories_c.ARTICLES

OUTLETS = {
    "Northern Ledger": dict(slug="northern-ledger", lang="en", domain="northernledger.example",
                            nav=["World", "Politics", "Business", "Climate", "Opinion", "Culture"],
                            cookie="We use cookies to personalise content and to analyse our traffic. By continuing you accept our cookie policy.",
                            accept="Accept all", footer=["About us", "Contact", "Corrections", "Privacy policy", "Terms", "Subscribe"]),
    "Harbor Times": dict(slug="harbor-times", lang="en", domain="www.harbortimes.example",
                         nav=["Local", "World", "Business", "Sports", "Weather", "Obituaries"],
                         cookie="This site uses cookies. Some are essential; others help us improve your experience and show relevant ads.",
                         accept="OK, got it", footer=["Contact the newsroom", "Advertise", "Careers", "Privacy", "Cookie settings", "e-Edition"]),
    "Capital Dispatch": dict(slug="capital-dispatch", lang="en", domain="capitaldispatch.example",
                             nav=["Home", "Diplomacy", "World", "Economy", "Analysis", "Podcasts"],
                             cookie="Capital Dispatch and our partners use cookies to deliver our services. Manage your choices at any time.",
                             accept="Agree and close", footer=["Who we are", "Editorial standards", "Newsletters", "Privacy notice", "Terms of use"]),
    "Riverside Chronicle": dict(slug="riverside-chronicle", lang="en", domain="riversidechronicle.example",
                                nav=["News", "Riverside", "Nation & World", "Sports", "Things to do", "Letters"],
                                cookie="We value your privacy. We use cookies to make this site work and to measure readership.",
                                accept="Accept", footer=["Home delivery", "Contact us", "Submit a letter", "Privacy policy", "Accessibility"]),
    "Meridian Post": dict(slug="meridian-post", lang="en", domain="meridianpost.example",
                          nav=["World", "Americas", "Europe", "Business", "Science"], cookie="", accept="", footer=[]),
    "La Voz del Sur": dict(slug="la-voz-del-sur", lang="es", domain="lavozdelsur.example",
                           nav=["Portada", "Regiones", "Política", "Campo", "Cultura", "Deportes", "Opinión"],
                           cookie="Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle publicidad relacionada con sus preferencias.",
                           accept="Aceptar todas", footer=["Quiénes somos", "Contacto", "Aviso legal", "Política de privacidad", "Política de cookies", "Suscríbete"]),
    "El Observador Andino": dict(slug="el-observador-andino", lang="es", domain="www.observadorandino.example",
                                 nav=["Inicio", "Nacional", "Regiones", "Internacional", "Economía", "Opinión"],
                                 cookie="Este sitio usa cookies para ofrecerle una mejor experiencia. Al continuar navegando, acepta su uso.",
                                 accept="Entendido", footer=["Nosotros", "Staff", "Publicidad", "Términos y condiciones", "Privacidad"]),
}


def _date_only(published: str | None) -> str | None:
    return published[:10] if published else None


def _txt(a: dict) -> str:
    lines: list[str] = [a["headline"]]
    body: list[str] = []
    dateline_after = a.get("dateline_after")
    if a.get("dateline") and dateline_after is None:
        body.append(a["dateline"])
    read_more = dict(a.get("read_more", []))
    for i, para in enumerate(a["paras"]):
        body.append(para)
        if a.get("dateline") and dateline_after == i:
            body.append(a["dateline"])
        if i in read_more:
            body.append(read_more[i])
    sep = "\n\n" if a.get("blank_lines") else "\n"
    return lines[0] + sep + sep.join(body) + "\n"


RELATED_EN = [
    "Weekend weather: cold snap expected before spring finally arrives",
    "Opinion: our cities are not ready for the next emergency",
    "Markets close lower as energy prices climb",
    "The week in pictures",
    "Quiz: how closely have you followed the news this week?",
    "Letters: readers respond on public transport fares",
]
RELATED_ES = [
    "El tiempo: llegan las primeras heladas del otoño",
    "Opinión: la deuda pendiente con las regiones",
    "La inflación se modera por tercer mes consecutivo",
    "Las fotos de la semana",
    "Cartelera: los estrenos del fin de semana",
]


def _slugify(label: str) -> str:
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _html(a: dict) -> str:
    o = OUTLETS[a["outlet"]]
    lang = a["lang"]
    e = html.escape
    published = a["published"]
    nice = datetime.fromisoformat(published)
    if lang == "es":
        months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                  "septiembre", "octubre", "noviembre", "diciembre"]
        shown = f"{nice.day} de {months[nice.month - 1]} de {nice.year}, {nice:%H:%M}"
        related_title, share, newsletter = "Lo más leído", "Compartir", "Recibe nuestro boletín cada mañana"
        skip = "Saltar al contenido"
    else:
        shown = nice.strftime("%B %-d, %Y, %-I:%M %p")
        related_title, share, newsletter = "Most read", "Share", "Get our morning briefing in your inbox"
        skip = "Skip to content"
    nav = "\n".join(f'        <li><a href="/{_slugify(n)}/">{e(n)}</a></li>' for n in o["nav"])
    footer = "\n".join(f'      <li><a href="/{_slugify(n)}">{e(n)}</a></li>' for n in o["footer"])
    paras = "\n".join(f"      <p>{e(p, quote=False)}</p>" for p in a["paras"])
    # teasers for unrelated pieces that exist only as links, as on a real page
    pool = RELATED_ES if lang == "es" else RELATED_EN
    start = sum(map(ord, a["key"])) % len(pool)
    related = [pool[(start + i) % len(pool)] for i in range(3)]
    related_html = "\n".join(
        f'      <li><a href="/{_slugify(t)[:40]}">{e(t)}</a></li>' for t in related)
    section = a["url"].split("/")[3]
    jsonld = ""
    if a["outlet"] in ("Harbor Times", "La Voz del Sur"):
        jsonld = ('  <script type="application/ld+json">' + json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": a["headline"],
            "datePublished": published, "inLanguage": lang,
            "publisher": {"@type": "Organization", "name": a["outlet"]},
            "author": {"@type": "Person", "name": a["byline"].replace("By ", "").replace("Por ", "")}},
            ensure_ascii=False) + "</script>\n")
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(a["headline"])} | {e(a["outlet"])}</title>
  <meta name="description" content="{e(a["paras"][0][:150])}">
  <meta property="og:site_name" content="{e(a["outlet"])}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{e(a["headline"])}">
  <meta property="og:url" content="{e(a["url"])}">
  <meta property="article:published_time" content="{published}">
  <meta property="article:section" content="{e(section)}">
  <link rel="canonical" href="{e(a["url"])}">
  <link rel="stylesheet" href="/static/css/site.4f2a9c.css">
{jsonld}  <script async src="/static/js/analytics.js"></script>
</head>
<body class="article-page">
  <a class="skip-link" href="#main">{skip}</a>
  <div id="cookie-banner" class="cookie-consent" role="dialog">
    <p>{e(o["cookie"])} <a href="/cookies">{'Más información' if lang == 'es' else 'Learn more'}</a></p>
    <button type="button" class="cookie-accept">{e(o["accept"])}</button>
  </div>
  <header class="site-header">
    <a class="logo" href="/">{e(a["outlet"])}</a>
    <nav class="main-nav" aria-label="{'Secciones' if lang == 'es' else 'Sections'}">
      <ul>
{nav}
      </ul>
    </nav>
  </header>
  <main id="main">
    <article class="story">
      <header>
        <p class="kicker">{e(section.capitalize())}</p>
        <h1>{e(a["headline"])}</h1>
        <p class="byline">{e(a["byline"])}</p>
        <time datetime="{published}">{e(shown)}</time>
      </header>
      <div class="share-tools"><span>{share}</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
      <div class="story-body">
{paras}
      </div>
    </article>
    <aside class="related">
      <h2>{related_title}</h2>
      <ul>
{related_html}
      </ul>
    </aside>
    <section class="newsletter-signup"><h2>{newsletter}</h2><form><input type="email" placeholder="email"><button>OK</button></form></section>
  </main>
  <footer class="site-footer">
    <ul>
{footer}
    </ul>
    <p>&copy; 2025 {e(a["outlet"])}. {'Todos los derechos reservados.' if lang == 'es' else 'All rights reserved.'}</p>
  </footer>
</body>
</html>
"""


def _rss(items: list[dict]) -> str:
    e = html.escape
    out = []
    for a in items:
        pub = format_datetime(datetime.fromisoformat(a["published"]))
        body_html = "".join(f"<p>{e(p, quote=False)}</p>" for p in a["paras"])
        if a.get("rss_description_only"):
            desc = e(body_html, quote=False)
            content = ""
        else:
            desc = e(a["paras"][0][:180].rsplit(" ", 1)[0] + "…", quote=False)
            content = f"\n      <content:encoded><![CDATA[{body_html}]]></content:encoded>"
        out.append(f"""    <item>
      <title>{e(a["headline"], quote=False)}</title>
      <link>{e(a["url"])}</link>
      <guid isPermaLink="true">{e(a["url"])}</guid>
      <pubDate>{pub}</pubDate>
      <dc:creator>Meridian Post staff</dc:creator>
      <category>World</category>
      <description>{desc}</description>{content}
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Meridian Post</title>
    <link>https://meridianpost.example/</link>
    <atom:link href="https://meridianpost.example/world/rss.xml" rel="self" type="application/rss+xml"/>
    <description>World news from the Meridian Post</description>
    <language>en</language>
    <lastBuildDate>{format_datetime(datetime.fromisoformat("2025-03-30T09:15:00+00:00"))}</lastBuildDate>
{chr(10).join(out)}
  </channel>
</rss>
"""


def build() -> None:
    headlines = [a["headline"] for a in ARTICLES]
    assert len(headlines) == len(set(headlines)), "duplicate headline"
    by_file: dict[str, list[dict]] = {}
    for a in ARTICLES:
        by_file.setdefault(a["path"], []).append(a)

    records: dict[str, int | None] = {}
    for path, group in by_file.items():
        target = CORPUS / path
        target.parent.mkdir(parents=True, exist_ok=True)
        fmt = group[0]["fmt"]
        if fmt == "txt":
            target.write_text(_txt(group[0]), encoding="utf-8")
            records[group[0]["key"]] = None
        elif fmt == "html":
            target.write_text(_html(group[0]), encoding="utf-8")
            records[group[0]["key"]] = None
        elif fmt == "jsonl":
            lines = []
            for i, a in enumerate(group):
                records[a["key"]] = i
                lines.append(json.dumps({"title": a["headline"], "text": "\n\n".join(a["paras"]),
                                         "url": a["url"], "source": a["outlet"],
                                         "date": a["published"], "lang": a["lang"]}, ensure_ascii=False))
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(["title", "text", "url", "source", "date", "lang"])
            for i, a in enumerate(group):
                records[a["key"]] = i
                writer.writerow([a["headline"], "\n\n".join(a["paras"]), a["url"], a["outlet"],
                                 a["published"] or "", a["lang"]])
            target.write_text(buf.getvalue(), encoding="utf-8")
        elif fmt == "rss":
            for i, a in enumerate(group):
                records[a["key"]] = i
            target.write_text(_rss(group), encoding="utf-8")
        else:
            raise ValueError(fmt)

    sources = {a["path"]: a["outlet"] for a in ARTICLES if a["fmt"] == "txt"}
    (TRUTH / "sources.json").write_text(json.dumps(dict(sorted(sources.items())), indent=2,
                                                    ensure_ascii=False) + "\n", encoding="utf-8")

    key_to_headline = {a["key"]: a["headline"] for a in ARTICLES}
    truth = {
        "articles": [{"file": a["path"], "record": records[a["key"]], "headline": a["headline"],
                      "outlet": a["outlet"], "language": a["lang"],
                      "published": _date_only(a["published"]), "story": a["story"]}
                     for a in ARTICLES],
        **ann.resolve(key_to_headline),
    }
    (TRUTH / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    print(f"wrote {len(ARTICLES)} articles in {len(by_file)} files")


if __name__ == "__main__":
    build()
