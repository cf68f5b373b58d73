"""Template globals: ``page_alternates()`` for the hreflang links of a page's head and
``language_switch()`` for the switcher every page shows."""

from jinja2 import pass_context
from jinja2.runtime import Context

from languages import alternates
from newsroom import handover
from newsroom.text import pretty_url


def add_template_helpers(generator) -> None:
    generator.env.globals["page_alternates"] = page_alternates
    generator.env.globals["language_switch"] = language_switch


def _found(context: Context) -> tuple[alternates.Alternates | None, bool]:
    table = context.get(handover.ALTERNATES)
    if not table:
        return None, False
    return alternates.of_page(pretty_url(context.get("output_file", "")), table)


@pass_context
def page_alternates(context: Context) -> alternates.Alternates | None:
    """The versions of this page for search engines: None for a page without any, page 2
    of a list (it translates nothing of its own) and a hidden page."""
    found, own = _found(context)
    return found if own and found is not None and found.indexable else None


@pass_context
def language_switch(context: Context) -> list[alternates.Switch]:
    """The switcher's entries: this page in every other language, or that language's
    home when it has no version there."""
    languages = context.get("site_languages") or ()
    if len(languages) < 2:
        return []
    found, _own = _found(context)
    page_lang = context.get(handover.PAGE_LANG) or context.get("DEFAULT_LANG")
    return alternates.switcher(page_lang, found, languages, context.get("language_homes", {}))
