"""The web workbench in a real browser: Playwright driving Debian's chromium (installed by
`make test` through tests/install-system-packages.sh; Playwright never downloads one)
against `newsprism serve` on a copy of the demo store, walking what an analyst does: the
story list, search in another spelling, filters, a story with its contradictions, side by
side, an entity, and an upload that joins its story. Hostile article text is uploaded and
shown on every page without running. Screenshots go to test-artifacts/screenshots/ for
review (or $NEWSPRISM_SCREENSHOTS)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("NEWSPRISM_SCREENSHOTS", REPO / "test-artifacts" / "screenshots"))
# As root in a container chromium needs --no-sandbox; the rest keep it off the network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"]
XSS = ('<script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> '
       '<svg onload="window.__xss=3"></svg> "><b onmouseover="window.__xss=4">quote</b> '
       '[link](javascript:window.__xss=5)')


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("browser tests: Debian's chromium is not installed (make test installs it with apt where it "
                "can: see tests/install-system-packages.sh)")


@pytest.fixture(scope="module")
def browser():
    path = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests: the playwright package is not installed (it is in requirements.lock)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(demo_store, tmp_path_factory, copy_store):
    """`newsprism serve` on a copy of the demo store, with every brief built (as `make demo`
    leaves it), on a free local port; the address."""
    import uvicorn

    from newsprism import pipeline
    from newsprism.config import load_config
    from newsprism.store import Store
    from newsprism.web import create_app

    copy = copy_store(demo_store, tmp_path_factory.mktemp("browser") / "demo.db")
    cfg = load_config(overrides={"analysis": {"workers": 1}})
    with Store.open(copy) as store:
        for row in store.story_rows():
            pipeline.story_brief(store, row["id"], config=cfg)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(copy), cfg), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


@pytest.fixture()
def page(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 1200, "height": 900})
    p = context.new_page()
    p.set_default_timeout(30_000)
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield p
    context.close()
    assert not errors, errors  # no script error and no alert, on any page


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_story_list_search_in_another_spelling_and_filter(page):
    page.goto("/")
    cards = page.locator("ul.cards li")
    total = cards.count()
    assert total >= 8 and "stories from" in page.locator("p.meta").first.inner_text()
    _shot(page, "01-story-list")
    # one spelling finds the story told with the others (Zhurakovsky / Zhurakovskiy / Schurakowski)
    page.fill("form.filters input[name=q]", "Schurakowski")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**q=Schurakowski*")
    found = [t.strip() for t in page.locator("ul.cards a.headline").all_inner_texts()]
    assert found and any("Ostravia" in h or "Zhurakovskiy" in h for h in found) and len(found) < total
    _shot(page, "02-search-other-spelling")
    page.goto("/")
    page.check("input[name=contradicted]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**contradicted=true*")
    contradicted = page.locator("ul.cards li")
    assert 1 <= contradicted.count() < total
    assert all("contradiction" in t for t in contradicted.all_inner_texts())
    page.select_option("select[name=sort]", "newest")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**sort=newest*")
    assert "sort=newest" in page.url and "contradicted=true" in page.url  # filters kept together
    _shot(page, "03-filter-contradicted")


def test_story_page_opens_with_its_contradictions_then_side_by_side(page):
    page.goto("/?contradicted=true&sort=contradictions")
    page.locator("ul.cards a.headline").first.click()
    page.wait_for_url("**/stories/*")
    headings = page.locator("h2").all_inner_texts()
    assert headings.index("Where the outlets disagree") < headings.index("Sources by facts") < \
        headings.index("Articles and the sentences behind every claim")
    cell = page.locator("td.v-contradict").first
    assert cell.is_visible() and cell.inner_text().strip()
    assert page.locator("svg.chart").count() >= 1  # the timeline drawn on the server
    _shot(page, "04-story-with-contradiction")
    cell.locator("a").click()  # a cell leads to the sentence behind the claim
    assert "#s-" in page.url and page.locator(":target").is_visible()
    page.click("text=side by side")
    page.wait_for_url("**/compare")
    columns = page.locator("th").all_inner_texts()
    assert len(columns) >= 2
    assert page.locator("mark").count() >= 1  # facts marked in the text
    _shot(page, "05-side-by-side")


def test_entity_page_gathers_the_spellings(page):
    page.goto("/entities")
    page.fill("main input[name=name]", "Zhurakovsky")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/entities?name=Zhurakovsky")
    spellings = page.locator("h2:text-is('Spellings') + ul li").all_inner_texts()
    assert len(spellings) >= 3 and any("Schurakowski" in s for s in spellings)  # one entity, many spellings
    assert page.locator("main a[href^='/stories/']").count() >= 1
    _shot(page, "06-entity")


def test_upload_an_article_and_see_it_join_its_story(page, tmp_path):
    article = tmp_path / "ferry-fire-follow-up.txt"
    article.write_text(
        "Saaremil Star passengers back in Lindholm after engine-room fire\n"
        "March 29, 2025\n"
        "LINDHOLM - The 312 passengers and 41 crew evacuated from the ferry Saaremil Star after a fire broke out "
        "in its engine room off Hallsö island on Saturday reached Lindholm late in the evening, the coast guard "
        "said. Nine people were treated for smoke inhalation. Saaremil Line said the ship was being towed to "
        "Lindholm and that the route to Port Saaremil was suspended.\n", encoding="utf-8")
    page.goto("/")
    ferry = [h for h in page.locator("ul.cards a.headline").all_inner_texts() if "ferry" in h.lower()]
    assert ferry
    page.click("text=Add articles")
    page.set_input_files("input[name=files]", str(article))
    page.fill("input[name=source]", "Test Gazette")
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("h1:text-is('Added')", timeout=180_000)  # the page refreshes itself until then
    assert "1 new article" in page.locator("main").inner_text()
    _shot(page, "07-upload-done")
    page.locator("main ul.cards a[href^='/stories/']").first.click()
    page.wait_for_url("**/stories/*")
    assert any("ferry" in h.lower() or "Hallsö" in h for h in page.locator("h1").all_inner_texts())
    assert "Test Gazette" in page.locator("body").inner_text()  # the new article is in the story
    _shot(page, "08-story-after-upload")


def test_hostile_article_text_is_inert_on_every_page(page, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(f"Council {XSS} votes on harbour budget\nMarch 30, 2025\nLINDHOLM - The city council "
                       f"voted on the harbour budget on Sunday, mayor Anna Berg said. {XSS} \"We will "
                       f"decide {XSS},\" she said.\n", encoding="utf-8")
    page.goto("/upload")
    page.set_input_files("input[name=files]", str(hostile))
    page.fill("input[name=source]", f"Evil {XSS}")
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("h1:text-is('Added')", timeout=180_000)
    addresses = [page.url]
    article = page.locator("main ul.cards a[href^='/articles/']").first.get_attribute("href")
    story = page.locator("main ul.cards a[href^='/stories/']").first.get_attribute("href")
    addresses += [article, story, "/", "/search?q=harbour+budget",
                  "/entities?name=Anna+Berg", f"/api/stories/{story.rsplit('/', 1)[1]}/brief"]
    for address in addresses:
        page.goto(address)
        page.mouse.move(200, 200)
        assert page.evaluate("window.__xss === undefined"), address
        assert page.evaluate("document.querySelectorAll('script, [onerror], [onload], [onmouseover]').length") == 0, \
            address
        assert page.evaluate("[...document.querySelectorAll('a[href]')].every(a => !a.href.startsWith('javascript:'))")
    page.goto(article)
    assert "<script>" in page.locator("main").inner_text()  # shown as text, not run
    _shot(page, "09-hostile-article")


def test_a_page_elsewhere_cannot_post_into_the_store(page, site, tmp_path):
    """The cross-site form a hostile page would send: chromium marks it cross-site and the
    server refuses it; nothing is stored."""
    before = page.request.get(f"{site}/api/health").json()["articles"]
    article = tmp_path / "planted.txt"
    article.write_text("Planted story\n\nA story planted by another site's page.\n", encoding="utf-8")
    page.goto("about:blank")
    page.set_content(f'<form method="post" action="{site}/upload" enctype="multipart/form-data">'
                     '<input type="file" name="files"><button type="submit">go</button></form>')
    page.set_input_files("input[name=files]", str(article))
    with page.expect_navigation():
        page.click("button")
    assert "refused" in page.locator("body").inner_text()
    assert page.request.get(f"{site}/api/health").json()["articles"] == before
