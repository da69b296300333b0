"""The explorer in a real Chromium against a real server on loopback: search ->
article -> a fact's evidence highlighted and in view; a span's facts; evidence
links from the events page; the story page; the events chart and map and the
entity network with as many marks as the data has; no JavaScript errors; the
hostile articles open no alert and run no script; the pages at 390 px wide."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.store import Store

from .browser import missing

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")

WAIT = 15  # seconds a page's scripts get to draw


def wait_for(driver: Any, script: str, timeout: float = WAIT) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def open_page(driver: Any, url: str) -> None:
    driver.get(url)
    wait_for(driver, "return document.documentElement.getAttribute('data-ready') === 'true'")


def problems(driver: Any) -> list[str]:
    """The page's JavaScript errors: the console's SEVERE lines since the last call, and app.js's collector."""
    found = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    found += driver.execute_script("return window.__ngErrors || []")
    return found


def in_view(driver: Any, element: Any) -> bool:
    return bool(
        driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;",
            element,
        )
    )


def classes(element: Any) -> set[str]:
    return set((element.get_attribute("class") or "").split())


@pytest.fixture
def browser(driver: Any) -> Iterator[Any]:
    """The session's browser at 1280 x 700, its logs emptied; no errors left at the end."""
    driver.set_window_size(1280, 700)
    driver.get_log("browser")
    yield driver
    assert problems(driver) == []


@pytest.fixture(scope="module")
def store(explorer_db: Path) -> Iterator[Store]:
    with Store(explorer_db, read_only=True) as s:
        yield s


# -- search -> article -> evidence ---------------------------------------------------------------


def test_search_then_article_then_a_fact_scrolls_to_its_highlighted_evidence(browser, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, base_url + "/")
    box = browser.find_element(By.ID, "home-q")
    box.send_keys("detained protesters", Keys.ENTER)
    wait_for(browser, "return location.pathname === '/search'")
    first = browser.find_element(By.CSS_SELECTOR, ".hit h3 a")
    assert browser.find_elements(By.CSS_SELECTOR, ".hit mark")
    first.click()
    wait_for(browser, "return location.pathname.startsWith('/articles/')")
    open_page(browser, browser.current_url)

    # The last fact with evidence (its span is far from the top once the page scrolls).
    buttons = [b for b in browser.find_elements(By.CSS_SELECTOR, "button.fact") if b.is_enabled()]
    assert buttons
    button = buttons[-1]
    fact = button.get_attribute("data-fact")
    segments = browser.find_elements(By.CSS_SELECTOR, f'#body .seg[data-facts~="{fact}"]')
    assert segments and not any("hl" in classes(s) for s in segments)
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert all("hl" in classes(s) for s in segments)
    assert in_view(browser, segments[0])
    start, end = button.get_attribute("data-spans").split()[0].split("-")
    assert browser.execute_script("return location.hash") == f"#span-{start}-{end}"
    # Only that fact's evidence is highlighted.
    lit = browser.find_elements(By.CSS_SELECTOR, "#body .seg.hl")
    assert {s.get_attribute("data-s") for s in lit} == {s.get_attribute("data-s") for s in segments}

    # Another fact, chosen by keyboard, moves the highlight.
    other = buttons[0]
    browser.execute_script("arguments[0].focus()", other)
    other.send_keys(Keys.SPACE)
    assert other.get_attribute("aria-pressed") == "true" and button.get_attribute("aria-pressed") == "false"
    mine = other.get_attribute("data-fact")
    for seg in browser.find_elements(By.CSS_SELECTOR, "#body .seg"):
        assert ("hl" in classes(seg)) == (mine in (seg.get_attribute("data-facts") or "").split())


def test_a_span_of_the_body_shows_the_facts_it_supports_by_click_and_by_keyboard(browser, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, base_url + "/articles/harbour-1")
    here = browser.find_element(By.ID, "here")
    assert not here.is_displayed()
    entity = browser.find_element(By.CSS_SELECTOR, "#body .seg.k-entity[tabindex]")
    entity.click()
    assert here.is_displayed()
    listed = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#here-list button")]
    assert any(entity.text in label for label in listed)
    assert len(listed) == len(entity.get_attribute("data-facts").split())

    trigger = browser.find_element(By.CSS_SELECTOR, "#body .seg.k-trigger[tabindex]")
    browser.execute_script("arguments[0].focus()", trigger)
    trigger.send_keys(Keys.ENTER)
    listed = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#here-list button")]
    assert any(label.startswith(("COERCE", "PROTEST")) for label in listed)
    # Choosing a listed fact selects it in the panel.
    browser.find_element(By.CSS_SELECTOR, "#here-list button").click()
    assert browser.find_elements(By.CSS_SELECTOR, "button.fact[aria-pressed='true']")
    assert browser.find_elements(By.CSS_SELECTOR, "#body .seg.hl")


