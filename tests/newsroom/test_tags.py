import pytest

from newsroom.slugs import slugify_german
from newsroom.tags import strip_tags
from newsroom.text import plain_text

# Markup and the text a reader sees in it.
TEXT_OF = {
    "<p>Ein <em>kurzer</em> Satz</p>": "Ein kurzer Satz",
    # A ">" inside a quoted attribute does not end the tag.
    '<p title="a>b">Text</p>': "Text",
    "<a href='x' data-x='1>2'>Link</a>": "Link",
    "vor<!-- ein <b>Kommentar</b> -->nach": "vornach",
    '<p\nclass="x">über\nzwei Zeilen</p>': "über\nzwei Zeilen",
}


@pytest.mark.parametrize(("fragment", "text"), TEXT_OF.items())
def test_strip_tags_leaves_the_text(fragment, text):
    assert strip_tags(fragment) == text


def test_every_user_of_tag_stripping_gets_the_quoted_case_right():
    fragment = '<p title="a>b">Datenschutz &amp; Recht</p>'
    assert plain_text(fragment) == "Datenschutz & Recht"
    assert slugify_german(fragment) == "datenschutz-amp-recht"
