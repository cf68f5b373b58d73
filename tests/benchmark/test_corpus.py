"""benchmark.corpus writes its headers through the contract's writer: every file of a
small corpus reads back without a problem."""

from benchmark.corpus import write_corpus
from newsroom.headers import Kind, check_header, split_source


def test_every_file_of_the_corpus_reads_back_without_a_problem(tmp_path):
    write_corpus(tmp_path, 30)
    content = tmp_path / "content"
    kinds = {"authors": Kind.PROFILE, "comments": Kind.COMMENT}
    checked = {kind: 0 for kind in Kind}
    for path in sorted(content.rglob("*.md")):
        relative = path.relative_to(content)
        kind = kinds.get(
            relative.parts[0], Kind.PAGE if "pages" in relative.parts else Kind.ARTICLE
        )
        header = check_header(
            kind, relative.as_posix(), split_source(path.read_text("utf-8")), content
        )
        assert header.problems == (), relative
        checked[kind] += 1
    assert checked[Kind.ARTICLE] == 30 and checked[Kind.PROFILE] and checked[Kind.COMMENT]


def test_a_translated_share_adds_english_versions_joined_to_their_originals(tmp_path):
    write_corpus(tmp_path, 30, translated=0.2)
    content = tmp_path / "content"
    english = sorted(content.rglob("*-en.md"))
    assert len(english) == 6  # a fifth of 30
    for path in english:
        values = check_header(
            Kind.ARTICLE,
            path.name,
            split_source(path.read_text("utf-8")),
            content,
            languages=("de", "en"),
        ).values
        original = path.with_name(path.name.removesuffix("-en.md") + ".md")
        own = check_header(
            Kind.ARTICLE, original.name, split_source(original.read_text("utf-8")), content
        ).values
        assert values["lang"] == "en" and values["translation"] == own["translation"]
    assert (
        (content / "terms.csv").read_text("utf-8").startswith("kind,de,en\ncategory,Social Media,")
    )
