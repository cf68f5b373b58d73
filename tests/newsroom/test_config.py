import logging
from dataclasses import dataclass

import pytest

from newsroom import config


@dataclass(frozen=True)
class Example:
    strict: bool = False
    items: tuple[str, ...] = ("a",)
    url: str | None = None


def test_prefixed_values_override_defaults_and_lists_become_tuples():
    loaded = config.load({"EX_STRICT": True, "EX_ITEMS": ["b", "c"], "OTHER": 1}, "EX_", Example)
    assert loaded == Example(strict=True, items=("b", "c"), url=None)


def test_unknown_key_with_prefix_warns_with_suggestion(caplog):
    with caplog.at_level(logging.WARNING):
        assert config.load({"EX_STRIKT": True}, "EX_", Example) == Example()
    assert [r.getMessage() for r in caplog.records] == [
        "Unknown setting EX_STRIKT is ignored; did you mean EX_STRICT?"
    ]


def test_wrong_type_names_the_key_and_the_expected_type():
    with pytest.raises(config.SettingsError, match=r"EX_STRICT is 'yes'; expected bool"):
        config.load({"EX_STRICT": "yes"}, "EX_", Example)


def test_a_mapping_from_the_environment_is_read_from_key_value_pairs():
    # The intake reads COMMENTS_SPAM_QUESTIONS from systemd's environment file, which
    # takes quotes away: so no JSON, but code=question pairs separated by ";".
    from comments.settings import CommentsSettings

    read = config.from_environment(
        "COMMENTS_",
        CommentsSettings,
        {"COMMENTS_SPAM_QUESTIONS": "en=What is three plus four?;fr=Trois plus quatre?"},
    )
    assert read.spam_questions == {
        "en": "What is three plus four?",
        "fr": "Trois plus quatre?",
    }
    with pytest.raises(config.SettingsError, match=r"COMMENTS_SPAM_QUESTIONS has 'en'; expected"):
        config.from_environment("COMMENTS_", CommentsSettings, {"COMMENTS_SPAM_QUESTIONS": "en"})
