import logging

import pelican

from contract import pelican_internals


def test_the_checked_pelican_is_the_locked_one():
    # A Pelican upgrade (invoke lock) must come with a look at pelican_internals.py.
    assert pelican.__version__ == pelican_internals.CHECKED_WITH
    assert pelican_internals.unchecked_internals() == ""


def test_after_forgetting_a_repeated_warning_is_shown_again(caplog):
    from pelican.log import LimitFilter

    log = logging.getLogger("hafenlicht.test")
    added = LimitFilter()  # Pelican's loggers have one already (LimitLogger)
    if not any(isinstance(existing, LimitFilter) for existing in log.filters):
        log.addFilter(added)
    try:
        with caplog.at_level(logging.WARNING):
            log.warning("Zweimal dieselbe Warnung")
            log.warning("Zweimal dieselbe Warnung")  # Pelican drops the repeat
            assert caplog.messages.count("Zweimal dieselbe Warnung") == 1
            pelican_internals.forget_logged_warnings()
            log.warning("Zweimal dieselbe Warnung")
        assert caplog.messages.count("Zweimal dieselbe Warnung") == 2
    finally:
        log.removeFilter(added)


def test_a_build_hashes_each_source_file_once(tmp_path):
    from pelican.readers import Readers
    from pelican.settings import DEFAULT_CONFIG

    from contract.pelican_internals import forget_file_stamps, remember_file_stamps

    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path), "CACHE_CONTENT": True}
    readers = Readers(settings, cache_name="Readers")
    hashed = []
    stamp = readers._filestamp_func
    readers._filestamp_func = lambda name: hashed.append(name) or stamp(name)
    source = tmp_path / "a.md"
    source.write_text("Title: A\n\nText", encoding="utf-8")
    remember_file_stamps(readers)
    remember_file_stamps(readers)  # a second generator of the same readers: no new layer
    for _ in range(3):
        readers._get_file_stamp(str(source))
    assert hashed == [str(source)]
    forget_file_stamps(readers)  # the articles are read: an edit must show again
    readers._get_file_stamp(str(source))
    assert hashed == [str(source)] * 2
