"""A volunteer in Chromium: logs in through DiscourseConnect against the fake Discourse,
approves one suggestion, edits and approves one, rejects one; axe-core checks every page."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from bot.context import Context
from bot.forum.memory import MemoryForum
from tests.webhooks.triage.conftest import ask_questions
from webhooks.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = Path(__file__).resolve().parents[3] / "docs"
ARTIFACTS = Path(__file__).resolve().parents[3] / "tests" / "artifacts"
WIDTHS = (390, 1280)
BLOCKING = ("serious", "critical")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session: Debian's, driven by Playwright (no browser download)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(connect_settings, engine):
    """The web app served on a free port of 127.0.0.1, DiscourseConnect returning to it."""
    server = make_server("127.0.0.1", 0, lambda *_: [])
    base = f"http://127.0.0.1:{server.server_port}"
    forum = MemoryForum()
    # The page asks the forum whether a logged-in volunteer is still in a triage group.
    forum.add_user("vera", groups=("triage",))
    context = Context(connect_settings.with_(public_url=base), engine, forum)
    app = create_app(context=context)
    server.app = app
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, context, app.test_client()
    server.shutdown()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) reading French."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def check_accessibility(page) -> None:
    """axe-core on the page as it stands; serious or critical violations fail."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in BLOCKING
    ]
    assert blocking == [], f"{page.url}: {blocking}"


def screenshots(page, tmp_path: Path) -> None:
    """The queue at phone and desktop widths: test artifacts, and docs/ once (delete the
    copies there to take them again)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shot = tmp_path / f"triage-queue-{width}.png"
        page.screenshot(path=str(shot), full_page=False)
        shutil.copy(shot, ARTIFACTS / shot.name)
        if not (DOCS / shot.name).exists():
            shutil.copy(shot, DOCS / shot.name)
    page.set_viewport_size({"width": 1280, "height": 900})


def open_from_the_queue(page, base: str, fake, link: str, path: str) -> None:
    """Log in as vera through the fake Discourse, then follow a link of the queue's header."""
    fake.sso_user = "vera"
    page.goto(f"{base}/triage/login")
    page.get_by_role("link", name="Se connecter avec le forum").click()
    page.wait_for_url(f"{base}/triage/")
    page.get_by_role("link", name=link).click()
    page.wait_for_url(f"{base}/triage/{path}")


def test_the_login_page_is_accessible(page, site):
    base, _context, _client = site
    page.goto(f"{base}/triage/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    check_accessibility(page)


def test_a_volunteer_triages_three_suggestions(page, site, fake_discourse, tmp_path):
    from bot.suggestions import queries

    base, context, client = site
    ask_questions(context, client)
    fake_discourse.sso_user = "vera"
    page.goto(f"{base}/triage/")
    check_accessibility(page)  # the login page
    page.get_by_role("link", name="Se connecter avec le forum").click()
    page.wait_for_url(f"{base}/triage/")
    assert page.locator("article.suggestion").count() == 5
    check_accessibility(page)
    screenshots(page, tmp_path)

    # approve the first by keyboard: j moves to it, a approves
    first = page.locator("article.suggestion").first.get_attribute("id")
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_selector(".flash.ok")
    check_accessibility(page)

    # edit and approve the next one, the preview refreshing as the volunteer types
    second = page.locator("article.suggestion").first.get_attribute("id")
    page.locator(f"#{second}").get_by_role("link", name="Modifier").click()
    page.fill("#text", "Bonjour,\n\nvoici **la bonne page** : https://doc.demo.coop/web")
    page.wait_for_selector("#preview strong")
    assert page.inner_text("#preview strong") == "la bonne page"
    check_accessibility(page)
    page.get_by_role("button", name="Approuver cette réponse").click()
    page.wait_for_selector(".flash.ok")

    # reject the next one with a reason
    third = page.locator("article.suggestion").first
    third_id = third.get_attribute("id")
    third.get_by_label("Raison").select_option("wrong_article")
    third.get_by_role("button", name="Rejeter").click()
    page.wait_for_selector(".flash.ok")
    assert page.locator("article.suggestion").count() == 2
    check_accessibility(page)

    decided = {
        i: queries.get(context.engine, "default", int(i[1:])).status
        for i in (first, second, third_id)
    }
    assert decided == {first: "approved", second: "approved", third_id: "rejected"}


def test_a_volunteer_publishes_the_digest_waiting_for_review(page, site, fake_discourse):
    from bot.digest import runs
    from bot.digest.runs import RunStatus

    base, context, _client = site
    context.forum.add_category("Vie de la coop", slug="vie")
    context.settings = context.settings.with_(digest_category="vie", digest_review=True)
    with context.engine.begin() as conn:
        run = runs.claim(conn, "default", "2026-W02")
        runs.settle(conn, run.id, RunStatus.REVIEW, title="La semaine", raw="Bonjour **à tous**")
    open_from_the_queue(page, base, fake_discourse, "1 résumé à relire", "digest")
    assert page.locator(".preview strong").inner_text() == "à tous"
    check_accessibility(page)
    page.get_by_label("Résumé (Markdown)").fill("Bonjour à toutes et à tous")
    page.get_by_role("button", name="Publier ce résumé").click()
    page.wait_for_selector(".flash.ok")
    check_accessibility(page)
    with context.engine.connect() as conn:
        done = runs.load(conn, "default", "2026-W02")
    assert (done.status, done.decided_by, done.raw) == (
        RunStatus.QUEUED,
        "vera",
        "Bonjour à toutes et à tous",
    )


def test_a_volunteer_accepts_a_proposed_link_and_reopens_an_incident(page, site, fake_discourse):
    from bot.clock import utcnow
    from bot.incidents import actions, queries
    from bot.incidents.actions import Change
    from bot.incidents.model import IncidentStatus, ReportKind
    from bot.incidents.reports import NewReport, consider

    base, context, _client = site
    # thresholds under which a matching topic is proposed, never linked by the bot alone
    context.settings = context.settings.with_(
        incident_auto_threshold=0.99, incident_propose_threshold=0.05
    )
    incident = actions.open_incident(
        context,
        title="Retards de réception des courriels",
        services=("mail",),
        change=Change(IncidentStatus.INVESTIGATING, "Les courriels arrivent en retard."),
    )
    body = "Bonjour, je ne reçois plus aucun courriel depuis ce matin."
    topic = NewReport(ReportKind.TOPIC, "discourse", 4101, utcnow(), "Plus rien ne m'arrive", body)
    consider(context, topic)
    older = actions.open_incident(
        context, title="Sites lents", services=("web",), change=Change(None, "Lenteurs.")
    )
    actions.resolve_incident(context, older.id, "C'est réparé.")
    # a title without spaces, wider than a phone: it wraps instead of widening the page
    long = "https://status.example.coop/incidents/" + "webmail_roundcube_" * 4
    actions.open_incident(context, title=long, services=("mail",), change=Change(None, "x"))
    open_from_the_queue(page, base, fake_discourse, "2 incidents ouverts", "incidents")
    check_accessibility(page)
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Accepter (topic 4101)").click()
    page.wait_for_selector(".flash.ok")
    check_accessibility(page)
    page.get_by_role("button", name="Rouvrir cet incident").click()
    page.wait_for_selector(".flash.ok")
    found = queries.detail(context.engine, "default", incident.id)
    assert [(link["state"], link["decided_by"]) for link in found["links"]] == [
        ("accepted", "vera")
    ]
    assert queries.detail(context.engine, "default", older.id)["status"] == "investigating"
