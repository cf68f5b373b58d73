import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from newsroom.figures import FigureExtension


def render(text: str) -> BeautifulSoup:
    html = Markdown(extensions=[FigureExtension()], output_format="html5").convert(text)
    return BeautifulSoup(html, "html.parser")


def test_image_with_caption_and_credit_becomes_a_figure():
    soup = render('![Ein Diagramm](a.svg "Drei Kanäle im Vergleich")\nBildquelle: Hafenlicht')
    figure = soup.find("figure")
    assert figure.img["alt"] == "Ein Diagramm"
    assert "title" not in figure.img.attrs
    assert figure.figcaption.find(class_="caption").text == "Drei Kanäle im Vergleich"
    assert figure.figcaption.find(class_="credit").text == "Bildquelle: Hafenlicht"
    assert soup.find("p") is None


def test_credit_may_contain_a_link():
    soup = render("![Hafen](b.jpg)\nFoto: [Jana Albers](https://example.org/ja) / CC BY 4.0")
    credit = soup.find("figure").find(class_="credit")
    assert credit.get_text() == "Foto: Jana Albers / CC BY 4.0"
    assert credit.a["href"] == "https://example.org/ja"


def test_caption_alone_is_enough():
    soup = render('![Hafen](b.jpg "Der Hafen am Abend")')
    assert soup.find("figcaption").get_text() == "Der Hafen am Abend"
    assert soup.find(class_="credit") is None


@pytest.mark.parametrize(
    "text",
    [
        "![Hafen](b.jpg)",  # no caption, no credit: stays an image
        'Siehe ![Icon](i.svg "Titel") im Satz.',  # image inside a sentence
        '![Icon](i.svg "Titel") und weiterer Text',  # text after the image is no credit
    ],
)
def test_images_that_are_not_figures_stay_as_they_are(text):
    soup = render(text)
    assert soup.find("figure") is None
    assert soup.find("img") is not None


def test_title_is_kept_when_the_image_is_not_a_figure():
    soup = render('Siehe ![Icon](i.svg "Titel") im Satz.')
    assert soup.find("img")["title"] == "Titel"
