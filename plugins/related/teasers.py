"""What "Weiterlesen" shows of an article: plain values, so that the records pickle
with the articles that carry them (Pelican's content cache) and hold no other article."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Teaser:
    url: str
    title: str
    category: str  # its name
    date: datetime
    image: str  # the Image header (a path below content/), "" without one
    label: str  # the kind label's message id ("Interview"), "" for an ordinary article
