"""A digest as the Markdown of its forum topic, and as HTML for a volunteer's preview."""

from __future__ import annotations

import markdown as markdown_lib

from bot.digest.agenda import agenda_lines
from bot.digest.build import Digest, TopicLine
from bot.digest.text import day_range, duration, inert, long_date, long_datetime, safe_url
from bot.digest.values import Thanks
from bot.messages import say
from bot.privacy import redact_emails


def title(digest: Digest, language: str) -> str:
    """The topic's title: the same for every render of a week."""
    start, end = day_range(digest.week.monday, digest.week.sunday, language)
    return say("digest.title", language, start=start, end=end)


def markdown(digest: Digest, language: str) -> str:
    """The topic's body; sections with nothing to say are left out."""
    tz = digest.week.timezone
    start, end = (long_date(d, tz, language) for d in (digest.week.monday, digest.week.sunday))
    blocks = [say("digest.intro", language, start=start, end=f"{end} {digest.week.sunday.year}")]
    blocks += _figures(digest, language)
    blocks += _section("digest.active", _active(digest.active, language), language)
    blocks += _section("digest.solved", _solved(digest, language), language)
    blocks += _section("digest.waiting", _waiting(digest, language), language)
    blocks += _section("digest.incidents", _incidents(digest, language), language)
    blocks += _section("digest.coop", _coop(digest, language), language)
    names = _names(digest.welcome, language)
    welcome = [say("digest.welcome_text", language, names=names)] if digest.welcome else []
    blocks += _section("digest.welcome", welcome, language)
    blocks.append(f"*{say('digest.outro', language)}*")
    # The last guard: whatever slipped into a record, no address leaves the bot.
    return redact_emails("\n\n".join(blocks)) + "\n"


def html(digest: Digest, language: str) -> str:
    """The body as HTML, for a preview page; members' text stays escaped."""
    return markdown_lib.markdown(markdown(digest, language), extensions=["tables"])


def _section(heading: str, lines: list[str], language: str) -> list[str]:
    """A heading and its lines, or nothing."""
    return [say(heading, language), "\n".join(lines)] if lines else []


def _figures(digest: Digest, language: str) -> list[str]:
    """A table of figures, or a short list in a quiet week."""
    label = {f.key: say(f"digest.figure.{f.key}", language) for f in digest.figures}
    unknown = say("digest.unknown", language)
    shown = [
        (f.key, f.value, unknown if f.previous is None else f.previous) for f in digest.figures
    ]
    if digest.quiet:
        item = "digest.figure_item"
        rows = [say(item, language, label=label[k], value=v, previous=p) for k, v, p in shown]
        return [say("digest.quiet", language), "\n".join(rows)]
    rows = [say("digest.figures_header", language), "|---|---:|---:|"]
    rows += [f"| {label[k]} | {v} | {p} |" for k, v, p in shown]
    return [say("digest.figures", language), "\n".join(rows)]


def _active(lines: tuple[TopicLine, ...], language: str) -> list[str]:
    found = []
    for rank, t in enumerate(lines, start=1):
        key = "digest.active_item_people" if t.participants else "digest.active_item"
        values = {"title": inert(t.title), "url": t.url, "posts": t.posts}
        found.append(say(key, language, rank=rank, participants=t.participants, **values))
    return found


def _topics(lines, more: int, language: str) -> list[str]:
    found = [say("digest.topic_item", language, title=inert(t.title), url=t.url) for t in lines]
    return found + _more(more, language)


def _more(count: int, language: str) -> list[str]:
    """The line saying how many were left out, if any were."""
    if not count:
        return []
    return [say("digest.more_one" if count == 1 else "digest.more", language, count=count)]


def _solved(digest: Digest, language: str) -> list[str]:
    found = _topics(digest.solved, digest.more.get("solved", 0), language)
    if digest.helpers:
        found.append("\n" + say("digest.helpers", language, names=_thanks(digest.helpers)))
    if digest.deciders:
        found.append("\n" + say("digest.deciders", language, names=_thanks(digest.deciders)))
    return found


def _thanks(people: tuple[Thanks, ...]) -> str:
    return ", ".join(f"{inert(p.username)} ({p.count})" for p in people)


def _waiting(digest: Digest, language: str) -> list[str]:
    if not digest.waiting:
        return []
    tz = digest.week.timezone
    found = [say("digest.waiting_intro", language), ""]
    for t in digest.waiting:
        when = long_date(t.created_at, tz, language)
        found.append(
            say("digest.waiting_item", language, title=inert(t.title), url=t.url, date=when)
        )
    return found + _more(digest.more.get("waiting", 0), language)


def _incidents(digest: Digest, language: str) -> list[str]:
    tz, found = digest.week.timezone, []
    for i in digest.incidents:
        services = f" ({', '.join(inert(s) for s in i.services)})" if i.services else ""
        values = {"title": inert(i.title), "services": services}
        values["start"] = long_datetime(i.started_at, tz, language)
        if i.resolved_at is None:
            line = say("digest.incident_open", language, **values)
        else:
            values["end"] = long_datetime(i.resolved_at, tz, language)
            values["duration"] = duration(i.resolved_at - i.started_at, language)
            line = say("digest.incident_resolved", language, **values)
        if i.reports == 1:
            line += say("digest.incident_report", language)
        elif i.reports:
            line += say("digest.incident_reports", language, reports=i.reports)
        if link := safe_url(i.url):
            line += say("digest.link", language, url=link)
        found.append(line)
    return found


def _coop(digest: Digest, language: str) -> list[str]:
    found = _topics(digest.coop_topics, digest.more.get("coop_topics", 0), language)
    if digest.coming:
        tz, url = digest.week.timezone, digest.forum_url
        found += ([""] if found else []) + [say("digest.coming", language), ""]
        found += agenda_lines(digest.coming, digest.as_of, tz, language, url)
    return found


def _names(names: tuple[str, ...], language: str) -> str:
    """Ondine, LaRuche_Velo et tomtom_dev."""
    shown = [inert(n) for n in names]
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + say("digest.and", language) + shown[-1]
