"""Is what `invoke publish` would deploy committed? Only then may it go live.

A deploy from a working tree with uncommitted or untracked content ships articles
nobody reviewed, and the next clean build (CI) takes them offline again. The check
asks git about the checkout that holds the content folder, and within it about every
input of the build (content, theme, plugins, settings); ignored files (output/,
cache/) do not count.
"""

import subprocess
from collections.abc import Iterable
from pathlib import Path


class NotACheckout(RuntimeError):
    """The content folder is not inside a git working tree."""


def checkout_of(path: Path) -> Path:
    """The top folder of the git working tree holding ``path``."""
    folder = path if path.is_dir() else path.parent
    result = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise NotACheckout(f"{path} is not in a git checkout")
    return Path(result.stdout.strip())


def uncommitted(content: Path, inputs: Iterable[Path]) -> list[str]:
    """Files below ``content`` and ``inputs`` (those inside the content's checkout) that
    are modified, added, deleted or untracked, as paths relative to the checkout."""
    top = checkout_of(content).resolve()
    inside = sorted(
        {
            str(p.resolve().relative_to(top))
            for p in (content, *inputs)
            if p.exists() and p.resolve().is_relative_to(top)
        }
    )
    result = subprocess.run(
        [
            "git",
            "-C",
            str(top),
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--",
            *inside,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    entries = [e for e in result.stdout.split("\0") if e]
    files, skip = [], False
    for entry in entries:
        if skip:  # the source path of a rename
            skip = False
            continue
        files.append(entry[3:])
        skip = entry[0] in "RC"
    return sorted(files)
