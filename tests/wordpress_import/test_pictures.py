"""Where an export's pictures come from and go to; nothing is read outside --uploads."""

import pytest

from wordpress_import.files import Files
from wordpress_import.pictures import (
    REFUSED_PATH,
    Pictures,
    local_path,
    original_url,
    uploads_relative,
)

BLOG = "https://alt.example"


@pytest.mark.parametrize(
    ("url", "original"),
    [
        (
            "https://i0.wp.com/alt.example/wp-content/uploads/2019/03/a.jpg?resize=300%2C200",
            "https://alt.example/wp-content/uploads/2019/03/a.jpg",
        ),
        (
            "https://i2.wp.com/blog.files.wordpress.com/2019/03/a.jpg?w=600",
            "https://blog.files.wordpress.com/2019/03/a.jpg",
        ),
        (
            "http://blog.files.wordpress.com/2019/03/a.jpg?w=150",
            "http://blog.files.wordpress.com/2019/03/a.jpg",
        ),
        (
            "https://alt.example/wp-content/uploads/a.jpg?v=2",
            "https://alt.example/wp-content/uploads/a.jpg?v=2",
        ),
    ],
)
def test_the_upload_behind_a_cdn_or_wordpress_com_address(url, original):
    assert original_url(url) == original


@pytest.mark.parametrize(
    ("url", "relative", "stored"),
    [
        (
            f"{BLOG}/wp-content/uploads/2019/03/Hafen Bild.JPG",
            "2019/03/Hafen Bild.JPG",
            "images/2019/03/hafen-bild.jpg",
        ),
        (
            "https://blog.files.wordpress.com/2008/06/dsc0.jpg?w=300",
            "2008/06/dsc0.jpg",
            "images/2008/06/dsc0.jpg",
        ),
        (
            "https://i0.wp.com/alt.example/wp-content/uploads/2019/03/a.png",
            "2019/03/a.png",
            "images/2019/03/a.png",
        ),
        ("https://cdn.example.org/bilder/x.webp", None, "images/extern/cdn-example-org/x.webp"),
        (f"{BLOG}/wp-content/uploads/2019/03/film.pdf", "2019/03/film.pdf", None),
    ],
)
def test_where_a_picture_is_found_and_stored(url, relative, stored):
    assert uploads_relative(url) == relative
    assert local_path(url) == stored


@pytest.mark.parametrize(
    "path",
    [
        "/wp-content/uploads/../../geheim.jpg",
        "/wp-content/uploads/2019/%2e%2e/%2E%2E/%2e%2e/geheim.jpg",
        "/wp-content/uploads//etc/geheim.jpg",
        "/wp-content/uploads/..%5c..%5cgeheim.jpg",
        "/wp-content/uploads/2019\\..\\..\\geheim.jpg",
        "/wp-content/uploads/./2019/geheim.jpg",
    ],
)
def test_traversal_in_any_spelling_never_reads_outside_uploads(tmp_path, path):
    uploads = tmp_path / "project" / "uploads"
    (uploads / "2019").mkdir(parents=True)
    secret = b"\xff\xd8 private"
    for place in (tmp_path / "geheim.jpg", tmp_path / "project" / "geheim.jpg", tmp_path / "etc"):
        place.parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "geheim.jpg").write_bytes(secret)
    (tmp_path / "project" / "geheim.jpg").write_bytes(secret)
    with pytest.raises(ValueError, match="leave --uploads"):
        uploads_relative(BLOG + path)
    files = Files(tmp_path / "content", tmp_path / "record.json", tmp_path / "staging")
    pictures = Pictures(files, BLOG, uploads)
    assert pictures([BLOG + path]) is None
    assert pictures.failures[BLOG + path] == REFUSED_PATH
    assert files.staged == {}
    assert (local_path(BLOG + path) or "").startswith("images/")  # a name below content/


def test_a_symbolic_link_out_of_uploads_is_refused(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2019").mkdir(parents=True)
    (tmp_path / "geheim.jpg").write_bytes(b"private")
    (uploads / "2019" / "link.jpg").symlink_to(tmp_path / "geheim.jpg")
    files = Files(tmp_path / "content", tmp_path / "record.json", tmp_path / "staging")
    pictures = Pictures(files, BLOG, uploads)
    url = f"{BLOG}/wp-content/uploads/2019/link.jpg"
    assert pictures([url]) is None and pictures.failures[url] == REFUSED_PATH


def test_a_wordpress_com_picture_comes_from_uploads(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2008" / "06").mkdir(parents=True)
    (uploads / "2008" / "06" / "dsc0.jpg").write_bytes(b"jpeg")
    files = Files(tmp_path / "content", tmp_path / "record.json", tmp_path / "staging")
    pictures = Pictures(files, BLOG, uploads)
    cdn = "https://i1.wp.com/blog.files.wordpress.com/2008/06/dsc0.jpg?w=300"
    assert pictures([cdn]) == "images/2008/06/dsc0.jpg"
    assert files.staged["images/2008/06/dsc0.jpg"].read_bytes() == b"jpeg"
