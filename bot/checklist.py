"""What a coop still has to do before the bot runs for real, in the order to do it."""

from __future__ import annotations

from bot.forum import categories
from bot.forum.client import Category
from bot.settings import Settings

SETUP = "docs/setup.md"


def todo(
    settings: Settings,
    *,
    schema: str,
    forum_error: str | None,
    support_problems: list[str],
    whispers_refused: str | None = None,
) -> list[str]:
    """The steps left, first to last; `schema` is ok, unreachable or outdated."""
    steps = [_database(schema, settings), _forum(settings, forum_error)]
    if not settings.discourse_webhook_secret:
        steps.append(
            "Create the Discourse webhook and set COOPBOT_DISCOURSE_WEBHOOK_SECRET to its "
            f"secret, 12 characters or more ({SETUP}, step 3)."
        )
    steps.append(_support(settings, support_problems))
    steps.append(_whispers(settings, whispers_refused))
    return [step for step in steps if step]


def _whispers(settings: Settings, refused: str | None) -> str:
    """The whisper group: a step for later until Discourse refuses a whisper, then a fix."""
    group = (
        f"put the API user ({settings.discourse_api_username}) in a group of Discourse's "
        f"whispers_allowed_groups ({SETUP}, step 4)"
    )
    if refused:
        return (
            f"Discourse refused the bot's whispers ({refused}): {group}, then run "
            "`coopbot suggestions resume-whispers`."
        )
    return f"(can come later) For whispers, {group}; coopbot learns it at its first whisper."


def support_problems(by_id: dict[int, Category], support: tuple[str, ...]) -> list[str]:
    """What is wrong with each COOPBOT_SUPPORT_CATEGORIES name the forum cannot use."""
    problems = []
    for name in support:
        found = categories.find(by_id, name)
        refusals = [categories.restriction(by_id, c.id) for c in found]
        if not found:
            problems.append(f"the forum has no category {name!r}")
        elif all(refusals):
            problems.append(refusals[0])
    return problems


def _database(schema: str, settings: Settings) -> str:
    if schema == "unreachable":
        url = settings.masked()["COOPBOT_DATABASE_URL"]
        return f"Make the database reachable: check COOPBOT_DATABASE_URL ({url})."
    if schema != "ok":
        return "Run `coopbot db upgrade`: the schema is missing or older than this coopbot."
    return ""


def _forum(settings: Settings, error: str | None) -> str:
    if settings.dry_run:
        return (
            "Set COOPBOT_DISCOURSE_URL, COOPBOT_DISCOURSE_API_KEY and "
            "COOPBOT_DISCOURSE_API_USERNAME (the key's user): until then the bot is a dry run "
            f"that posts nothing ({SETUP}, step 4)."
        )
    if error:
        return (
            "Fix COOPBOT_DISCOURSE_URL, COOPBOT_DISCOURSE_API_KEY or "
            f"COOPBOT_DISCOURSE_API_USERNAME: Discourse answered {error}"
        )
    if settings.discourse_api_username.lower() != settings.bot_username.lower():
        return (
            f"Make COOPBOT_DISCOURSE_API_USERNAME ({settings.discourse_api_username}) and "
            f"COOPBOT_BOT_USERNAME ({settings.bot_username}) the same user, a dedicated one: "
            f"the bot must recognise its own posts ({SETUP}, step 4)."
        )
    return ""


def _support(settings: Settings, problems: list[str]) -> str:
    if not settings.support_categories:
        until = "the dry run knows no category" if settings.dry_run else "every public one counts"
        return f"Set COOPBOT_SUPPORT_CATEGORIES to your support categories' slugs ({until})."
    if problems:
        return f"Fix COOPBOT_SUPPORT_CATEGORIES: {'; '.join(problems)}."
    return ""
