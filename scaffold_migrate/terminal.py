"""Where the tool's messages go: through rich on a terminal (or with colour forced),
as plain lines otherwise, so that a run in pre-commit or CI, whose output is a pipe,
never imports rich."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text


class Styled:
    """A line made of pieces, each with a rich style ("bold green"), that need not
    import rich to be written plain."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.parts: list[tuple[str, str]] = [(text, style)] if text else []

    def append(self, text: str, style: str = "") -> Styled:
        self.parts.append((text, style))
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)

    def to_rich(self) -> Text:
        from rich.text import Text

        text = Text()
        for piece, style in self.parts:
            text.append(piece, style=style or None)
        return text


class Output:
    """One stream's messages: styled on a terminal (unless --no-color or NO_COLOR),
    or when colour is forced; plain text, unwrapped, otherwise."""

    def __init__(self, file: TextIO, color: bool | None) -> None:
        self.file = file
        self.no_color = color is False or (color is None and bool(os.environ.get("NO_COLOR")))
        forced = color is True or (color is None and bool(os.environ.get("FORCE_COLOR")))
        self.is_terminal = forced or _isatty(file)
        self._color = False if self.no_color else (True if forced else None)
        self._rich: Console | None = None

    @property
    def rich(self) -> Console:
        """The rich console for what only rich draws (tables, the progress bar, the
        interactive review)."""
        if self._rich is None:
            self._rich = rich_console(self.file, self._color)
        return self._rich

    def print(self, line: str | Styled = "", style: str = "", end: str = "\n") -> None:
        """A line, never read as rich markup."""
        styled = line if isinstance(line, Styled) else Styled(line, style)
        if self.is_terminal and not self.no_color:
            self.rich.print(styled.to_rich(), end=end)
        else:
            self.file.write(styled.plain + end)

    def show(self, renderable: RenderableType) -> None:
        """Something rich draws: a table."""
        self.rich.print(renderable)


def rich_console(file: TextIO, color: bool | None) -> Console:
    """A rich console that styles only terminals (or when forced), prints plain text
    with --no-color or NO_COLOR (no bold either), and never wraps lines."""
    from rich.console import Console

    plain = color is False or (color is None and bool(os.environ.get("NO_COLOR")))
    return Console(
        file=file,
        force_terminal=True if color else None,
        color_system=None if plain else "auto",
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )


def _isatty(file: TextIO) -> bool:
    try:
        return file.isatty()
    except (AttributeError, ValueError):
        return False
