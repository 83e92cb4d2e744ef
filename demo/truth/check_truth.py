"""Check that the demo corpus and its truth files agree.

Run:  /work/main/.venv/bin/python demo/truth/check_truth.py
Exits non-zero and lists every problem found. Reads the corpus files with the standard
library only (independently of newsprism's ingest stage), so it checks the corpus itself.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

TRUTH = Path(__file__).resolve().parent
CORPUS = TRUTH.parent / "corpus"
INPUT_SUFFIXES = {".txt", ".html", ".jsonl", ".csv", ".xml"}
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
EN_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
ES_MONTHS = {m: i for i, m in enumerate(
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
     "octubre", "noviembre", "diciembre"], 1)}


class _Paragraphs(HTMLParser):
    """Collects the text of <p> elements (inside <article> when ``within`` is set) and <h1>."""

    def __init__(self, within: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.within = within
        self.depth = 0 if within else 1
        self.current: list[str] | None = None
        self.paragraphs: list[str] = []
        self.h1: list[str] = []
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("property"):
            self.meta[attrs["property"]] = attrs.get("content", "")
        if self.within and tag == self.within:
            self.depth += 1
        if tag == "p" and self.depth > 0:
            self.current = []
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag):
        if tag == "p" and self.current is not None:
            self.paragraphs.append("".join(self.current).strip())
            self.current = None
        if self.within and tag == self.within:
            self.depth -= 1
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)
        if self.in_h1:
            self.h1.append(data)


def _read_txt(path: Path) -> list[dict]:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    return [{"headline": lines[0], "text": "\n".join(lines[1:]), "date": _txt_date(lines[1:4])}]


def _txt_date(lines: list[str]) -> str | None:
    for line in lines:
        if "|" not in line:
            continue
        m = re.match(r"([A-Z][a-z]{2}) (\d{1,2}), (\d{4})", line)
        if m:
            return f"{m[3]}-{EN_MONTHS[m[1].lower()]:02d}-{int(m[2]):02d}"
        m = re.match(r"(\d{1,2}) de ([a-z]+) de (\d{4})", line)
        if m:
            return f"{m[3]}-{ES_MONTHS[m[2]]:02d}-{int(m[1]):02d}"
    return None


def _read_html(path: Path) -> list[dict]:
    parser = _Paragraphs(within="article")
    parser.feed(path.read_text(encoding="utf-8"))
    meta = parser.meta
    return [{"headline": "".join(parser.h1).strip(), "text": "\n".join(parser.paragraphs),
             "date": (meta.get("article:published_time") or "")[:10] or None,
             "outlet": meta.get("og:site_name")}]


def _read_jsonl(path: Path) -> list[dict]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        missing = {"title", "text", "url", "source", "date", "lang"} - rec.keys()
        if missing:
            raise ValueError(f"line {n}: missing fields {sorted(missing)}")
        out.append({"headline": rec["title"], "text": rec["text"], "date": (rec["date"] or "")[:10] or None,
                    "outlet": rec["source"], "lang": rec["lang"]})
    return out


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if rows and set(rows[0]) != {"title", "text", "url", "source", "date", "lang"}:
        raise ValueError(f"unexpected columns {list(rows[0])}")
    return [{"headline": r["title"], "text": r["text"], "date": r["date"][:10] or None,
             "outlet": r["source"], "lang": r["lang"]} for r in rows]


def _read_rss(path: Path) -> list[dict]:
    channel = ET.parse(path).getroot().find("channel")
    outlet = channel.findtext("title")
    out = []
    for item in channel.findall("item"):
        body = item.findtext(CONTENT_NS) or item.findtext("description") or ""
        parser = _Paragraphs(within=None)
        parser.feed(body)
        out.append({"headline": item.findtext("title"), "text": "\n".join(parser.paragraphs),
                    "date": parsedate_to_datetime(item.findtext("pubDate")).date().isoformat(),
                    "outlet": outlet})
    return out


READERS = {".txt": _read_txt, ".html": _read_html, ".jsonl": _read_jsonl, ".csv": _read_csv, ".xml": _read_rss}


def main() -> int:
    problems: list[str] = []
    truth = json.loads((TRUTH / "truth.json").read_text(encoding="utf-8"))
    sources = json.loads((TRUTH / "sources.json").read_text(encoding="utf-8"))

    parsed: dict[str, list[dict]] = {}
    for path in sorted(CORPUS.rglob("*")):
        rel = path.relative_to(CORPUS).as_posix()
        if path.suffix not in INPUT_SUFFIXES or rel.startswith("_build/"):
            continue
        try:
            parsed[rel] = READERS[path.suffix](path)
        except Exception as exc:  # report every unreadable file, not just the first
            problems.append(f"{rel}: does not parse: {exc}")

    articles = truth["articles"]
    story_ids = {s["id"] for s in truth["stories"]}
    headlines = [a["headline"] for a in articles]
    for h in {h for h in headlines if headlines.count(h) > 1}:
        problems.append(f"headline not unique: {h!r}")

    text_by_headline: dict[str, str] = {}
    covered: set[tuple[str, int | None]] = set()
    for a in articles:
        where = f"{a['file']}#{a['record']}"
        records = parsed.get(a["file"])
        if records is None:
            problems.append(f"{where}: file missing or unparsed")
            continue
        index = a["record"] if a["record"] is not None else 0
        if index >= len(records):
            problems.append(f"{where}: no such record")
            continue
        if (a["record"] is None) != (a["file"].endswith((".txt", ".html"))):
            problems.append(f"{where}: record must be null exactly for single-article files")
        rec = records[index]
        covered.add((a["file"], index))
        if rec["headline"] != a["headline"]:
            problems.append(f"{where}: headline in file {rec['headline']!r} != truth {a['headline']!r}")
        text_by_headline[a["headline"]] = a["headline"] + "\n" + rec["text"]
        if a["story"] not in story_ids:
            problems.append(f"{where}: unknown story {a['story']}")
        if rec.get("date") != a["published"]:
            problems.append(f"{where}: date in file {rec.get('date')} != truth {a['published']}")
        outlet = rec.get("outlet") or sources.get(a["file"])
        if outlet != a["outlet"]:
            problems.append(f"{where}: outlet in file/sources.json {outlet!r} != truth {a['outlet']!r}")
        if rec.get("lang") and rec["lang"] != a["language"]:
            problems.append(f"{where}: lang field {rec['lang']} != truth {a['language']}")
        words = len(rec["text"].split())
        if not 120 <= words <= 450:
            problems.append(f"{where}: {words} words (want 120-450)")
    for rel, records in parsed.items():
        for i in range(len(records)):
            if (rel, i) not in covered:
                problems.append(f"{rel}#{i}: article in corpus but not in truth.json")
    for rel in sources:
        if rel not in parsed:
            problems.append(f"sources.json names missing file {rel}")
    for rel in parsed:
        if rel.endswith(".txt") and rel not in sources:
            problems.append(f"{rel}: .txt file without an outlet in sources.json")
    for sid in story_ids - {a["story"] for a in articles}:
        problems.append(f"story {sid} has no article")

    def must_contain(section: str, headline: str, text: str) -> None:
        body = text_by_headline.get(headline)
        if body is None:
            problems.append(f"{section}: unknown headline {headline!r}")
        elif text not in body:
            problems.append(f"{section}: {text!r} not found verbatim in {headline!r}")

    for r in truth["reprints"]:
        for h in [r["original"], *r["copies"]]:
            if h not in text_by_headline:
                problems.append(f"reprints: unknown headline {h!r}")
    for nv in truth["name_variants"]:
        for occ in nv["occurrences"]:
            must_contain("name_variants", occ["headline"], occ["text"])
    for d in truth.get("different_people_same_surname", []):
        for person in d["people"]:
            for occ in person["occurrences"]:
                must_contain("different_people_same_surname", occ["headline"], occ["text"])
    for q in truth["quotes"]:
        for v in q["variants"]:
            must_contain("quotes", v["headline"], v["text"])
    for q in truth.get("multi_paragraph_quotes", []):
        for part in q["parts"]:
            must_contain("multi_paragraph_quotes", q["headline"], part)
    for c in truth["citations"]:
        must_contain("citations", c["headline"], c["text"])
    for f in truth["facts"]:
        for v in f["values"]:
            must_contain(f"facts[{f['story']}/{f['about']}]", v["headline"], v["text"])
    for r in truth["relative_dates"]:
        must_contain("relative_dates", r["headline"], r["text"])
    for n in truth["numbers"]:
        must_contain("numbers", n["headline"], n["text"])

    # the brief's minimums, so a later edit cannot silently drop below them
    outlets = {a["outlet"] for a in articles}
    spanish = [a for a in articles if a["language"] == "es"]
    bilingual = [s for s in story_ids if {a["language"] for a in articles if a["story"] == s} == {"en", "es"}]
    formats = {Path(a["file"]).suffix for a in articles}
    contradictions = [f for f in truth["facts"] if f["verdict"] == "contradict"]
    for label, value, minimum in [("articles", len(articles), 44), ("outlets", len(outlets), 9),
                                  ("stories", len(story_ids), 9), ("spanish articles", len(spanish), 8),
                                  ("bilingual stories", len(bilingual), 2), ("formats", len(formats), 5),
                                  ("contradictions", len(contradictions), 4)]:
        if value < minimum:
            problems.append(f"only {value} {label} (want >= {minimum})")

    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(articles)} articles, {len(outlets)} outlets, {len(story_ids)} stories, "
          f"{len(spanish)} Spanish, {len(bilingual)} bilingual stories, formats {sorted(formats)}, "
          f"{len(contradictions)} contradictions; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
