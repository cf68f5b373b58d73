"""Deploy a finished, checked build: to a local document root, with rsync, or to gh-pages.

Each target receives a complete build folder and never a half-built one; what a reader
sees switches from the old site to the new one in one step where the target allows it.
"""

import ctypes
import ctypes.util
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths atomically (Linux 3.15+)


class DeployError(RuntimeError):
    """The deployment failed; the message says where and why."""


def deploy_dir(build: Path, destination: Path, keep: int = 3) -> Path:
    """Publish ``build`` at ``destination`` (a web server's document root), atomically.

    The files are copied beside the destination first (``<destination>.releases/<id>``);
    then ``destination``, a symlink to the current release, is switched with one
    rename, so a reader gets either the old or the new site, never a mix. A plain
    folder found at ``destination`` (a first deploy) is exchanged with the symlink in
    one ``renameat2(RENAME_EXCHANGE)`` call. The last ``keep`` releases stay for a
    rollback; returns the new release folder.
    """
    destination = destination.absolute()
    releases = destination.with_name(destination.name + ".releases")
    releases.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    release = releases / stamp
    staging = Path(tempfile.mkdtemp(prefix=f".{stamp}-", dir=releases))
    try:
        shutil.copytree(build, staging, dirs_exist_ok=True, symlinks=True)
        staging.chmod(0o755)
        staging.rename(release)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise DeployError(f"Could not copy the build to {release}: {error}") from error

    link = destination.with_name(f".{destination.name}.{stamp}.link")
    link.symlink_to(release, target_is_directory=True)
    if destination.is_dir() and not destination.is_symlink():
        _exchange(link, destination)  # `link` now holds the old folder
        shutil.move(str(link), releases / f"{stamp}-before")
    else:
        link.replace(destination)
    _prune(releases, keep, current=release)
    return release


def _exchange(first: Path, second: Path) -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    at_fdcwd = -100
    result = libc.renameat2(
        at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), RENAME_EXCHANGE
    )
    if result != 0:
        error = ctypes.get_errno()
        raise DeployError(
            f"Could not swap {second} atomically ({os.strerror(error)}); make it a symlink "
            "to a folder, then deploy again"
        )


def _prune(releases: Path, keep: int, current: Path) -> None:
    folders = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in folders[:-keep] if keep else folders:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def deploy_rsync(build: Path, destination: str, ssh_port: int | None = None) -> None:
    """Mirror ``build`` to ``destination`` (``user@host:/path`` or a local path).

    ``--delay-updates`` moves all changed files into place at the end and
    ``--delete-after`` removes old files only then, so the window in which a reader
    could see a mix of old and new pages is as short as rsync makes it.
    """
    command = [
        "rsync",
        "--archive",
        "--checksum",
        "--delete-after",
        "--delay-updates",
        "--human-readable",
        "--stats",
    ]
    if ":" in destination.split("/")[0]:
        command += ["-e", f"ssh -p {ssh_port or 22} -o BatchMode=yes"]
    command += [f"{build}/", destination]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DeployError(f"rsync to {destination} failed: {result.stderr.strip()}")
    logger.info("rsync: %s", " ".join(result.stdout.split()[-8:]))


@dataclass(frozen=True)
class Pushed:
    id: str  # the branch's tip after the publish
    changed: bool  # False: the site was the tip's already, nothing was committed


def deploy_ghpages(
    build: Path,
    remote: str,
    branch: str = "gh-pages",
    message: str = "Publish site",
    repository: Path | None = None,
) -> Pushed:
    """Commit ``build`` as the next commit of ``branch`` and push it to ``remote``.

    Plain git with a separate index in ``repository`` (the project's checkout, so a
    remote name like "origin" and CI's credentials work): the previous tip of the
    remote branch, if any, becomes the parent, so the branch keeps its history and the
    push is a fast-forward. The checkout's own branch and files are not touched. A site
    that is the tip's already is not committed again (a nightly publish would add an
    empty commit every night).
    """
    repository = repository or Path.cwd()
    with tempfile.TemporaryDirectory(prefix="ghpages-") as scratch:
        git_dir = subprocess.run(
            ["git", "-C", str(repository), "rev-parse", "--absolute-git-dir"],
            capture_output=True,
            text=True,
            check=False,
        )
        if git_dir.returncode != 0:
            raise DeployError(f"{repository} is not a git checkout: {git_dir.stderr.strip()}")
        env = {
            **os.environ,
            "GIT_DIR": git_dir.stdout.strip(),
            "GIT_WORK_TREE": str(build),
            "GIT_INDEX_FILE": str(Path(scratch) / "index"),
        }

        def git(*args: str, check: bool = True) -> subprocess.CompletedProcess:
            result = subprocess.run(
                ["git", *args], env=env, cwd=build, capture_output=True, text=True, check=False
            )
            if check and result.returncode != 0:
                raise DeployError(f"git {args[0]} failed: {result.stderr.strip()}")
            return result

        if not git("config", "user.email", check=False).stdout.strip():
            for role in ("AUTHOR", "COMMITTER"):  # git has no identity configured here
                env.setdefault(f"GIT_{role}_NAME", "Hafenlicht Publish")
                env.setdefault(f"GIT_{role}_EMAIL", "publish@localhost")
        parent = []
        if git("fetch", "--quiet", remote, branch, check=False).returncode == 0:
            parent = ["-p", git("rev-parse", "FETCH_HEAD").stdout.strip()]
        (build / ".nojekyll").touch()  # serve folders starting with "_" on GitHub Pages
        git("add", "--all", "--force", ".")
        tree = git("write-tree").stdout.strip()
        if parent and git("rev-parse", f"{parent[1]}^{{tree}}").stdout.strip() == tree:
            return Pushed(parent[1], changed=False)
        commit = git("commit-tree", tree, *parent, "-m", message).stdout.strip()
        git("push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
        return Pushed(commit, changed=True)
