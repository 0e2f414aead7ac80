"""Settings: the only reader of the environment."""

from bot.settings.checks import DEFAULT_DATABASE_URL, LANGUAGES
from bot.settings.model import SECRET_FIELDS, Settings
from bot.settings.reading import SettingsError

__all__ = ["DEFAULT_DATABASE_URL", "LANGUAGES", "SECRET_FIELDS", "Settings", "SettingsError"]
