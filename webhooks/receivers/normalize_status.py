"""Status-page payloads (Uptime Kuma, Cachet 3, Statuspage) -> IncidentUpdated events."""

from __future__ import annotations

from bot.events import IncidentUpdated
from bot.incoming import Incoming
from webhooks.receivers.payload import integer, items, obj, optional_int, parse_json, text, texts

KUMA_STATUS = {0: "investigating", 1: "resolved", 3: "maintenance"}
KUMA_PENDING = 2
CACHET_INCIDENT = {
    0: "scheduled",
    1: "investigating",
    2: "identified",
    3: "monitoring",
    4: "resolved",
}
CACHET_COMPONENT = {1: "resolved", 2: "investigating", 3: "investigating", 4: "investigating"}
STATUSPAGE_COMPONENT = {
    "operational": "resolved",
    "degraded_performance": "investigating",
    "partial_outage": "investigating",
    "major_outage": "investigating",
    "under_maintenance": "maintenance",
}


def normalize_uptime_kuma(body: bytes) -> Incoming:
    """Uptime Kuma: {heartbeat, monitor, msg}; a test message has neither."""
    data = parse_json(body)
    base = {"source": "uptime-kuma"}
    if not data.get("heartbeat") or not data.get("monitor"):
        key = f"test:{text(data, 'msg')[:200]}"
        return Incoming(**base, kind="test", semantic_key=key, ignored_reason="test message")
    beat, monitor = obj(data, "heartbeat", ""), obj(data, "monitor", "")
    monitor_id = integer(monitor, "id", "monitor.")
    status = integer(beat, "status", "heartbeat.")
    key = f"monitor:{monitor_id}:{text(beat, 'time')}:{status}"
    if status == KUMA_PENDING or status not in KUMA_STATUS:
        return Incoming(**base, kind="heartbeat", semantic_key=key, ignored_reason="pending")
    event = IncidentUpdated(
        system="uptime-kuma",
        external_id=f"monitor:{monitor_id}",
        title=text(monitor, "name"),
        status=KUMA_STATUS[status],
        message=text(beat, "msg") or text(data, "msg"),
        components=(text(monitor, "name"),),
        updated_at=text(beat, "time"),
        url=text(monitor, "url"),
    )
    return Incoming(**base, kind="heartbeat", semantic_key=key, event=event, raw_body=body)


def normalize_cachet(body: bytes) -> Incoming:
    """Cachet 3: {id, event, created_at, data}."""
    data = parse_json(body)
    name = text(data, "event")
    delivery = text(data, "id") or None
    payload = obj(data, "data", "")
    base = {"source": "cachet", "kind": name, "delivery_id": delivery}
    if name.startswith("incident"):
        incident_id = integer(payload, "id", "data.")
        status = CACHET_INCIDENT.get(optional_int(payload, "status", "data.") or 1, "investigating")
        event = IncidentUpdated(
            system="cachet",
            external_id=f"incident:{incident_id}",
            title=text(payload, "name"),
            status=status,
            message=text(payload, "message"),
            components=_ids(payload.get("component_id")),
            started_at=text(payload, "occurred_at") or text(payload, "created_at"),
            updated_at=text(payload, "updated_at"),
        )
        key = f"{name}:{incident_id}:{event.updated_at}:{status}"
        return Incoming(**base, semantic_key=key, event=event, raw_body=body)
    if name == "component_status_changed":
        component = integer(payload, "component_id", "data.")
        status = CACHET_COMPONENT.get(
            optional_int(payload, "new_status", "data.") or 1, "investigating"
        )
        event = IncidentUpdated(
            system="cachet",
            external_id=f"component:{component}",
            title=f"component {component}",
            status=status,
            components=(str(component),),
            updated_at=text(data, "created_at"),
        )
        key = f"{name}:{component}:{text(data, 'created_at')}:{status}"
        return Incoming(**base, semantic_key=key, event=event, raw_body=body)
    key = f"{name}:{delivery}"
    return Incoming(**base, semantic_key=key, ignored_reason="unhandled event type")


def _ids(value) -> tuple[str, ...]:
    return (str(value),) if value not in (None, "") else ()


def normalize_statuspage(body: bytes) -> Incoming:
    """Statuspage: an incident update or a component status update."""
    data = parse_json(body)
    base = {"source": "statuspage"}
    if isinstance(data.get("incident"), dict):
        incident = data["incident"]
        incident_id = text(incident, "id") or text(incident, "name")
        updates = items(incident, "incident_updates")
        latest = updates[0] if updates and isinstance(updates[0], dict) else {}
        event = IncidentUpdated(
            system="statuspage",
            external_id=f"incident:{incident_id}",
            title=text(incident, "name"),
            status=text(incident, "status", "investigating"),
            message=text(latest, "body"),
            components=texts(incident, "components"),
            started_at=text(incident, "created_at"),
            updated_at=text(incident, "updated_at"),
            resolved_at=text(incident, "resolved_at"),
            url=text(incident, "shortlink"),
        )
        key = f"incident:{incident_id}:{event.updated_at}:{event.status}"
        return Incoming(
            **base, kind="incident_update", semantic_key=key, event=event, raw_body=body
        )
    component = obj(data, "component", "")
    update = data.get("component_update") if isinstance(data.get("component_update"), dict) else {}
    new_status = text(update, "new_status") or text(component, "status")
    event = IncidentUpdated(
        system="statuspage",
        external_id=f"component:{text(component, 'id')}",
        title=text(component, "name"),
        status=STATUSPAGE_COMPONENT.get(new_status, "investigating"),
        components=(text(component, "name"),),
        updated_at=text(component, "updated_at"),
    )
    key = f"component:{text(component, 'id')}:{text(update, 'id') or event.updated_at}"
    return Incoming(**base, kind="component_update", semantic_key=key, event=event, raw_body=body)
