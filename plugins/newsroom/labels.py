"""The label that marks what kind of piece an article is: lists, pages and social cards
show the same word.

Labels are English message ids; templates and card images translate them with the
theme's catalogue ("Advertisement" is "Anzeige" in German). A paid article is labelled
as advertising before anything else, as German law requires for paid content.
"""

from collections.abc import Iterable

from newsroom.i18n import N_

ADVERTISEMENT = N_("Advertisement")
INTERVIEW = N_("Interview")
GUEST_ARTICLE = N_("Guest article")


def kind_label(article_type: str | None, disclosure: Iterable[str] = ()) -> str | None:
    """The kind label of an article, or None for an ordinary article."""
    if "sponsored" in disclosure:
        return ADVERTISEMENT
    if article_type == "interview":
        return INTERVIEW
    if article_type == "guest":
        return GUEST_ARTICLE
    return None
