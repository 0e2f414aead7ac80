"""What the bot says about an incident, in the coop's language and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.incidents.catalogue import Catalogue
from bot.incidents.model import IncidentKind, IncidentRow, IncidentStatus, UpdateRow
from bot.messages import say


@dataclass(frozen=True)
class Voice:
    """The language, time zone and catalogue every incident text is written with."""

    language: str
    timezone: str
    catalogue: Catalogue
    status_page_url: str = ""
    forum_url: str = ""

    def when(self, moment: datetime) -> str:
        """A moment in the coop's time zone: "12/11 à 14:05"."""
        local = moment.astimezone(ZoneInfo(self.timezone))
        parts = {"day": local.day, "month": local.month, "hour": local.hour, "minute": local.minute}
        return say("incident.date", self.language, **parts)

    def services(self, services) -> str:
        """The services' names, or "one of our services"."""
        names = self.catalogue.names(services, self.language)
        return names or say("incident.services_unknown", self.language)

    def titled(self, key: str, services) -> str:
        """A title the bot gives an incident from its services: "Panne détectée : messagerie"."""
        return say(key, self.language, services=self.services(services))

    def status(self, status: IncidentStatus) -> str:
        return say(f"incident.status.{status}", self.language)

    def follow_url(self, incident: IncidentRow) -> str:
        """Where a member can follow the incident: its topic, else the status page."""
        if incident.topic_id and self.forum_url:
            return f"{self.forum_url.rstrip('/')}/t/{incident.topic_id}"
        return self.status_page_url

    def notice(self, incident: IncidentRow) -> str:
        """The one notice a linked thread gets."""
        url = self.follow_url(incident)
        follow = say("incident.follow", self.language, url=url) if url else ""
        key = "incident.notice_maintenance" if _maintenance(incident) else "incident.notice"
        return say(
            key,
            self.language,
            services=self.services(incident.services),
            title=incident.title,
            since=self.when(incident.started_at),
            follow=follow,
        )

    def follow_up(self, incident: IncidentRow, update: UpdateRow) -> str:
        """A public update, or the resolution with an invitation to say if it still fails."""
        if update.status is not IncidentStatus.RESOLVED:
            status = self.status(update.status)
            return say(
                "incident.update",
                self.language,
                title=incident.title,
                status=status,
                message=update.message,
            )
        key = "incident.resolved_maintenance" if _maintenance(incident) else "incident.resolved"
        until = self.when(incident.resolved_at or update.at)
        values = {"title": incident.title, "since": self.when(incident.started_at)}
        message = f" {update.message}" if update.message else ""
        return say(key, self.language, until=until, message=message, **values)

    def ticket_note(self, incident: IncidentRow, update: UpdateRow | None = None) -> str:
        """The internal note of a linked ticket: the link, then each follow-up."""
        values = {"id": incident.id, "title": incident.title}
        if update is None:
            return say(
                "incident.ticket_note",
                self.language,
                since=self.when(incident.started_at),
                **values,
            )
        return say(
            "incident.ticket_update",
            self.language,
            status=self.status(update.status),
            at=self.when(update.at),
            message=f" {update.message}" if update.message else "",
            **values,
        )

    def topic(self, incident: IncidentRow, first: UpdateRow | None) -> tuple[str, str]:
        """The incident's own topic: title and first post."""
        title = say("incident.topic_title", self.language, title=incident.title)
        body = say(
            "incident.topic_body",
            self.language,
            title=incident.title,
            services=self.services(incident.services),
            since=self.when(incident.started_at),
            status=self.status(incident.status),
            message=first.message if first else "",
        )
        return title, body.strip()

    def topic_update(self, update: UpdateRow) -> str:
        """A reply in the incident's own topic."""
        status, at = self.status(update.status), self.when(update.at)
        return say(
            "incident.topic_update", self.language, status=status, at=at, message=update.message
        )


def _maintenance(incident: IncidentRow) -> bool:
    return incident.kind is IncidentKind.MAINTENANCE


def voice(settings, catalogue: Catalogue) -> Voice:
    """The voice the settings ask for."""
    return Voice(
        settings.language,
        settings.timezone,
        catalogue,
        settings.status_page_url,
        settings.discourse_url,
    )
