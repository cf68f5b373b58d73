"""The shared core works where Pelican is not installed (the intake, the tasks)."""

from pathlib import Path

from without_pelican import run_without_pelican

IMPORT_THE_CORE = """
import importlib, pkgutil
import newsroom
for module in pkgutil.iter_modules(newsroom.__path__, "newsroom."):
    importlib.import_module(module.name)
    print(module.name)
"""


def test_every_core_module_imports_without_pelican(tmp_path: Path) -> None:
    modules = run_without_pelican(IMPORT_THE_CORE, tmp_path).split()
    # The contract, the translations and the report are all there.
    assert {"newsroom.headers", "newsroom.i18n", "newsroom.report"} <= set(modules)
    assert len(modules) >= 15
