"""Keys as a slow link delivers them: Escape arriving together with the next key is Escape, then that key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .compat import XTermParser, install_parser, kitty_keys_disabled

ESC = "\x1b"
INTRODUCERS = "[O"
"""What follows ESC in the sequences a terminal sends (CSI and SS3): kept as they are."""
ESCAPE_KEY = "[27u"
"""Appended to a lone ESC it makes CSI 27 u, the Escape key in the kitty keyboard protocol,
which Textual's parser reads as Escape at once instead of waiting for more of a sequence."""
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


class EscapeSplitter:
    """Rewrites terminal input so that ESC followed by a key that starts no sequence is the
    Escape key and then that key.

    Textual reads ESC + "j" as the start of an escape sequence, collects up to 32 more
    characters looking for one, then types them all with the ESC shown as "^": over SSH,
    ``Acme Escape j`` arriving in one read wrote ``Acme^j`` into a text field and ate the
    keys after it. portal-tui binds no alt+key, so ESC + key is always Escape, then the key.
    Pasted text (between bracketed-paste markers) is left alone.
    """

    def __init__(self) -> None:
        self.pending = False
        """The last chunk ended in ESC: the next chunk's first character decides."""
        self.pasting = False

    def __call__(self, data: str) -> str:
        out: list[str] = []
        if self.pending and data:
            self.pending = False
            if not self.pasting and data[0] not in INTRODUCERS and data[0] != ESC:
                out.append(ESCAPE_KEY)
        i, size = 0, len(data)
        while i < size:
            ch = data[i]
            if ch != ESC:
                out.append(ch)
                i += 1
                continue
            for marker, pasting in ((PASTE_START, True), (PASTE_END, False)):
                if data.startswith(marker, i):
                    self.pasting = pasting
                    out.append(marker)
                    i += len(marker)
                    break
            else:
                out.append(ch)
                i += 1
                if self.pasting:
                    continue
                if i == size:
                    self.pending = True
                elif data[i] not in INTRODUCERS and data[i] != ESC:
                    out.append(ESCAPE_KEY)
        return "".join(out)


class BurstParser(XTermParser):
    """Textual's parser, fed through an EscapeSplitter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._split = EscapeSplitter()

    def feed(self, data: str) -> Iterable[Any]:
        return super().feed(self._split(data) if data else data)

    def tick(self) -> Iterable[Any]:
        """A lone ESC that waited ESCDELAY with nothing after it is the Escape key by Textual's
        own timeout: the splitter must not complete it again when the next key arrives (it
        typed ``[27u`` as four keys: ``[`` ``2`` ``7`` ``u``, switching tabs by itself)."""
        for token in super().tick():
            self._split.pending = False
            yield token


def install() -> bool:
    """Make the Linux driver read keys through BurstParser. Returns False where that cannot
    work: Textual told not to read the kitty protocol, or a driver without that parser."""
    if kitty_keys_disabled():
        return False
    return install_parser(BurstParser)
