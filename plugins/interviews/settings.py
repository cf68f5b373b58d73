"""Settings of the interviews plugin (prefix ``INTERVIEWS_``)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsroom import config, urls

PREFIX = "INTERVIEWS_"


@dataclass(frozen=True)
class InterviewsSettings:
    # Overrides of the disclosure notices, see interviews/disclosures.py.
    disclosure_texts: dict = field(default_factory=dict)
    # The list of all interviews (paginated like other lists).
    list_url: str = f"{urls.INTERVIEWS}/"
    list_save_as: str = f"{urls.INTERVIEWS}/index.html"
    # The page that explains every disclosure kind and lists the articles carrying it.
    transparency_url: str = f"{urls.TRANSPARENCY}/"
    transparency_save_as: str = f"{urls.TRANSPARENCY}/index.html"


def from_pelican(settings: Mapping[str, Any]) -> InterviewsSettings:
    return config.load(settings, PREFIX, InterviewsSettings)
