"""The focused setting's help at the bottom of the editor, fitted to its lines, facts first."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from ...model.display import shown
from ...model.meta import SettingInfo
from ...model.visible import has_hidden
from .quiet import QuietText


class HelpArea(QuietText):
    """The focused row's help at the bottom of the editor, fitted to its lines: the title,
    the help text in the room the facts leave, then the facts, which come first for room
    (why the setting does not apply, its default, what Stripe receives: a support agent
    needs them whole). A cut ends in "… (? shows all)", and `?` shows everything."""

    MORE = " … (? shows all)"

    def show(self, title: Content, facts: str, text: str) -> None:
        width = max(20, self.content_region.width or self.app.size.width - 2)
        height = max(1, self.content_region.height or 4)
        fact_lines = Content(facts).wrap(width) if facts else []
        room = height - 1
        facts_room = min(len(fact_lines), room)
        if text and facts_room == room:  # no room left for the help text: say where it is
            title = title + Content.styled("  ? shows the help", "italic")
        lines = [title.truncate(width, ellipsis=True)]
        lines += self.cut(text, room - facts_room, width)
        lines += self.cut(facts, facts_room, width)
        self.update(Content("\n").join(lines))

    def cut(self, text: str, room: int, width: int) -> list[Content]:
        """``text`` wrapped into ``room`` lines; when it needs more, the last one ends at a
        word with the note that `?` shows the rest."""
        lines = Content(text).wrap(width) if text else []
        if len(lines) <= room:
            return lines
        if room <= 0:
            return []
        kept = lines[: room - 1]
        rest = " ".join(text.split()[sum(len(line.plain.split()) for line in kept) :])
        last = Content(rest).wrap(width - len(self.MORE))[0].rstrip()
        return [*kept, last + Content(self.MORE)]


def facts(info: SettingInfo, values: dict[str, Any]) -> str:
    """What must be readable about a setting besides its help: why it does not apply now,
    its default, and what Stripe receives (or where it is set instead)."""
    why = info.not_applicable(values)
    where = (
        f"Stripe: {info.meta.stripe}"
        if info.meta.stripe
        else f"Not sent to Stripe; set in {info.meta.elsewhere}"
        if info.meta.elsewhere
        else "Kept in this file only"
    )
    value = values.get(info.key)
    words = info.meta.words and (value if isinstance(value, list) else [value])
    api = f" Value in the file: {shown(value)}." if words and any(info.word(v) != v for v in words) else ""
    default = shown(info.default)
    if info.meta.words and isinstance(info.default, str) and info.word(info.default) != info.default:
        default = f"{info.word(info.default)} ({info.default})"  # the row's words, then the file's
    hidden = (
        " Each \\uXXXX is one hidden character the file holds, kept unless you edit it."
        if isinstance(value, str) and has_hidden(value)
        else ""
    )
    return f"{f'Not applicable: {why} (g goes there). ' if why else ''}Default {default}. {where}.{api}{hidden}"
