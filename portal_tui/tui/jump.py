"""Command palette providers: `/` jumps to any setting; the theme picker previews themes."""

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


class ThemePicker(Provider):
    """Every theme, previewed as it is highlighted (the app applies and reverts it)."""

    def _names(self) -> list[str]:
        return sorted(self.app.available_themes)

    def _choose(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        for name in self._names():
            yield DiscoveryHit(name, lambda n=name: self._choose(n), text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), lambda n=name: self._choose(n), text=name)
