"""Writes the ingest regression corpus: small files, each one case real sites and feeds
serve (declared charsets, wide encodings, feeds in legacy encodings, JSON Feed, WARC,
tables, teaser lines, mojibake). The texts are written for this corpus.

    python tests/ingest/corpus/make_corpus.py      # rewrites the files beside this script

What each file must give is in tests/ingest/test_regression_corpus.py.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

GERMAN = ("Bayern fordert höhere Erlösobergrenzen für Netzbetreiber",
          ["Die bayerische Staatsregierung verlangt von der Bundesnetzagentur höhere Erlösobergrenzen für die "
           "Betreiber der Stromnetze im Freistaat.",
           "Wirtschaftsminister Hubert Aiwanger sagte am Dienstag in München, ohne zusätzliche Einnahmen könnten "
           "die Unternehmen den Ausbau der Leitungen nicht bezahlen."])
RUSSIAN = ("В Казани открыли новый мост через Казанку",
           ["Движение по новому мосту через реку Казанку открыли в субботу, сообщила пресс-служба мэрии.",
            "Строительство моста длиной 800 метров обошлось городу в 4,2 миллиарда рублей."])
CHINESE = ("上海地铁新线路今日开通运营",
           ["上海地铁十八号线二期工程今天上午正式开通运营，全长十六公里，设站十个。",
            "市交通委员会表示，新线路将缩短浦东新区居民前往市中心的通勤时间。"])
JAPANESE = ("東京で大雪、交通機関に乱れ",
            ["東京都心では六日、今冬初めての積雪を観測し、鉄道や高速道路で運休や通行止めが相次いだ。",
             "気象庁は七日朝にかけて路面の凍結に注意するよう呼びかけている。"])
KOREAN = ("서울시, 내년부터 심야버스 노선 확대",
          ["서울시는 내년 1월부터 심야 시간대 버스 노선을 12개에서 20개로 늘린다고 밝혔다.",
           "시 관계자는 야간 근무자들의 이동 편의를 높이기 위한 조치라고 설명했다."])
TAIWANESE = ("臺北市公車路線調整", ["臺北市政府交通局宣布，下個月起將調整十二條公車路線，以配合捷運新站啟用。",
                                    "交通局表示，民眾可上網查詢新的路線與時刻表。"])
ENGLISH = ("Council approves flood defence plan",
           ["The city council approved a 12 million pound flood defence plan on Tuesday after a two-hour debate.",
            "Work on the new embankment along the river is due to start in the spring, the council said."])
SPANISH = ("Un sismo de magnitud 5,2 sacude el sur de Chile",
           ["Un sismo de magnitud 5,2 sacudió este martes la región de Los Lagos, informó el Centro Sismológico "
            "Nacional.", "No se reportaron daños ni víctimas, según la Oficina Nacional de Emergencia."])


def page(headline: str, paragraphs: list[str], *, head: str = "", lang: str = "en", extra_body: str = "") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head>{head}<title>{headline}</title></head>\n'
            f"<body><header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>\n"
            f"<article><h1>{headline}</h1>\n{body}{extra_body}</article>\n"
            f"<footer><p>Contact the newsroom</p></footer></body></html>\n")


def rss(title: str, items: list[str], encoding: str, language: str = "") -> str:
    lang = f"<language>{language}</language>" if language else ""
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://news.example/</link>{lang}\n" + "\n".join(items)
            + "\n</channel></rss>\n")


def item(headline: str, paragraphs: list[str], link: str, date: str = "Tue, 05 Mar 2024 09:00:00 GMT") -> str:
    text = " ".join(paragraphs)
    return (f"<item><title>{headline}</title><link>{link}</link><pubDate>{date}</pubDate>"
            f"<description>{text}</description></item>")


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def main() -> None:
    # --- HTML under a declared charset
    write("page_latin1_declared.html",
          page(*GERMAN, lang="de", head='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
          .encode("latin-1"))
    write("page_cp1251_declared.html",
          page(*RUSSIAN, lang="ru", head='<meta charset="windows-1251">').encode("cp1251"))
    write("page_gb2312_declared.html",
          page(*CHINESE, lang="zh", head='<meta charset="gb2312">').encode("gb2312"))
    write("page_shift_jis_declared.html",
          page(*JAPANESE, lang="ja", head='<meta http-equiv="content-type" content="text/html; charset=Shift_JIS">')
          .encode("shift_jis"))
    # a UTF-8 page under a stale Latin-1 declaration: the bytes are valid UTF-8
    write("page_utf8_stale_latin1.html",
          page(*GERMAN, lang="de", head='<meta charset="iso-8859-1">').encode("utf-8"))
    # a declaration its bytes do not fit (cp1251 bytes declared as Shift_JIS): detection decides
    write("page_wrong_declaration.html",
          page(*RUSSIAN, lang="ru", head='<meta charset="shift_jis">').encode("cp1251"))

    # --- wide encodings, with and without a byte-order mark
    text = ENGLISH[0] + "\n\n" + "\n\n".join(ENGLISH[1]) + "\n"
    write("text_utf16le_no_bom.txt", text.encode("utf-16-le"))
    write("text_utf32le_bom.txt", codecs.BOM_UTF32_LE + text.encode("utf-32-le"))
    write("text_utf32be_no_bom.txt", text.encode("utf-32-be"))

    # --- feeds in the encodings feedparser reads
    for name, encoding, story, lang, title in (("feed_gb2312.xml", "gb2312", CHINESE, "zh", "新闻"),
                                               ("feed_big5.xml", "big5", TAIWANESE, "zh-tw", "新聞"),
                                               ("feed_shift_jis.xml", "shift_jis", JAPANESE, "ja", "ニュース"),
                                               ("feed_euc_kr.xml", "euc-kr", KOREAN, "ko", "뉴스")):
        write(name, rss(title, [item(*story, "https://news.example/1")], encoding, lang).encode(encoding))
    feed = rss("Riverside Courier", [item(*ENGLISH, "https://news.example/flood")], "utf-16")
    write("feed_utf16le_no_bom.xml", feed.encode("utf-16-le"))
    write("feed_utf32_bom.xml", codecs.BOM_UTF32_LE + feed.replace("utf-16", "utf-32").encode("utf-32-le"))
    write("feed_bogus_encoding.xml",
          rss("Riverside Courier", [item(*ENGLISH, "https://news.example/flood")], "x-no-such-charset")
          .encode("utf-8"))
    # an entity bomb stays refused whatever encoding the feed declares
    bomb = ('<?xml version="1.0" encoding="gb2312"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
            '<rss version="2.0"><channel><title>&c;</title><item><title>上海</title>'
            '<description>&c;</description></item></channel></rss>\n')
    write("feed_entity_bomb_gb2312.xml", bomb.encode("gb2312"))

    # --- headlines with markup, and entries with a headline only
    write("feed_markup_titles.rss", rss("Capital Times", [
        "<item><title>Minister &lt;em&gt;resigns&lt;/em&gt; after &amp;quot;no&amp;quot; vote</title>"
        "<link>https://capital.example/resigns</link><pubDate>Wed, 06 Mar 2024 18:30:00 GMT</pubDate>"
        "<description>The transport minister resigned on Wednesday after parliament rejected her rail plan.</description></item>",
        "<item><title>Storm warning for the coast</title><link>https://capital.example/storm</link>"
        "<pubDate>Wed, 06 Mar 2024 19:00:00 GMT</pubDate></item>",
    ], "utf-8").encode("utf-8"))

    # --- JSON Feed 1.1 and 1.0
    write("jsonfeed_1_1.json", json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Riverside Courier", "language": "en",
        "home_page_url": "https://courier.example/",
        "items": [
            {"id": "1", "url": "https://courier.example/flood", "title": ENGLISH[0],
             "content_html": "".join(f"<p>{p}</p>" for p in ENGLISH[1]),
             "date_published": "2024-03-05T09:00:00+00:00", "authors": [{"name": "Jane Doe"}]},
            {"id": "2", "url": "https://courier.example/bridge", "title": "Bridge closed for repairs",
             "content_text": "The old bridge will be closed for repairs until May.\n\nA ferry will run instead.",
             "date_published": "2024-03-06T07:15:00+00:00"},
            {"id": "3", "url": "https://courier.example/live", "title": "Live: election night",
             "date_published": "2024-03-06T20:00:00+00:00"},
        ]}, indent=1).encode("utf-8"))
    write("jsonfeed_1_0.json", json.dumps({
        "version": "https://jsonfeed.org/version/1", "title": "Diario del Sur",
        "items": [{"id": "a", "url": "https://sur.example/sismo", "title": SPANISH[0],
                   "summary": SPANISH[1][0], "content_text": "\n\n".join(SPANISH[1]),
                   "date_published": "2024-03-05T14:00:00-03:00", "author": {"name": "Redacción"}}],
    }, ensure_ascii=False, indent=1).encode("utf-8"))

    # --- markup that starts after a long preamble, in a file with no telling extension
    preamble = "<!-- saved by an archiving tool\n" + ("x" * 70 + "\n") * 80 + "-->\n"
    write("saved_page.dat", (preamble + page(*ENGLISH)).encode("utf-8"))

    # --- a table in the article, teaser lines in Spanish, lines carrying figures
    table = ("<table><tr><th>Region</th><th>Magnitude</th><th>Depth</th></tr>"
             "<tr><td>Los Lagos</td><td>5.2</td><td>35 km</td></tr>"
             "<tr><td>Aysén</td><td>4.1</td><td>20 km</td></tr></table>\n")
    write("page_with_table.html", page("Two quakes felt in southern Chile",
                                       ["Two earthquakes were felt in southern Chile on Tuesday, the seismological "
                                        "centre said in a statement published in the afternoon.",
                                        "Their magnitudes and depths were as follows, according to the centre."],
                                       extra_body=table + "<p>No damage was reported in either region.</p>\n")
          .encode("utf-8"))
    write("page_es_teasers.html", page(SPANISH[0], [
        SPANISH[1][0], "Lea también: Temblor de magnitud 4 en Valparaíso", "VEA TAMBIÉN:",
        "LE PUEDE INTERESAR: Los sismos más fuertes de la historia", SPANISH[1][1], "NOTAS RELACIONADAS",
        "La línea de emergencias 133 atiende las 24 horas.", "$ 25.000", "+56 2 2345 6789",
        "Síguenos en Twitter"], lang="es").encode("utf-8"))

    # --- mojibake in exported fields
    record = {"title": "SeÃ±or PÃ©rez gana la alcaldÃ­a", "source": "Diario de LeÃ³n",
              "text": "El candidato JosÃ© PÃ©rez ganÃ³ las elecciones municipales del domingo con el 52 % de los votos.",
              "date": "2024-05-27"}
    write("mojibake.jsonl", (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))

    # --- a WARC archive: a request, a page (charset in the HTTP header only), a redirect, an image
    write("crawl.warc.gz", warc_archive())


def warc_archive() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)

    def response(url: str, status: str, content_type: str, body: bytes, date: str) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": date}))

    request = StatusAndHeaders("GET /kazan HTTP/1.1", [("Host", "vesti.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://vesti.example/kazan", "request", payload=io.BytesIO(b""),
                                                  http_headers=request))
    response("https://vesti.example/kazan", "200 OK", "text/html; charset=windows-1251",
             page(*RUSSIAN, lang="ru").encode("cp1251"), "2024-03-02T10:00:00Z")
    response("https://vesti.example/old", "301 Moved Permanently", "text/html", b"<p>moved</p>", "2024-03-02T10:01:00Z")
    response("https://vesti.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n0000", "2024-03-02T10:02:00Z")
    response("https://courier.example/flood", "200 OK", "text/html; charset=utf-8",
             page(*ENGLISH).encode("utf-8"), "2024-03-05T10:00:00Z")
    return out.getvalue()


if __name__ == "__main__":
    main()
