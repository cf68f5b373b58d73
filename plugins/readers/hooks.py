"""Signal receivers of the readers plugin."""

from functools import partial
from typing import TYPE_CHECKING

from comments.settings import from_pelican as comments_from_pelican
from newsroom import handover
from readers.addresses import FORMS, intake_address
from readers.settings import from_pelican

if TYPE_CHECKING:
    from pelican.generators import Generator


def reader_address(addresses: dict[str, str], form: str) -> str:
    """The intake's address of ``form`` ("" when the site has no intake)."""
    return addresses.get(form, "")


def add_template_helpers(generator: "Generator") -> None:
    """``reader_address(form)`` (the intake's address of "newsletter", "replies",
    "my_data" or "report"; "" without an intake, and in a pull request's preview, which
    has none) and ``readers_settings`` for the partials."""
    settings = generator.settings
    intake_url = (
        "" if settings.get("PUBLISHING_PREVIEW") else comments_from_pelican(settings).intake_url
    )
    addresses = {name: intake_address(intake_url, path) for name, path in FORMS.items()}
    # A function of its own (not the dict's bound ``get``): helpers of the templates are
    # wrapped by the build's record of what each page read, which copies their __dict__.
    generator.env.globals["reader_address"] = partial(reader_address, addresses)
    readers = from_pelican(settings)
    generator.env.globals["readers_settings"] = readers
    # The form's hint promises what the intake keeps (partials/reply_interval.html): the
    # intake reads the promise from the list of articles the comments plugin writes.
    generator.env.globals["reply_interval_seconds"] = readers.reply_interval_seconds
    generator.context[handover.READER_PROMISES] = {
        "reply_interval_seconds": readers.reply_interval_seconds
    }
