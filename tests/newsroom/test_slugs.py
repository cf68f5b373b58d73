import pytest

from newsroom.slugs import is_valid_slug, slugify_german


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zu wem gehört", "zu-wem-gehoert"),
        ("Größer denken: Außenwirkung", "groesser-denken-aussenwirkung"),
        ("ÄÖÜ äöü ß ẞ", "aeoeue-aeoeue-ss-ss"),
        ("Mehmet Yıldız", "mehmet-yildiz"),
        ("Café & Crème brûlée", "cafe-creme-brulee"),
        ("PR & Krisenkommunikation", "pr-krisenkommunikation"),
        ("  --Social--Media--  ", "social-media"),
        ("Fu\u0308r alle", "fuer-alle"),  # "ü" typed as u + combining diaeresis
        ("<em>Fett</em> gedruckt", "fett-gedruckt"),
        ("2026: 10 Thesen", "2026-10-thesen"),
        ("!!!", ""),
    ],
)
def test_slugify_german_transliterates_before_ascii_folding(text, slug):
    assert slugify_german(text) == slug


@pytest.mark.parametrize(
    ("slug", "valid"),
    [
        ("zu-wem-gehoert", True),
        ("a1", True),
        ("Zu-wem", False),
        ("zu--wem", False),
        ("zu-wem-", False),
        ("gehört", False),
        ("", False),
    ],
)
def test_is_valid_slug(slug, valid):
    assert is_valid_slug(slug) is valid
