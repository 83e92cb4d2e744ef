"""Boilerplate lines of news pages, one table per language.

Three kinds of line, each matched against a whole (short) paragraph:

``teasers``
    labels of links to other stories: the label alone ("NOTAS RELACIONADAS") or followed
    by a separator and the linked headline ("Lea también: ..."). The separator is what
    tells a label from a sentence that starts with the same words.
``lines``
    a paragraph that is nothing but this ("Advertisement", "Publicidad").
``starts``
    promotion that opens with these words ("Follow us on ...", "Síguenos en ...").

Lines of the last two kinds are never dropped when they hold a digit or a currency sign
(other than a copyright year): prices, phone numbers and figures are the story's. Add a
language by adding a table; phrases are written plainly (any whitespace between words
matches; case is ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrases:
    teasers: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()


BOILERPLATE: dict[str, Phrases] = {
    "en": Phrases(
        teasers=("read more", "read also", "read next", "read the full story", "read full article",
                 "also read", "see also", "related", "related articles", "related article", "related stories",
                 "related news", "related coverage", "related content", "related topics", "related topic",
                 "more on this", "more on this story", "more on that", "more on the topic", "recommended",
                 "recommended for you", "you may also like", "you might also like",
                 "you may also be interested in", "you might also be interested in", "most read",
                 "top stories", "editor's picks", "editors' picks", "editor's pick", "don't miss", "watch",
                 "listen", "trending"),
        lines=("advertisement", "sponsored content", "story continues below",
               "story continues below advertisement", "all rights reserved", "all rights reserved."),
        starts=("subscribe to our", "subscribe to the", "subscribe for our", "sign up to our", "sign up for our",
                "sign up for the", "sign up to the", "subscribe now", "subscribe today", "subscribe here",
                "follow us on", "join us on telegram", "join us on whatsapp", "join us on facebook",
                "join us on twitter", "join us on instagram", "join our telegram", "join our whatsapp",
                "click here to", "click here for", "tap here to", "tap here for", "share this article",
                "share this story", "share on facebook", "share on twitter", "download our app",
                "download our free app", "download the app", "get our app", "get the app", "get our free app"),
    ),
    "es": Phrases(
        teasers=("lea también", "lee también", "leer más", "lea más", "vea también", "ver también", "mira también",
                 "le puede interesar", "te puede interesar", "también le puede interesar",
                 "también te puede interesar", "notas relacionadas", "nota relacionada", "noticias relacionadas",
                 "noticia relacionada", "artículos relacionados", "contenido relacionado", "relacionado",
                 "relacionada", "relacionadas", "relacionados", "más información", "lo más leído",
                 "te recomendamos", "le recomendamos", "recomendado", "recomendados", "temas relacionados"),
        lines=("publicidad", "contenido patrocinado", "todos los derechos reservados",
               "todos los derechos reservados."),
        starts=("suscríbete a", "suscríbase a", "síguenos en", "síganos en", "únete a nuestro canal",
                "haz clic aquí", "descarga nuestra app", "descarga la app", "comparte esta noticia",
                "compartir en facebook", "compartir en twitter"),
    ),
    "fr": Phrases(
        teasers=("lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également", "voir aussi",
                 "à voir aussi", "sur le même sujet", "lire la suite", "articles liés", "article lié",
                 "à lire", "les plus lus", "notre sélection", "à découvrir", "en lien"),
        lines=("publicité", "contenu sponsorisé", "tous droits réservés", "tous droits réservés."),
        starts=("abonnez-vous", "inscrivez-vous à notre", "suivez-nous sur", "rejoignez-nous sur",
                "cliquez ici", "téléchargez notre application", "partager sur facebook", "partager sur twitter"),
    ),
    "de": Phrases(
        teasers=("lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant",
                 "das könnte sie auch interessieren", "das könnte sie interessieren", "weiterlesen",
                 "siehe auch", "verwandte artikel", "meistgelesen", "meistgelesene artikel", "empfehlungen",
                 "zum thema", "mehr dazu"),
        lines=("anzeige", "werbung", "alle rechte vorbehalten", "alle rechte vorbehalten."),
        starts=("abonnieren sie", "folgen sie uns", "melden sie sich für unseren", "hier klicken",
                "klicken sie hier", "laden sie unsere app", "jetzt abonnieren", "teilen auf facebook"),
    ),
    "it": Phrases(
        teasers=("leggi anche", "leggi pure", "leggi tutto", "potrebbe interessarti", "ti potrebbe interessare",
                 "potrebbe interessarti anche", "articoli correlati", "articolo correlato", "vedi anche",
                 "guarda anche", "approfondimenti", "i più letti", "correlati"),
        lines=("pubblicità", "riproduzione riservata", "© riproduzione riservata", "tutti i diritti riservati",
               "tutti i diritti riservati."),
        starts=("iscriviti alla", "iscriviti al", "seguici su", "clicca qui", "scarica la nostra app",
                "scarica l'app", "condividi su facebook"),
    ),
    "pt": Phrases(
        teasers=("leia também", "leia mais", "veja também", "veja mais", "saiba mais", "notícias relacionadas",
                 "matérias relacionadas", "artigos relacionados", "relacionadas", "relacionados", "mais lidas",
                 "mais lidos", "você pode gostar", "pode interessar", "recomendado"),
        lines=("publicidade", "conteúdo patrocinado", "todos os direitos reservados",
               "todos os direitos reservados."),
        starts=("assine a", "assine o", "assine já", "siga-nos no", "siga-nos nas", "siga o", "clique aqui",
                "baixe nosso app", "baixe o app", "compartilhe no facebook", "partilhe no facebook"),
    ),
    "pl": Phrases(
        teasers=("czytaj też", "czytaj także", "czytaj więcej", "czytaj również", "zobacz też", "zobacz także",
                 "zobacz również", "przeczytaj też", "przeczytaj także", "przeczytaj również", "polecamy",
                 "najczęściej czytane", "powiązane artykuły", "więcej na ten temat"),
        lines=("reklama", "artykuł sponsorowany", "wszelkie prawa zastrzeżone", "wszelkie prawa zastrzeżone."),
        starts=("subskrybuj", "zasubskrybuj", "obserwuj nas na", "kliknij tutaj", "pobierz aplikację",
                "udostępnij na facebooku"),
    ),
    "nl": Phrases(
        teasers=("lees ook", "lees meer", "lees verder", "zie ook", "bekijk ook", "meer over dit onderwerp",
                 "gerelateerde artikelen", "gerelateerd", "meest gelezen", "aanbevolen"),
        lines=("advertentie", "gesponsorde inhoud", "alle rechten voorbehouden", "alle rechten voorbehouden."),
        starts=("abonneer je", "abonneer u", "volg ons op", "klik hier", "download onze app", "download de app",
                "deel op facebook"),
    ),
    "ru": Phrases(
        teasers=("читайте также", "читать также", "читайте тоже", "смотрите также", "см. также", "по теме",
                 "читайте по теме", "ещё по теме", "еще по теме", "самое читаемое", "новости по теме",
                 "читайте нас", "подробнее"),
        lines=("реклама", "все права защищены", "все права защищены."),
        starts=("подписывайтесь на", "подпишитесь на", "подписаться на", "следите за нами", "нажмите здесь",
                "скачайте наше приложение", "поделиться в"),
    ),
}

# a dash separates only with a space before it: "Related-party deals" is a sentence
_SEPARATOR = r"(?:\s*[:>»|]|\s+[–—-]|\s*\.{3}|\s*…|\s*$)"
_LEAD = r"^[\W_]{0,3}"
_TRAIL = r"[\W_]{0,3}$"
# © 2024 Daily Planet. All rights reserved.
_COPYRIGHT = r"(?:©|\(c\)|copyright\b).{0,80}"
_COPYRIGHT_LINE = re.compile(_LEAD + _COPYRIGHT + _TRAIL, re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_FIGURE = re.compile(r"[\d\u00a2-\u00a5\u20a0-\u20cf$]")


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of plainly written phrases: any whitespace between words,
    longest first, so "related articles" is tried before "related"."""
    unique = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in unique)


