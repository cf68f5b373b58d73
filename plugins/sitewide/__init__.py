"""sitewide: what every page shows of the whole site and the front page: the editors'
header menu (content/menu.csv, checked), the site's years for the footer, and the front
page with its lead article (the newest, or the newest marked ``Featured: yes``)."""

from pelican import signals

from sitewide.hooks import (
    add_template_helpers,
    check_menu_targets,
    collect_site_frame,
    write_front_page,
)


def register() -> None:
    # Each generator has its own Jinja environment.
    signals.generator_init.connect(add_template_helpers)
    # After the articles are read (the default menu counts their categories) and before
    # anything is written: a broken menu.csv stops the build with the other content errors.
    signals.article_generator_finalized.connect(collect_site_frame)
    # The front page, lead first (pelicanconf.py leaves "index" out of DIRECT_TEMPLATES).
    signals.article_writer_finalized.connect(write_front_page)
    # Every menu address leads to a page: checked in the written site.
    signals.finalized.connect(check_menu_targets)