def test_an_evidence_link_from_the_events_table_opens_the_highlighted_sentence(browser, base_url):
    from selenium.webdriver.common.by import By

    open_page(browser, base_url + "/events")
    link = browser.find_element(By.CSS_SELECTOR, "a.evidence-link")
    href = link.get_attribute("href")
    anchor = href.split("#")[1]
    link.click()
    wait_for(browser, f"return location.hash === '#{anchor}'")
    open_page(browser, href)
    lit = browser.find_elements(By.CSS_SELECTOR, "#body .seg.hl")
    start, end = (int(x) for x in anchor.removeprefix("span-").split("-"))
    assert lit
    for seg in lit:
        assert int(seg.get_attribute("data-s")) < end and int(seg.get_attribute("data-e")) > start
    assert in_view(browser, browser.find_element(By.ID, anchor)) or in_view(browser, lit[0])
    assert browser.find_element(By.ID, "here").is_displayed()


def test_a_link_to_a_span_no_anchor_names_highlights_exactly_that_text(browser, base_url, store):
    """A very long article shows only its first facts; a link to a later span still
    lands on exactly its characters (offsets in code points, as the server counts)."""
    from selenium.webdriver.common.by import By

    body = store.article("harbour-1")["article"]["body"]
    open_page(browser, base_url + "/articles/harbour-1")
    plain = browser.execute_script(
        "return [...document.querySelectorAll('#body > .seg:not([data-facts])')]"
        ".map(s => [+s.dataset.s, +s.dataset.e]).filter(([a, b]) => b - a >= 8)"
    )
    assert plain
    start, end = plain[0][0] + 2, plain[0][0] + 7
    open_page(browser, f"{base_url}/articles/harbour-1#span-{start}-{end}")
    mark = browser.find_element(By.ID, f"span-{start}-{end}")
    assert "hl" in classes(mark) and mark.text == body[start:end]
    assert [s.text for s in browser.find_elements(By.CSS_SELECTOR, "#body .hl")] == [body[start:end]]
    assert browser.find_element(By.ID, "body").text == body.strip()


# -- story, events, entity -------------------------------------------------------------------------


def test_story_page_shows_the_disagreement_and_unfolds_the_copies(browser, base_url, store):
    from selenium.webdriver.common.by import By

    (story,) = [s for s in store.stories(limit=0) if s["num_articles"] == 5]
    open_page(browser, f"{base_url}/stories/{story['id']}")
    claims = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".claim .claim-value")]
    assert "5" in claims and "7" in claims
    copy = browser.find_element(By.CSS_SELECTOR, 'details.copies a[href="/articles/copy-1"]')
    assert not copy.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "details.copies summary").click()
    assert copy.is_displayed()
    full = store.story(story["id"])
    events = browser.find_elements(By.CSS_SELECTOR, ".timeline-event")
    assert len(events) == len(full["events"])
    # The chart over the timeline: a dot per dated report, each a link to its sentence.
    wait_for(browser, "return document.getElementById('reports-chart').getAttribute('data-rendered') === 'true'")
    reports = [m for e in full["events"] for m in e["mentions"] if m["reported"]]
    dots = browser.find_elements(By.CSS_SELECTOR, '#reports-chart svg g[aria-label="dot"] a')
    assert len(dots) == len(reports)
    assert all("#span-" in d.get_dom_attribute("href") for d in dots)
    legend = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#reports-chart .chart-legend li")]
    assert legend == sorted({e["type"] for e in full["events"]})


def test_events_page_draws_a_bar_per_period_and_a_point_per_located_event(browser, base_url, store):
    from selenium.webdriver.common.by import By

    open_page(browser, base_url + "/events")
    wait_for(browser, "return document.getElementById('event-map').getAttribute('data-rendered') === 'true'")
    wait_for(browser, "return document.getElementById('series-chart').getAttribute('data-rendered') === 'true'")
    located = [e for e in store.corpus_events(limit=0) if e["latitude"] is not None and e["longitude"] is not None]
    assert located
    points = browser.find_elements(By.CSS_SELECTOR, '#event-map svg g[aria-label="dot"] circle')
    assert len(points) == len(located)
    assert browser.find_elements(By.CSS_SELECTOR, '#event-map svg g[aria-label="geo"] path')
    bars = browser.find_elements(By.CSS_SELECTOR, '#series-chart svg g[aria-label="rect"] rect')
    assert len(bars) == len(store.event_series(group_by="day"))
    # Each point is a link to its evidence; following one opens the highlighted sentence.
    links = browser.find_elements(By.CSS_SELECTOR, '#event-map svg g[aria-label="dot"] a')
    assert len(links) == len(located)
    href = links[0].get_dom_attribute("href")
    assert href.startswith("/articles/") and "#span-" in href
    open_page(browser, base_url + href)
    assert browser.find_elements(By.CSS_SELECTOR, "#body .seg.hl")

    # A bar opens its day's events.
    open_page(browser, base_url + "/events")
    wait_for(browser, "return document.getElementById('series-chart').getAttribute('data-rendered') === 'true'")
    bar = browser.find_element(By.CSS_SELECTOR, '#series-chart svg g[aria-label="rect"] a')
    day = store.event_series(group_by="day")[0]["period"]
    assert bar.get_dom_attribute("href") == f"/events?since={day}&until={day}"