def _compile(tables: Iterable[Phrases]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    tables = list(tables)
    teasers = phrase_alternation(p for t in tables for p in t.teasers)
    lines = phrase_alternation(p for t in tables for p in t.lines)
    starts = phrase_alternation(p for t in tables for p in t.starts)
    return (re.compile(_LEAD + f"(?:{teasers})" + r"\b" + _SEPARATOR, re.IGNORECASE),
            re.compile(_LEAD + f"(?:{lines})" + _TRAIL, re.IGNORECASE),
            re.compile(_LEAD + f"(?:{starts})" + r"\b.*", re.IGNORECASE | re.DOTALL))


# Articles cite and quote across languages, so every table applies to every article.
_TEASER, _LINE, _START = _compile(BOILERPLATE.values())
MAX_BOILERPLATE_CHARS = 300


def is_boilerplate(paragraph: str) -> bool:
    """Teaser links ("Read more: ...", "Lea también: ...") and promotional lines, never a
    line carrying figures (prices, phone numbers, counts)."""
    text = paragraph.strip()
    if not text or len(text) > MAX_BOILERPLATE_CHARS:
        return False
    if _TEASER.match(text):
        return True
    if _COPYRIGHT_LINE.match(text):
        return not _FIGURE.search(_YEAR.sub("", text))
    if _FIGURE.search(text):
        return False
    return bool(_LINE.match(text) or _START.match(text))
