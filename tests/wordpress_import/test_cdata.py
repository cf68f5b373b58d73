"""Exports of WordPress before 3.1: "]]>" unescaped inside CDATA, read as WordPress reads them."""

import io

import pytest
from lxml import etree

from wordpress_import.cdata import CHUNK, repaired


def text_of(xml: bytes) -> str:
    return etree.fromstring(repaired(io.BytesIO(xml)).read()).findtext("v")


@pytest.mark.parametrize(
    ("inner", "text"),
    [
        (b"<![CDATA[a]]>", "a"),  # nothing to repair
        (b"<![CDATA[x ]]> y]]>", "x ]]> y"),
        (b"<![CDATA[]]>]]>", "]]>"),
        (b"<![CDATA[<![CDATA[ innen ]]> au\xc3\x9fen]]>", "<![CDATA[ innen ]]> au\u00dfen"),
        (b"<![CDATA[a]]]]><![CDATA[>b]]>", "a]]>b"),  # escaped the new way: left alone
        (b"vorher <![CDATA[mitten]]> nachher", "vorher mitten nachher"),
    ],
)
def test_a_section_runs_to_the_end_of_its_element(inner, text):
    assert text_of(b"<r><v>" + inner + b"</v></r>") == text


def test_line_breaks_stay_where_they_were():
    xml = b"<r>\n<v><![CDATA[eins\n]]> zwei\n]]></v>\n</r>"
    assert repaired(io.BytesIO(xml)).read().count(b"\n") == xml.count(b"\n")


def test_a_marker_across_two_reads_is_found():
    filler = b"x" * (CHUNK - 5)
    xml = b"<r><f>" + filler + b"</f><v><![CDATA[a]]>b]]></v></r>"
    assert text_of(xml) == "a]]>b"


def test_reading_in_small_pieces_gives_the_same_bytes():
    xml = b"<r><v><![CDATA[a]]>b]]></v><w>c</w></r>"
    stream = repaired(io.BytesIO(xml))
    pieces = iter(lambda: stream.read(3), b"")
    assert b"".join(pieces) == b"<r><v><![CDATA[a]]]]><![CDATA[>b]]></v><w>c</w></r>"
