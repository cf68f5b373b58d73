"""Signed links in readers' mails: a table of hostile tokens and what they open."""

import pytest
from itsdangerous import URLSafeTimedSerializer

from intake.reader_links import PURPOSES, make_token, read_token
from intake.tokens import LinkError
from intake.tokens import make_token as moderation_token

SECRET = "ein-langes-geheimnis-nur-fuer-tests"


def test_a_link_opens_its_purpose_row_and_nonce():
    token = make_token(SECRET, "newsletter-confirm", "row1", "n1")
    link = read_token(SECRET, "newsletter-confirm", token, max_age=3600)
    assert (link.purpose, link.subject, link.nonce) == ("newsletter-confirm", "row1", "n1")
    assert read_token(SECRET, "newsletter-confirm", token, max_age=None).subject == "row1"


@pytest.mark.parametrize("other", [p for p in PURPOSES if p != "newsletter-confirm"])
def test_a_link_of_one_purpose_is_forged_for_every_other(other):
    token = make_token(SECRET, "newsletter-confirm", "row1", "n1")
    with pytest.raises(LinkError) as refused:
        read_token(SECRET, other, token, max_age=3600)
    assert refused.value.reason == "forged"


def _unsalted(data) -> str:
    return URLSafeTimedSerializer(SECRET, salt="readers.my-data").dumps(data)


# Named, not shown: a signed token holds the time it was made, and pytest-xdist's
# workers must collect the same test names.
@pytest.mark.parametrize(
    ("token", "reason"),
    [
        pytest.param("", "forged", id="empty"),
        pytest.param("x", "forged", id="one-letter"),
        pytest.param("a" * 5000, "forged", id="oversized"),
        pytest.param(
            make_token("ein-anderes-geheimnis", "my-data", "row1", "n1"), "forged", id="other-key"
        ),
        pytest.param(
            make_token(SECRET, "my-data", "row1", "n1")[:-2] + "xx", "forged", id="tampered"
        ),
        pytest.param(moderation_token(SECRET, "c1", "approve"), "forged", id="moderation-link"),
        # Signed with our key and salt, but not what we sign:
        pytest.param(_unsalted(["row1", "n1"]), "forged", id="a-list"),
        pytest.param(_unsalted({"s": "row1"}), "forged", id="no-nonce"),
        pytest.param(_unsalted({"s": "", "n": "n1"}), "forged", id="empty-row"),
        pytest.param(_unsalted({"s": 5, "n": "n1"}), "forged", id="row-not-text"),
    ],
)
def test_hostile_tokens_open_nothing(token, reason):
    with pytest.raises(LinkError) as refused:
        read_token(SECRET, "my-data", token, max_age=3600)
    assert refused.value.reason == reason


def test_an_old_link_has_expired_and_says_so():
    token = make_token(SECRET, "my-data", "row1", "n1")
    with pytest.raises(LinkError) as refused:
        read_token(SECRET, "my-data", token, max_age=-1)
    assert refused.value.reason == "expired"


def test_an_unknown_purpose_is_a_programming_error():
    with pytest.raises(ValueError, match="no purpose"):
        make_token(SECRET, "everything", "row1", "n1")
