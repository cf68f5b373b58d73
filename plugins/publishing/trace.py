"""What a page's templates read while it is rendered: the inputs of each output file.

Jinja sends every read of a template through three doors, and the tracer stands at each:
the context (``Context.resolve_or_missing``: a variable by name), the environment
(``Environment.getattr``/``getitem``: ``article.title``, also inside filters such as
``sort(attribute="date")``) and the helpers (the Jinja globals, filters and tests the
plugins add, each wrapped: ``picture(path)``). Each door notes what it handed out to
the page being rendered:

- a name of the page's context and the value it had (the settings, ``categories``, the
  paginated ``articles_page``, ``output_file``, the page's ``article``);
- an attribute of a content object (an *entity*: article, page, static file), e.g. the
  title of the oldest article that the footer shows;
- every template loaded (``extends``, ``include``, ``import``);
- a helper's result for plain arguments (``picture("images/x.jpg")``), so that a page
  showing a picture is rendered again when the picture changes.

Python code that reads an entity outside the templates (a helper given an article, a
method of an article called by a template, an article found in the context by name)
cannot be followed attribute by attribute: the page then depends on the *whole* entity.
``HELPER_READS`` names the few helpers whose reads are known, and a test checks them.

A helper that caches what it rendered (``article_card``) reads nothing the second time;
every call with the same arguments therefore adds what the first call read (a bundle,
turned into the record's inputs once, however many lists show the card).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import Environment
from jinja2.filters import FILTERS
from jinja2.runtime import Context, missing
from jinja2.tests import TESTS
from markupsafe import Markup
from pelican.contents import Content

# Helpers (Jinja globals, filters, tests) by name, with the attributes they read from an
# entity given to them. TEMPLATES: the helper reads it through templates only, which the
# tracer follows. Any other helper given an entity depends on all of it.
TEMPLATES = ("<templates>",)
HELPER_READS: dict[str, tuple[str, ...]] = {
    "listed": ("status",),  # newsroom.listing.is_listed
    "article_card": TEMPLATES,  # contract.hooks.article_card renders a partial
    "section_topics": ("tags",),  # sitewide.hooks.section_topics, a category's topics
    "share_links": ("title", "url"),  # social_cards.templating.share_links
}
# Plain arguments: a helper called with these alone can be called again by a later build
# to see whether its result changed (e.g. a picture replaced under the same name).
PLAIN = (str, int, float, bool, type(None))
# Helpers that read nothing but their arguments and the translations (global key).
TRANSLATIONS = frozenset({"_", "gettext", "ngettext", "pgettext", "npgettext"})
_UNSET = object()


class Reads:
    """What one page read (or one helper call, see ``Tracer.nested``)."""

    __slots__ = ("attributes", "bundles", "calls", "names", "others", "templates", "wholes")

    def __init__(self) -> None:
        self.names: dict[str, Any] = {}  # name -> the first value it had
        self.others: list[tuple[str, Any]] = []  # a name read again with another value
        self.attributes: dict[tuple[int, str], tuple[Content, Any]] = {}
        self.wholes: dict[int, Content] = {}
        self.templates: set[str] = set()
        self.calls: dict[tuple[str, tuple], Any] = {}  # (helper, arguments) -> result
        self.bundles: dict[int, Reads] = {}  # what helper calls read (Tracer.nested)

    def name(self, key: str, value: Any) -> None:
        known = self.names.get(key, _UNSET)
        if known is _UNSET:
            self.names[key] = value
        elif known is not value:
            self.others.append((key, value))


class Tracer:
    """The reads of the page being rendered, for every environment it is installed in.

    ``fixed`` are values that are no input of a page of their own: the settings and the
    Jinja globals, which the record's global key covers. A name whose value is the very
    object there is not noted (most names a template reads are settings).
    """

    def __init__(self, fixed: dict[str, Any] | None = None) -> None:
        self.current: Reads | None = None
        self.fixed: dict[str, Any] = dict(fixed or {})
        self._helper_reads: dict[tuple, Reads] = {}  # see the module's last paragraph

    @contextmanager
    def page(self) -> Iterator[Reads]:
        """Trace one page: what the block renders is read into the Reads yielded."""
        outer, self.current = self.current, Reads()
        try:
            yield self.current
        finally:
            self.current = outer

    def install(self, env: Environment) -> None:
        """Put the tracer at the doors of ``env`` (once; the helpers it has now are
        followed, so install it when the plugins have added theirs)."""
        if getattr(env, "_traced_by", None) is self:
            return
        env._traced_by = self
        tracer = self
        base_getattr, base_getitem = env.getattr, env.getitem
        base_get_template = env.get_template

        def getattr_(obj: Any, attribute: str) -> Any:
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                value = base_getattr(obj, attribute)  # an item, or undefined
            reads = tracer.current
            if reads is not None and isinstance(obj, Content):
                if getattr(value, "__self__", None) is obj:  # a method reads what it likes
                    reads.wholes[id(obj)] = obj
                else:
                    reads.attributes[(id(obj), attribute)] = (obj, value)
            return value

        def getitem(obj: Any, argument: Any) -> Any:
            value = base_getitem(obj, argument)
            reads = tracer.current
            if reads is not None and isinstance(obj, Content):
                if isinstance(argument, str):
                    reads.attributes[(id(obj), argument)] = (obj, value)
                else:
                    reads.wholes[id(obj)] = obj
            return value

        def get_template(name, parent=None, globals=None):
            template = base_get_template(name, parent, globals)
            reads = tracer.current
            if reads is not None:
                reads.templates.add(template.name)
            return template

        env.getattr = getattr_
        env.getitem = getitem
        env.get_template = get_template
        # On top of the environment's own context class: contract's LanguageContext
        # answers a page in English with the English values, and the tracer notes those.
        base = env.context_class
        env.context_class = type("TracedContext", (_TracedContext, base), {"tracer": self})
        for name, function in list(env.globals.items()):
            if callable(function) and name not in TRANSLATIONS:
                env.globals[name] = _helper(self, name, function)
        for table, builtins in ((env.filters, FILTERS), (env.tests, TESTS)):
            for name, function in list(table.items()):
                if builtins.get(name) is not function:
                    table[name] = _followed(self, name, function)
        self.fixed.update(env.globals)

    def entity_arguments(self, reads: Reads, name: str, arguments) -> None:
        """What a helper given entities reads of them (HELPER_READS, else everything)."""
        declared = HELPER_READS.get(name)
        if declared is TEMPLATES:
            return
        for argument in arguments:
            if type(argument) in PLAIN or type(argument) is Markup:
                continue
            for entity in _entities(argument):
                if declared is None:
                    reads.wholes[id(entity)] = entity
                    continue
                for attribute in declared:
                    value = getattr(entity, attribute, missing)
                    reads.attributes[(id(entity), attribute)] = (entity, value)

    @contextmanager
    def nested(self, key: tuple) -> Iterator[None]:
        """A helper call: what it reads now, and what any earlier call with the same
        ``key`` read, become a bundle of the page's reads."""
        outer = self.current
        known = self._helper_reads.get(key)
        if known is None:
            known = self._helper_reads[key] = Reads()
        self.current = known
        try:
            yield
        finally:
            self.current = outer
            if outer is not None:
                outer.bundles[id(known)] = known


