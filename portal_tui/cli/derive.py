"""``python -m portal_tui.cli.derive``: rewrite model/declared.py from the models, atomically.

The table is generated text; a shell redirect (``> declared.py``) empties the file first, so a
generation that fails halfway left the editor without its settings. This writes the new text
through a temporary file and replaces the old one only once it is whole and compiles.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ..model import derive

TARGET = Path(derive.__file__).with_name("declared.py")


def main() -> int:
    text = derive.source()
    if not text.startswith('"""Every setting as the models declare it.'):
        sys.stderr.write("derive: the generated table lost its header; declared.py left as it was\n")
        return 1
    compile(text, str(TARGET), "exec")  # a SyntaxError leaves declared.py as it was
    if TARGET.exists() and TARGET.read_text(encoding="utf-8") == text:
        sys.stdout.write(f"{TARGET}: already what the models declare\n")
        return 0
    fd, temporary = tempfile.mkstemp(prefix=".declared.tmp-", dir=TARGET.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, TARGET)  # not store.write: that loads the catalog, which reads the old table
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sys.stdout.write(f"{TARGET}: rewritten from the models\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
