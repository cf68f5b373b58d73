"""The words and times the editors read, on the moderation page and in the mails.

The queue keeps machine values (states, actions, spam reasons as the guard wrote them,
times in UTC); these functions turn them into the site's language (the theme's
catalogue, `invoke i18n`) and the site's time zone.
"""

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from newsroom.dates import long_date, short_time
from newsroom.i18n import N_

Gettext = Callable[[str], str]

STATES = {
    "pending": N_("pending"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "spam": N_("spam"),
}
# The journal's actions (intake.store.journal), as the history shows them.
ACTIONS = {
    "approve": N_("Approved"),
    "reject": N_("Rejected"),
    "spam": N_("Marked as spam"),
    "replied": N_("Replied"),
    "reply": N_("Reply written"),
}
# Who acted, when it was no editor's account.
MAIL_LINK_EDITOR = "mail link"
SHELL_SUFFIX = " (shell)"
# The guard's reasons (intake.guard.spam_reasons) and the editors' own, as patterns.
SPAM_REASONS: tuple[tuple[re.Pattern, str], ...] = (
    (
        re.compile(r"^(?P<count>\d+) links \(more than (?P<limit>\d+)\)$"),
        N_("%(count)s links (more than %(limit)s)"),
    ),
    (re.compile(r"^spam words: (?P<words>.*)$"), N_("spam words: %(words)s")),
    (re.compile(r"^duplicate text$"), N_("the same text was sent before")),
    (
        re.compile(r"^marked as spam by the editorial team$"),
        N_("marked as spam by the editorial team"),
    ),
    (re.compile(r"^marked as spam in the old system$"), N_("marked as spam in the old blog")),
)


def state(value: str, gettext: Gettext) -> str:
    return gettext(STATES[value]) if value in STATES else value


def action(value: str, gettext: Gettext) -> str:
    return gettext(ACTIONS[value]) if value in ACTIONS else value


def editor(name: str, gettext: Gettext) -> str:
    """``mail link`` and ``jana (shell)`` in the page's language; names stay names."""
    if name == MAIL_LINK_EDITOR:
        return gettext("a link in the mail")
    if name.endswith(SHELL_SUFFIX):
        where = gettext("command line")
        return f"{name.removesuffix(SHELL_SUFFIX)} ({where})"
    return name


def detail(action_name: str, value: str, gettext: Gettext) -> str:
    """An action's detail: a reason as typed, or ``to <id>`` of a reply."""
    if action_name == "reply" and value.startswith("to "):
        return gettext("to %(id)s") % {"id": value.removeprefix("to ")}
    return value


def spam_reason(reason: str, gettext: Gettext) -> str:
    for pattern, message in SPAM_REASONS:
        found = pattern.match(reason)
        if found:
            return gettext(message) % found.groupdict()
    return reason


def moment(value: str, zone: str, lang: str) -> str:
    """An ISO time of the queue as ``3. März 2026, 10:30`` in the site's time zone."""
    local = datetime.fromisoformat(value).astimezone(ZoneInfo(zone))
    return f"{long_date(local, lang)}, {short_time(local, lang)}"
