"""Where the site's readers' forms and links lead, and what `invoke check` leaves to the
intake."""

import pytest

from readers.addresses import intake_address, service_paths


@pytest.mark.parametrize(
    ("intake_url", "expected"),
    [
        ("/kommentare/neu", "/kommentare/meine-daten"),  # behind the site's web server
        ("http://localhost:8090/", "http://localhost:8090/kommentare/meine-daten"),
        (
            "https://kommentare.example/kommentare/neu",
            "https://kommentare.example/kommentare/meine-daten",
        ),
        ("", ""),  # no intake: no form, no link
    ],
)
def test_the_intake_address_of_a_readers_page(intake_url, expected):
    assert intake_address(intake_url, "/kommentare/meine-daten") == expected


def test_the_site_leaves_the_readers_paths_to_the_intake_only_when_it_is_the_same_host():
    assert service_paths("/kommentare/neu") == (
        "/kommentare/newsletter",
        "/kommentare/antworten",
        "/kommentare/meine-daten",
        "/kommentare/melden",
    )
    assert service_paths("http://localhost:8090/") == ()
    assert service_paths("") == ()
