"""Regenerate the explorer's screenshots in this folder.

    python docs/screenshots/capture.py            # an invented demo corpus
    python docs/screenshots/capture.py --db PATH  # your own store

It starts the explorer on a free loopback port, opens each page in Debian's
headless Chromium (/usr/bin/chromium with /usr/bin/chromedriver) at 1280 px
wide, and the article page again at 390 px, and saves PNGs beside this file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.browser import browser, corpus  # noqa: E402
from tests.browser.server import serving  # noqa: E402

from newsgraph.store import Store  # noqa: E402

WIDE = (1280, 1000)
NARROW = (390, 844)


def settle(driver) -> None:
    """Wait until app.js ran and every chart on the page is drawn (or said why not)."""
    deadline = time.monotonic() + 15
    script = (
        "return document.documentElement.getAttribute('data-ready') === 'true' &&"
        " [...document.querySelectorAll('[data-chart]')].every(f => f.hasAttribute('data-rendered'))"
    )
    while not driver.execute_script(script):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{driver.current_url} did not finish drawing")
        time.sleep(0.1)


def shoot(driver, url: str, name: str, size: tuple[int, int], then=None) -> Path:
    driver.set_window_size(*size)
    driver.get(url)
    settle(driver)
    if then is not None:
        then(driver)
    elif size == WIDE:
        # The whole page, up to a limit that keeps the PNG small.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(size[0], min(max(height, size[1]), 1400))
        settle(driver)
    driver.execute_script("document.activeElement && document.activeElement.blur && document.activeElement.blur()")
    time.sleep(0.2)
    out = HERE / f"{name}.png"
    driver.save_screenshot(str(out))
    print(f"{out.relative_to(HERE.parents[1])}: {out.stat().st_size // 1024} KB")
    return out


def pick_fact(driver) -> None:
    """Select the article's first event, as a reader clicking it would."""
    from selenium.webdriver.common.by import By

    events = driver.find_elements(By.CSS_SELECTOR, ".kind-event button.fact")
    (events or driver.find_elements(By.CSS_SELECTOR, "button.fact"))[0].click()
    driver.execute_script("window.scrollTo(0, 0)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a newsgraph database (default: the invented demo corpus)")
    args = parser.parse_args()
    why = browser.missing()
    if why:
        print(f"capture.py: {why}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else corpus.build(Path(tmp), hostile=False)
        with Store(db, read_only=True) as store:
            stories = sorted(store.stories(limit=0), key=lambda s: -s["num_sources"])
            story = stories[0]["id"]
            article = story_article = stories[0]["articles"][0]
            entities = store.corpus_entities(limit=0, mentions=False)
            entity = max(entities, key=lambda e: len(store.corpus_entity(e["id"])["network"]))["id"]
            word = (store.article(story_article)["article"].get("title") or "police").split()[0]
        with serving(db, corpus.SETTINGS) as url:
            driver = browser.chrome(Path(tmp) / "profile")
            try:
                shoot(driver, url + "/", "home", WIDE)
                shoot(driver, f"{url}/search?q={word}", "search", WIDE)
                shoot(driver, f"{url}/articles/{article}", "article", WIDE, then=pick_fact)
                shoot(driver, f"{url}/stories/{story}", "story", WIDE)
                shoot(driver, url + "/events", "events", WIDE)
                shoot(driver, f"{url}/entities/{entity}", "entity", WIDE)
                shoot(driver, f"{url}/articles/{article}", "article-390", NARROW)
            finally:
                driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
