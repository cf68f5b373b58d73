"""Every page in its own language: the templates see the UI texts, dates and site values of
the page's language, from one Jinja environment per generator.

A page's language is its article's or page's ``lang``, else the language its writer gave
(``page_lang``, for the other languages' lists), else the site's. Jinja makes a context
for every template it renders (and for every include); :class:`LanguageContext` looks up
that language once, when it is made, and answers a name from the values of that
language (``newsroom.languages.language_values``: ``_``, ``ngettext``, the lists' URLs,
the menu, …) before the site's own. So templates keep writing ``_("Archive")`` and
``ARCHIVES_URL``, and nothing is made per page but the lookup: no environment per
language, no second template cache, no translation per call.
"""

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context, missing
from markupsafe import Markup

from newsroom import dates, handover
from newsroom.languages import page_language

_NONE: dict[str, Any] = {}


class LanguageContext(Context):
    """A template context that prefers the values of the page's language."""

    def __init__(self, environment, parent, name, blocks, globals=None):
        super().__init__(environment, parent, name, blocks, globals)
        by_language = parent.get(handover.LANGUAGE_CONTEXT)
        if by_language:
            lang = page_language(parent, parent.get("DEFAULT_LANG", ""))
            self.language_values = by_language.get(lang, _NONE)
        else:
            self.language_values = _NONE

    def resolve_or_missing(self, key: str) -> Any:
        if key in self.vars:
            return self.vars[key]
        if key in self.language_values:
            return self.language_values[key]
        if key in self.parent:
            return self.parent[key]
        return missing

    def __contains__(self, name: str) -> bool:
        return name in self.vars or name in self.language_values or name in self.parent


def ui_texts(translations) -> dict[str, Callable[..., str]]:
    """``_``, ``gettext`` and ``ngettext`` of one language, for templates."""
    gettext = template_gettext(translations.gettext)
    return {"_": gettext, "gettext": gettext, "ngettext": template_ngettext(translations.ngettext)}


@pass_context
def gettext_in(context: Context, lang: str, message: str, **variables) -> str:
    """``message`` in ``lang``, whatever the page's language: what the language switcher
    says in the language it leads to."""
    values = (context.get(handover.LANGUAGE_CONTEXT) or {}).get(lang) or {}
    translate = values.get("_") or context.environment.globals["_"]
    return translate(context, message, **variables)


def template_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's newstyle ``gettext`` (autoescaped, ``%(name)s`` variables, ``%%`` for a
    percent sign) with each message translated and marked safe only once."""
    translated: dict[str, Markup] = {}

    @pass_context
    def gettext(context: Context, message: str, **variables) -> str:
        text = translated.get(message)
        if text is None:
            text = translated[message] = Markup(translate(message))
        if not context.eval_ctx.autoescape:
            text = str(text)
        return text % variables if variables or "%" in text else text

    return gettext


def template_ngettext(translate: Callable[[str, str, int], str]) -> Callable[..., str]:
    """Jinja's newstyle ``ngettext``: the form for ``num``, which is also a variable."""

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables) -> str:
        text = Markup(translate(singular, plural, num))
        if not context.eval_ctx.autoescape:
            text = str(text)
        variables.setdefault("num", num)
        return text % variables

    return ngettext


def date_filters(default: str) -> dict[str, Callable[..., str]]:
    """``long_date``, ``short_date`` and ``short_time`` in the page's language."""

    def in_page_language(format_date: Callable[..., str]) -> Callable[..., str]:
        @pass_context
        def formatted(context: Context, value) -> str:
            return format_date(value, lang=context.get(handover.PAGE_LANG) or default)

        return formatted

    return {
        "long_date": in_page_language(dates.long_date),
        "short_date": in_page_language(dates.short_date),
        "short_time": in_page_language(dates.short_time),
    }
