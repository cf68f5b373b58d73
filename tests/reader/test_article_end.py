"""What an article shows around its text: the byline row, and at its end the topics, the
share links, the bio boxes and "Weiterlesen"."""

import pytest

ARTICLE = "2024/02/zu-wem-gehoert-der-firmen-account/"  # comments, one author
UPDATED = "2023/12/was-wir-2023-ueber-reichweite-gelernt-haben/"  # Modified
SPONSORED = "2025/06/redaktionsplanung-fuenf-werkzeuge-im-praxisvergleich/"


def article_paths(site) -> list[str]:
    return [
        page.relative_to(site.output).parent.as_posix() + "/"
        for page in site.pages()
        if page.relative_to(site.output).parts[0].isdigit()
        and len(page.relative_to(site.output).parts) == 4
    ]


def test_the_byline_row_has_portrait_name_role_dates_reading_time_and_comments(demo_site):
    byline = demo_site.html(ARTICLE).select_one(".post-header .byline")
    portrait = byline.select_one(".byline__portrait")
    assert (portrait["width"], portrait["height"]) == ("48", "48")
    assert byline.select_one(".byline__names a[rel=author]").get_text() == "Mehmet Yıldız"
    assert byline.select_one(".byline__role").get_text() == (
        "Social-Media-Stratege, Hafenlicht Kommunikation"
    )
    assert byline.select_one("time").get_text() == "13. Februar 2024"
    assert "4\u00a0Min. Lesezeit" in byline.select_one(".byline__reading").get_text()
    comments = byline.select_one(".byline__comments")
    assert comments.get_text() == "4 Kommentare" and comments["href"].endswith("#comments")
    updated = demo_site.html(UPDATED).select_one(".byline__updated")
    assert " ".join(updated.get_text().split()) == "aktualisiert am 8. Januar 2024"
    # Two authors: two portraits, both names, no single role.
    joint = demo_site.html("2024/06/mitarbeitende-als-markenbotschafter-chancen-und-grenzen/")
    assert len(joint.select(".post-header .byline__portrait")) == 2
    assert joint.select_one(".post-header .byline__role") is None


def test_every_article_leads_to_three_more_listed_unpaid_others(demo_site):
    articles = article_paths(demo_site)
    listed = {
        a["href"].removeprefix(demo_site.settings["SITEURL"] + "/")
        for a in demo_site.html("archiv/").select(".archive-list a")
    }
    assert len(articles) >= 14
    for path in articles:
        links = [
            a["href"].removeprefix(demo_site.settings["SITEURL"] + "/")
            for a in demo_site.html(path).select(".related .teaser__title a")
        ]
        assert len(links) == 3, path
        assert path not in links and set(links) <= listed, path
        assert SPONSORED not in links, path


def test_topics_and_share_links_look_different(demo_site):
    end = demo_site.html(ARTICLE).select_one(".post-footer")
    topics = end.select(".topic-list a[rel=tag]")
    assert [a.get_text() for a in topics] == [
        "LinkedIn",
        "Social-Media-Richtlinien",
        "Employee Advocacy",
    ]
    shown = end.select(".share > .share__list .share__link")
    more = end.select(".share__more .share__link")
    assert [a.get_text(strip=True) for a in shown] == [
        "Auf LinkedIn teilen",
        "Auf Mastodon teilen",
        "Per E-Mail teilen",
        "Link kopieren",
    ]
    assert len(more) == 4 and end.select_one(".share__more summary").get_text(" ", strip=True)
    assert all(a.select_one("svg use") for a in shown + more)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_four_share_links_show_the_rest_behind_more_and_tags_are_no_buttons(
    browser, reader_site, width
):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    tab = context.new_page()
    tab.goto(base + "/" + ARTICLE)
    share = tab.get_by_role("region", name="Beitrag teilen")
    visible = [link for link in share.get_by_role("link").all() if link.is_visible()]
    assert len(visible) == 4
    share.locator("summary").click()  # "Mehr"
    assert len([link for link in share.get_by_role("link").all() if link.is_visible()]) == 8
    style = """el => { const s = getComputedStyle(el), b = getComputedStyle(el, "::before");
        return [s.borderTopStyle, s.borderTopWidth, b.content]; }"""
    assert tab.locator(".share__link").first.evaluate(style)[:2] == ["solid", "1px"]
    assert tab.locator(".topic-list a").first.evaluate(style) == ["none", "0px", '"#"']
    context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 320])
def test_the_bio_box_stacks_on_phones(browser, reader_site, width):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(base + "/" + ARTICLE)
    measured = tab.evaluate("""() => { const bio = document.querySelector(".bio");
        const box = bio.getBoundingClientRect();
        const pad = parseFloat(getComputedStyle(bio).paddingLeft);
        const picture = bio.querySelector(".bio__picture").getBoundingClientRect();
        const text = bio.querySelector(".bio__text").getBoundingClientRect();
        return {inner: box.width - 2 * pad - 2, text: text.width,
                above: picture.bottom <= text.top + 0.5}; }""")
    assert measured["above"], measured
    assert measured["text"] >= measured["inner"] - 1, measured
    context.close()
