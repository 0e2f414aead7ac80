"""Set linking's peer offset and thresholds on one part of the dev scenario; measure the other.

    python bench/incidents_tuning.py [--split 2026-11-14T00:00:00Z] [--no-write]

The dev scenario (../shared/eval/incidents) is cut in time: the incidents and reports before
the split (9 to 13 November: four incidents, two of them overlapping) are the tuning part,
the rest (two incidents) is held out. The weights of bot/incidents/linking.py are set by
design; from the tuning part alone come:

- the peer offset: how much more a report resembles the reports of an incident it does not
  belong to than that incident's own text (their mean difference);
- the thresholds: between the best score of a report that belongs to no incident (or to
  another) and the lowest score of a report that belongs, proposals start at a third of the
  gap and automatic links at two thirds (counting, for these, only the wrong reports that
  no service or symptom contradicts: the others are never linked automatically).

Both parts, and the whole, are then measured with the replay of `coopbot eval-incidents`;
then the same is done the other way round (tuned on the later part) as a check. Results go
to bench/RESULTS.md, section "Incidents: linking quality".
"""

from __future__ import annotations

import argparse
import datetime
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import publish  # noqa: E402
from bot.clock import parse_time  # noqa: E402
from bot.incidents import linking  # noqa: E402
from bot.incidents.catalogue import load_catalogue  # noqa: E402
from bot.incidents.evaluation import Scenario, evaluate  # noqa: E402
from bot.incidents.model import IncidentKind, IncidentRow, IncidentStatus, UpdateRow  # noqa: E402
from bot.incidents.reading import reader_for  # noqa: E402
from bot.settings import Settings  # noqa: E402
from knowledge import KnowledgeBase, load_markdown_folder  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"


@dataclass(frozen=True)
class Pair:
    """A report against one incident open when it was written: the parts of its score."""

    item: tuple[str, int]
    incident: str
    similarity: float  # with the incident's text
    peer: float | None  # with the centre of the reports written before that belong to it
    shared: float
    symptom: int  # +1 agree, -1 conflict, 0 unknown
    service: int  # -1 other services, 0 otherwise
    grace: float


def pairs(scenario: Scenario, rd) -> list[Pair]:
    """Read every report, and every incident as it stood when the report was written; the
    reports before it that belong to an incident stand for the ones the bot linked."""
    out = []
    items = [(("topic", t["topic_id"]), t, ()) for t in scenario.threads]
    items += [(("ticket", t["ticket_id"]), t, t.get("tags", ())) for t in scenario.tickets]
    items.sort(key=lambda i: i[1]["created_at"])
    linked: dict[str, list] = {}
    for key, item, tags in items:
        written = parse_time(item["created_at"])
        reading, _ = rd.report(item["title"], item["body"], hints=rd.catalogue.for_tags(tags))
        for incident in scenario.incidents:
            open_incident = _open_at(rd, incident, written)
            if open_incident is None or not linking.in_window(written, open_incident):
                continue
            s = linking.score(reading, written, open_incident)
            peers = linked.get(incident["id"])
            peer = float(reading.vector @ linking.centre(peers)) if peers else None
            out.append(
                Pair(
                    key,
                    incident["id"],
                    s.similarity,
                    peer,
                    s.lexical / linking.LEXICAL_WEIGHT,
                    (s.symptom > 0) - (s.symptom < 0),
                    -1 if s.service < 0 else 0,
                    s.grace,
                )
            )
        if item.get("expected_incident"):
            linked.setdefault(item["expected_incident"], []).append(reading.vector)
    return out


def _open_at(rd, incident: dict, written) -> linking.OpenIncident | None:
    """The incident as the bot knew it when a report was written (None before it opened)."""
    said = [u for u in incident["updates"] if parse_time(u["at"]) <= written]
    if not said:
        said = incident["updates"][:1]  # the report waits for the opening, then is scored
    started = parse_time(incident["started_at"])
    resolved = parse_time(incident.get("resolved_at"))
    row = IncidentRow(
        id=hash(incident["id"]) % 10**6,
        forum="eval",
        kind=IncidentKind.INCIDENT,
        title=incident["title"],
        services=tuple(incident["services"]),
        status=IncidentStatus.INVESTIGATING,
        started_at=started,
        resolved_at=resolved,
        created_at=started,
        updated_at=started,
        topic_id=None,
        banner=False,
    )
    updates = [
        UpdateRow(
            id=n,
            forum="eval",
            incident_id=row.id,
            at=parse_time(u["at"]),
            status=IncidentStatus(u["status"]),
            message=u["message"],
            public=True,
            source_key=str(n),
        )
        for n, u in enumerate(said)
    ]
    return linking.OpenIncident(row.id, rd.incident(row, updates), started, resolved)


def peer_offset(scenario: Scenario, pairs_: list[Pair]) -> float:
    """How much more a report resembles the reports of an incident it does not belong to than
    that incident's own text: the mean over the tuning part."""
    expected = scenario.expected()
    gaps = [
        p.peer - p.similarity
        for p in pairs_
        if p.peer is not None and expected[p.item] != p.incident
    ]
    return round(sum(gaps) / len(gaps), 2) if gaps else linking.PEER_OFFSET


