"""How a live index is built: one value shared by its builders, its cache and its calibration."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.anchors import GITHUB


@dataclass(frozen=True)
class IndexOptions:
    """The encoder on or off, the coop's synonym file (empty: the default), the anchor style."""

    semantic: bool = True
    synonyms_file: str = ""
    anchor_style: str = GITHUB

    @classmethod
    def of(cls, settings) -> IndexOptions:
        """Return the options the settings ask for (COOPBOT_SYNONYMS_FILE, kb anchor style)."""
        return cls(True, settings.synonyms_file, settings.kb_anchor_style)
