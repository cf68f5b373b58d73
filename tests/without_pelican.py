"""Run Python code in a fresh interpreter where Pelican cannot be imported, as on the
web server that runs the comment intake without the build."""

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BLOCK_PELICAN = r"""
import sys

class NoPelican:
    def find_spec(self, name, path=None, target=None):
        if name == "pelican" or name.startswith("pelican."):
            raise ImportError(f"{name} is not installed here")

sys.meta_path.insert(0, NoPelican())
"""


def run_without_pelican(
    code: str, cwd: Path, with_log: bool = False, **environment: str
) -> str | tuple[str, str]:
    """What ``code`` prints (and, ``with_log``, what it logged on stderr); fails the test
    with its traceback when it raises or a module of Pelican ends up loaded anyway."""
    check = "\nassert not [m for m in sys.modules if m.split('.')[0] == 'pelican']\n"
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_PELICAN + code + check],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin", **environment},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return (result.stdout, result.stderr) if with_log else result.stdout
