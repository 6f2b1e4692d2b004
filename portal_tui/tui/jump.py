"""`/`: jump to any setting by label or key, with the command palette's fuzzy matching."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..model.catalog import SETTINGS


class SettingsJump(Provider):
    """Every setting, found by its label, key or tab."""

    def _jump(self, key: str) -> None:
        self.app.jump_to(key)  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, info in SETTINGS.items():
            text = f"{info.label}  {key}"
            score = max(matcher.match(info.label), matcher.match(key))
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._jump, key), text=text,
                          help=f"{info.meta.tab.title}: {info.meta.help[:70]}")

    async def discover(self) -> Hits:
        for key, info in SETTINGS.items():
            yield DiscoveryHit(f"{info.label}  {key}", partial(self._jump, key),
                               help=info.meta.tab.title)