class _TracedContext(Context):
    tracer: Tracer  # set on the subclass made for each environment

    def resolve_or_missing(self, key: str) -> Any:
        if key in self.vars:
            return self.vars[key]
        value = super().resolve_or_missing(key)
        tracer = self.tracer
        reads = tracer.current
        if reads is not None and tracer.fixed.get(key, _UNSET) is not value:
            reads.name(key, value)
        return value

    def __contains__(self, name: str) -> bool:
        if name in self.vars:
            return True
        self.resolve_or_missing(name)
        return super().__contains__(name)


def _helper(tracer: Tracer, name: str, function):
    """A Jinja global that notes what it is given and, for plain arguments, its result
    (see the module's docstring). Jinja's marks (pass_context) are kept."""
    renders = HELPER_READS.get(name) is TEMPLATES
    reads_context = getattr(function, "jinja_pass_arg", None) is not None

    def helper(*args, **kwargs):
        reads = tracer.current
        if reads is None:
            return function(*args, **kwargs)
        given = args[1:] if reads_context else args
        tracer.entity_arguments(reads, name, (*given, *kwargs.values()))
        if renders:  # may cache what it rendered
            with tracer.nested((name, *map(id, given), *map(id, kwargs.values()))):
                return function(*args, **kwargs)
        result = function(*args, **kwargs)
        if not reads_context and not kwargs and all(type(a) in PLAIN for a in args):
            reads.calls[(name, args)] = result
        return result

    helper.__dict__.update(function.__dict__)
    helper.__name__ = getattr(function, "__name__", name)
    return helper


def _followed(tracer: Tracer, name: str, function):
    """A filter or test that notes the entities it is given (see HELPER_READS)."""

    def followed(*args, **kwargs):
        reads = tracer.current
        if reads is not None:
            tracer.entity_arguments(reads, name, (*args, *kwargs.values()))
        return function(*args, **kwargs)

    followed.__dict__.update(function.__dict__)  # keeps Jinja's pass_context marks
    followed.__name__ = getattr(function, "__name__", name)
    return followed


def _entities(value: Any) -> Iterator[Content]:
    """The entities in a helper's argument: itself, or those in a list, tuple or dict."""
    if isinstance(value, Content):
        yield value
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            if isinstance(item, Content):
                yield item
    elif isinstance(value, dict):
        for item in value.values():
            if isinstance(item, Content):
                yield item