def best_scores(pairs_: list[Pair], offset: float) -> dict:
    """Each report's best incident, its score, and whether a service or symptom contradicts."""
    best: dict = {}
    for pair in pairs_:
        similarity = max(pair.similarity, (pair.peer or 0.0) - offset)
        total = (
            similarity
            + linking.LEXICAL_WEIGHT * pair.shared
            + linking.SYMPTOM_BONUS * pair.symptom
            + linking.SERVICE_PENALTY * pair.service
            + pair.grace
        )
        if pair.item not in best or total > best[pair.item][0]:
            best[pair.item] = (total, pair.incident, pair.symptom < 0 or pair.service < 0)
    return best


def thresholds(scenario: Scenario, pairs_: list[Pair], offset: float) -> tuple[float, float]:
    """Proposals from a third of the way between the best-scoring report that belongs to no
    incident (or another) and the lowest-scoring one that belongs; automatic links from two
    thirds, counting only the wrong reports nothing contradicts (the others never link)."""
    expected = scenario.expected()
    best = best_scores(pairs_, offset)
    right = [t for item, (t, inc, _) in best.items() if expected[item] == inc]
    wrong = [(t, odd) for item, (t, inc, odd) in best.items() if expected[item] != inc]
    high = min(right)
    low_propose = max((t for t, _ in wrong), default=0.0)
    low_auto = max((t for t, odd in wrong if not odd), default=0.0)
    propose = min(high, low_propose + (high - low_propose) / 3)
    auto = max(propose, low_auto + 2 * (high - low_auto) / 3)
    return round(propose, 2), round(auto, 2)


def part(scenario: Scenario, split, later: bool) -> Scenario:
    """The incidents and reports before the split, or from it (`later`)."""

    def keep(when: str) -> bool:
        return (parse_time(when) >= split) == later

    return Scenario(
        [i for i in scenario.incidents if keep(i["started_at"])],
        [t for t in scenario.threads if keep(t["created_at"])],
        [t for t in scenario.tickets if keep(t["created_at"])],
    )


def tune_and_measure(scenario, documents, rd, split, later: bool) -> tuple[dict, list]:
    """The values from one part, and the measures of both parts and the whole with them."""
    tune, held = part(scenario, split, later), part(scenario, split, not later)
    tuning_pairs = pairs(tune, rd)
    linking.PEER_OFFSET = offset = peer_offset(tune, tuning_pairs)
    propose, auto = thresholds(tune, tuning_pairs, offset)
    settings = Settings(
        secret_key="tuning", incident_propose_threshold=propose, incident_auto_threshold=auto
    )
    rows = [
        (name, evaluate(settings, sc, documents))
        for name, sc in (("tuning part", tune), ("held-out part", held), ("whole dev", scenario))
    ]
    return {"peer_offset": offset, "propose": propose, "auto": auto}, rows


def table(values: dict, rows: list) -> list[str]:
    """One direction's values and measures, in Markdown."""
    lines = [
        f"Peer offset {values['peer_offset']}, proposals from {values['propose']}, "
        f"automatic links from {values['auto']}.",
        "",
        "| part | automatic: precision | recall | tp/fp/fn | automatic + proposed: precision "
        "| recall | tp/fp/fn |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in rows:
        cells = " | ".join(
            f"{_f(m[k]['precision'])} | {_f(m[k]['recall'])} | "
            + "/".join(str(m[k][n]) for n in ("tp", "fp", "fn"))
            for k in ("auto", "auto_or_proposed")
        )
        lines.append(f"| {name} | {cells} |")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="2026-11-14T00:00:00Z")
    parser.add_argument("--no-write", action="store_true", help="leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)
    folder = SHARED / "incidents"
    scenario = Scenario.load(
        folder / "incidents.json", folder / "threads_dev.jsonl", folder / "tickets_dev.jsonl"
    )
    documents = load_markdown_folder(SHARED / "kb")
    rd = reader_for(KnowledgeBase.build(documents), load_catalogue())
    split = parse_time(args.split)
    lines = [
        "## Incidents: linking quality",
        "",
        f"`python bench/incidents_tuning.py` on {datetime.date.today().isoformat()}: the dev "
        f"scenario cut at {args.split}, the knowledge base of ../shared/eval/kb. Dev figures: "
        "acceptance uses a held-out set of the same kind.",
        "",
        "### Tuned on 9 to 13 November (the values in bot/incidents/linking.py)",
        "",
    ]
    lines += table(*tune_and_measure(scenario, documents, rd, split, later=False))
    lines += ["", "### Check: tuned on 14 to 23 November instead", ""]
    lines += table(*tune_and_measure(scenario, documents, rd, split, later=True))
    publish(lines, write=not args.no_write)
    return 0


def _f(value) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
