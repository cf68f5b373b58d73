"""What the tests need beyond pip (publishing/toolchain.py) and how a test asks for it
(tests/tools.py): `invoke test --fast` skips what is missing, `invoke test` fails."""

from pathlib import Path

import pytest

from publishing.project import Refused
from publishing.toolchain import (
    DEFAULT_CHROMIUM,
    FAST_TESTS,
    TOOLS,
    chromium_path,
    install_hint,
    install_test_tools,
    missing_tools,
    postgresql_bin,
)
from tools import require


def test_the_browser_is_debians_unless_chrome_path_names_another(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROME_PATH", raising=False)
    assert chromium_path() == Path(DEFAULT_CHROMIUM) == Path("/usr/bin/chromium")
    browser = tmp_path / "chrome"
    browser.write_text("#!/bin/sh\n")
    monkeypatch.setenv("CHROME_PATH", str(browser))
    assert chromium_path() == browser
    assert TOOLS["chromium"].present(tmp_path)
    monkeypatch.setenv("CHROME_PATH", str(tmp_path / "nowhere"))
    assert [tool.name for tool in missing_tools(tmp_path, ("chromium",))] == ["Chromium"]
    assert "set CHROME_PATH" in install_hint(TOOLS["chromium"])


def test_a_missing_debian_tool_skips_the_test_in_fast_mode(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no rsync, no java on this PATH
    monkeypatch.setenv(FAST_TESTS, "1")
    with pytest.raises(pytest.skip.Exception, match=r"needs rsync \(sudo apt-get install rsync\)"):
        require("rsync")


def test_a_missing_debian_tool_fails_the_test_in_a_full_run(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(FAST_TESTS, raising=False)
    with pytest.raises(pytest.fail.Exception, match=r"missing: Java .*invoke test-tools"):
        require("java")


def test_without_root_the_install_names_the_packages_instead_of_running_apt(monkeypatch, tmp_path):
    for name in TOOLS:
        if TOOLS[name].npm_file:
            (tmp_path / TOOLS[name].npm_file).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / TOOLS[name].npm_file).write_text("")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    ran: list[str] = []
    with pytest.raises(Refused) as refused:
        install_test_tools(tmp_path, ran.append)
    assert ran == []
    assert refused.value.code == 2
    assert "sudo apt-get install" in str(refused.value) and "rsync" in str(refused.value)
    assert "`invoke test --fast` runs without them" in str(refused.value)


def test_postgresql_is_found_where_debian_keeps_it_newest_version_first(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no initdb on PATH
    debian = tmp_path / "usr-lib-postgresql"
    assert postgresql_bin(debian) is None
    for version in ("9", "15", "16"):
        program = debian / version / "bin" / "initdb"
        program.parent.mkdir(parents=True)
        program.write_text("#!/bin/sh\n")
    assert postgresql_bin(debian) == debian / "16" / "bin"  # 16 after 9, as numbers
    assert install_hint(TOOLS["postgresql"]) == "sudo apt-get install postgresql"
