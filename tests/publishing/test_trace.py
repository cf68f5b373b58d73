"""The tracer: what a page's templates read, at Jinja's three doors."""

from datetime import datetime
from zoneinfo import ZoneInfo

from jinja2 import DictLoader, Environment, pass_context
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from newsroom.listing import is_listed
from publishing.trace import HELPER_READS, TEMPLATES, Tracer
from sitewide.hooks import section_topics
from social_cards.settings import SHARE_NETWORKS, SocialCardsSettings
from social_cards.templating import GLOBAL, Setup, share_links

SETTINGS = {**DEFAULT_CONFIG, "PATH": "/site/content", "SITENAME": "Hafenlicht"}


def article(path: str, title: str) -> Article:
    metadata = {"title": title, "date": datetime(2025, 3, 1, 9, 0, tzinfo=ZoneInfo("UTC"))}
    return Article("<p>Text</p>", metadata, SETTINGS, f"/site/content/{path}", {})


TEMPLATES_ = {
    "page.html": (
        "{% extends 'base.html' %}{% block main %}"
        "{% for item in dates %}{% include 'card.html' %}{% endfor %}"
        "{{ picture('images/hafen.jpg') }}{% if first is listed %}ja{% endif %}"
        "{{ whole_of(second) }}{{ second.get_content('x')|length }}{% endblock %}"
    ),
    "base.html": "<title>{{ SITENAME }}</title>{% block main %}{% endblock %}{{ tail() }}",
    "card.html": "<h2>{{ item.title }}</h2>{% set local = 1 %}{{ local }}",
}


def environment(tracer: Tracer) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES_), autoescape=True)
    env.globals["picture"] = lambda path: f"<img src={path}>"
    env.globals["whole_of"] = lambda entity: entity.title
    env.globals["tail"] = pass_context(lambda context: context.get("output_file", ""))
    env.tests["listed"] = is_listed
    tracer.install(env)
    return env


def test_a_page_records_names_attributes_templates_and_helper_results():
    first, second = article("2025/a.md", "Erster"), article("2025/b.md", "Zweiter")
    tracer = Tracer(fixed=SETTINGS)
    env = environment(tracer)
    context = {**SETTINGS, "dates": [first, second], "first": first, "second": second}
    context["output_file"] = "index.html"
    with tracer.page() as reads:
        html = env.get_template("page.html").render(context)
    assert "<h2>Erster</h2>" in html and "Zweiter" in html

    # Names of the page's context; SITENAME is a setting (the global key has it).
    assert {"dates", "first", "second", "output_file"} <= set(reads.names)
    assert "SITENAME" not in reads.names
    # A variable an included template got from its includer is read by name as well; the
    # record keeps only the names of the page (record.SiteRecord._names). {% set %} is not.
    assert "item" in reads.names and "local" not in reads.names
    # Attributes, one by one: the titles the cards show, the status `listed` reads.
    read = {(entity.title, name) for (_, name), (entity, _) in reads.attributes.items()}
    assert {("Erster", "title"), ("Zweiter", "title"), ("Erster", "status")} <= read
    # A helper given an article, and a method of an article, read it whole.
    assert [e.title for e in reads.wholes.values()] == ["Zweiter"]
    assert reads.templates == {"page.html", "base.html", "card.html"}
    assert reads.calls == {("picture", ("images/hafen.jpg",)): "<img src=images/hafen.jpg>"}


def test_nothing_is_recorded_outside_a_page():
    tracer = Tracer(fixed=SETTINGS)
    env = environment(tracer)
    first = article("2025/a.md", "Erster")
    context = {**SETTINGS, "dates": [first], "first": first, "second": first}
    env.get_template("page.html").render(context)
    assert tracer.current is None


def test_a_caching_helper_adds_what_its_first_call_read_to_every_page():
    tracer = Tracer()
    env = Environment(loader=DictLoader({"c.html": "{{ item.title }}"}))
    rendered: dict[int, str] = {}

    @pass_context
    def article_card(context, item):
        if id(item) not in rendered:  # like contract.hooks.article_card
            template = context.environment.get_template("c.html")
            rendered[id(item)] = template.render({"item": item})
        return rendered[id(item)]

    env.globals["article_card"] = article_card
    tracer.install(env)
    item = article("2025/a.md", "Erster")
    page = env.from_string("{{ article_card(item) }}")
    bundles = []
    for _ in range(2):
        with tracer.page() as reads:
            page.render({"item": item})
        bundles.append(list(reads.bundles.values()))
    assert bundles[0] and bundles[0] == bundles[1]  # the second page reads nothing itself
    (bundle,) = bundles[1]
    assert [name for _, name in bundle.attributes] == ["title"]
    assert bundle.templates == {"c.html"}


class _Recording:
    """An article stand-in that notes which attributes code reads."""

    def __init__(self) -> None:
        self.read: set[str] = set()

    def __getattr__(self, name: str):
        self.read.add(name)
        return "published"


class _TaggedRecording(_Recording):
    """A stand-in whose every attribute is an empty collection (tags, say)."""

    def __getattr__(self, name: str):
        super().__getattr__(name)
        return ()


def test_the_declared_reads_of_the_helpers_are_what_they_read():
    cards = {GLOBAL: Setup(SocialCardsSettings(), dict.fromkeys(SHARE_NETWORKS, "x"), "")}
    helpers = {
        "listed": (is_listed, _Recording),
        "section_topics": (lambda article: section_topics([article], 6), _TaggedRecording),
        "share_links": (lambda article: share_links(cards, article), _Recording),
    }
    for name, declared in HELPER_READS.items():
        if declared is TEMPLATES:
            continue
        helper, stand_in = helpers[name]
        recording = stand_in()
        helper(recording)
        assert recording.read == set(declared), name
