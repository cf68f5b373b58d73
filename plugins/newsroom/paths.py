"""Paths in messages, as the editor knows them."""

from pathlib import Path


def shown_path(path: str | Path, root: Path | None) -> str:
    """``path`` relative to the project ``root`` when it lies inside, else as given."""
    path = Path(path)
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return path.as_posix()
