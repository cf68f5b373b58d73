"""What a page's templates read while it is rendered: the inputs of each output file.

Jinja sends every read of a template through three doors, and the tracer stands at each:
the context (``Context.resolve_or_missing``: a variable by name), the environment
(``Environment.getattr``/``getitem``: ``article.title``, also inside filters such as
``sort(attribute="date")``) and the calls (``Context.call``: helpers such as
``picture(path)``). Each door notes what it handed out to the page being rendered:

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
every call with the same arguments therefore adds what the first call read.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import Environment
from jinja2.filters import FILTERS
from jinja2.runtime import Context, Macro, missing
from jinja2.tests import TESTS
from pelican.contents import Content

# Helpers (Jinja globals, filters, tests) by name, with the attributes they read from an
# entity given to them. TEMPLATES: the helper reads it through templates only, which the
# tracer follows. Any other helper given an entity depends on all of it.
TEMPLATES = ("<templates>",)
HELPER_READS: dict[str, tuple[str, ...]] = {
    "listed": ("status",),  # newsroom.listing.is_listed
    "article_card": TEMPLATES,  # contract.hooks.article_card renders a partial
}
# Plain arguments: a helper called with these alone can be called again by a later build
# to see whether its result changed (e.g. a picture replaced under the same name).
PLAIN = (str, int, float, bool, type(None))
# Helpers that read nothing but their arguments and the translations (global key).
TRANSLATIONS = frozenset({"_", "gettext", "ngettext", "pgettext", "npgettext"})
_UNSET = object()


class Reads:
    """What one page read (or one helper call, see ``Tracer.nested``)."""

    __slots__ = ("attributes", "calls", "names", "others", "templates", "wholes")

    def __init__(self) -> None:
        self.names: dict[str, Any] = {}  # name -> the first value it had
        self.others: list[tuple[str, Any]] = []  # a name read again with another value
        self.attributes: dict[tuple[int, str], tuple[Content, Any]] = {}
        self.wholes: dict[int, Content] = {}
        self.templates: set[str] = set()
        self.calls: dict[tuple[str, tuple], Any] = {}  # (helper, arguments) -> result

    def name(self, key: str, value: Any) -> None:
        known = self.names.get(key, _UNSET)
        if known is _UNSET:
            self.names[key] = value
        elif known is not value:
            self.others.append((key, value))

    def merge(self, other: "Reads") -> None:
        for key, value in other.names.items():
            self.name(key, value)
        for key, value in other.others:
            self.name(key, value)
        self.attributes.update(other.attributes)
        self.wholes.update(other.wholes)
        self.templates |= other.templates
        self.calls.update(other.calls)


class Tracer:
    """The reads of the page being rendered, for every environment it is installed in."""

    def __init__(self) -> None:
        self.current: Reads | None = None
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
            value = base_getattr(obj, attribute)
            reads = tracer.current
            if reads is not None and isinstance(obj, Content):
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
        env.context_class = type("TracedContext", (_TracedContext,), {"tracer": self})
        helpers = {id(f): name for name, f in env.globals.items() if callable(f)}
        env._traced_helpers = helpers
        for table, builtins in ((env.filters, FILTERS), (env.tests, TESTS)):
            for name, function in list(table.items()):
                if builtins.get(name) is not function:
                    table[name] = _followed(self, name, function)

    def entity_arguments(self, reads: Reads, name: str, arguments) -> None:
        """What a helper given entities reads of them (HELPER_READS, else everything)."""
        declared = HELPER_READS.get(name)
        for argument in arguments:
            for entity in _entities(argument):
                if declared is TEMPLATES:
                    continue
                if declared is None:
                    reads.wholes[id(entity)] = entity
                    continue
                for attribute in declared:
                    value = getattr(entity, attribute, missing)
                    reads.attributes[(id(entity), attribute)] = (entity, value)

    @contextmanager
    def nested(self, key: tuple) -> Iterator[None]:
        """A helper call: what it reads now, and what any earlier call with the same
        ``key`` read, are added to the page's reads."""
        outer = self.current
        inner = self.current = Reads()
        try:
            yield
        finally:
            self.current = outer
            known = self._helper_reads.get(key)
            if known is None:
                known = self._helper_reads[key] = inner
            else:
                known.merge(inner)
            if outer is not None:
                outer.merge(known)


class _TracedContext(Context):
    tracer: Tracer  # set on the subclass made for each environment

    def resolve_or_missing(self, key: str) -> Any:
        if key in self.vars:
            return self.vars[key]
        value = self.parent.get(key, missing)
        reads = self.tracer.current
        if reads is not None:
            reads.name(key, value)
        return value

    def __contains__(self, name: str) -> bool:
        if name in self.vars:
            return True
        reads = self.tracer.current
        if reads is not None:
            reads.name(name, self.parent.get(name, missing))
        return name in self.parent

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        tracer = __self.tracer
        reads = tracer.current
        if reads is None or isinstance(__obj, Macro):  # a macro's body is traced itself
            return Context.call(__self, __obj, *args, **kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, Content):  # a method of an article reads what it likes
            reads.wholes[id(owner)] = owner
        name = __self.environment._traced_helpers.get(id(__obj))
        if name is None or name in TRANSLATIONS:
            return Context.call(__self, __obj, *args, **kwargs)
        arguments = [*args, *(v for k, v in kwargs.items() if not k.startswith("_"))]
        tracer.entity_arguments(reads, name, arguments)
        if HELPER_READS.get(name) is TEMPLATES:  # may cache what it rendered
            with tracer.nested((name, *map(id, arguments))):
                return Context.call(__self, __obj, *args, **kwargs)
        result = Context.call(__self, __obj, *args, **kwargs)
        if getattr(__obj, "jinja_pass_arg", None) is not None:
            return result  # it reads the context itself, which is traced
        if not kwargs and all(type(a) in PLAIN for a in args):
            reads.calls[(name, args)] = result
        return result


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