def test_entity_page_draws_an_arrow_per_network_edge(browser, base_url, store):
    from selenium.webdriver.common.by import By

    entity_id = store.resolve_entity("Teodor Brannik")
    network = store.corpus_entity(entity_id)["network"]
    assert len(network) >= 3
    open_page(browser, f"{base_url}/entities/{entity_id}")
    wait_for(browser, "return document.getElementById('network').getAttribute('data-rendered') === 'true'")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#network svg line.edge")) == len(network)
    names = {e["source_name"] for e in network} | {e["target_name"] for e in network}
    labels = {t.text for t in browser.find_elements(By.CSS_SELECTOR, "#network svg text")}
    assert names <= labels
    linked = {e["source"] for e in network if e["source"] != entity_id} | {
        e["target"] for e in network if e["target"] and e["target"] != entity_id
    }
    assert len(browser.find_elements(By.CSS_SELECTOR, "#network svg a")) == len(linked)


# -- hostile articles ---------------------------------------------------------------------------------


def test_hostile_articles_open_no_alert_and_run_no_script(browser, base_url, store):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    stories = {store.article(i)["story_id"] for i in ("hostile-1", "hostile-2")}
    paths = ["/", "/search?q=strike", "/search?q=council", "/events", "/articles/hostile-1", "/articles/hostile-2"]
    paths += [f"/stories/{s}" for s in sorted(stories)]
    for path in paths:
        open_page(browser, base_url + path)
        wait_for(
            browser,
            "return [...document.querySelectorAll('[data-chart]')].every(f => f.hasAttribute('data-rendered'))",
        )
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert browser.execute_script("return typeof window.__pwned") == "undefined", path
        assert not browser.find_elements(By.CSS_SELECTOR, "main img, main iframe, main b, #body script")
    open_page(browser, base_url + "/articles/hostile-1")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("<script>window.__pwned=1</script>")
    assert "onerror=window.__pwned=1" in browser.find_element(By.ID, "body").text


# -- narrow screens --------------------------------------------------------------------------------


def test_pages_fit_a_390_px_screen_and_still_work(browser, base_url, store):
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)
    width = browser.execute_script("return window.innerWidth")
    (story,) = [s for s in store.stories(limit=0) if s["num_articles"] == 5]
    entity_id = store.resolve_entity("Teodor Brannik")
    for path in (
        "/",
        "/search?q=police",
        "/articles/harbour-1",
        f"/stories/{story['id']}",
        "/events",
        f"/entities/{entity_id}",
    ):
        open_page(browser, base_url + path)
        wait_for(
            browser,
            "return [...document.querySelectorAll('[data-chart]')].every(f => f.hasAttribute('data-rendered'))",
        )
        overflow = browser.execute_script("return document.documentElement.scrollWidth")
        assert overflow <= width, (path, overflow, width)
    open_page(browser, base_url + "/articles/harbour-1")
    body = browser.find_element(By.ID, "body").rect
    facts = browser.find_element(By.CSS_SELECTOR, "aside.facts").rect
    assert facts["y"] >= body["y"] + body["height"]  # the panel goes under the text
    button = browser.find_elements(By.CSS_SELECTOR, "button.fact")[-1]
    browser.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    lit = browser.find_elements(By.CSS_SELECTOR, "#body .seg.hl")
    assert lit and in_view(browser, lit[0])


def test_the_keyboard_reaches_the_content_and_the_facts(browser, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, base_url + "/articles/harbour-1")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.get_attribute("class") == "skip-link" and skip.is_displayed()
    skip.send_keys(Keys.ENTER)
    assert browser.execute_script("return location.hash") == "#main"
    # Tabbing on from the content reaches a highlighted span, then (past the body) a fact button.
    reached = []
    for _ in range(60):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        reached.append((active.tag_name, active.get_attribute("class") or ""))
        if active.tag_name == "button" and "fact" in reached[-1][1].split():
            active.send_keys(Keys.ENTER)
            break
    assert any(tag == "span" and "seg" in cls.split() for tag, cls in reached)
    assert browser.switch_to.active_element.get_attribute("aria-pressed") == "true"
    assert browser.find_elements(By.CSS_SELECTOR, "#body .seg.hl")
