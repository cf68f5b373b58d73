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
