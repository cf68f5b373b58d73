"""Two-click embeds ("Zwei-Klick"): videos, posts and players from other platforms that
load nothing from the platform before the reader clicks.

Not a Pelican plugin: ``embeds.markdown`` is a Markdown extension (enabled in
``MARKDOWN`` in pelicanconf.py), ``embeds.providers`` knows the platforms and is also
used by the WordPress import. The click is handled by ``theme/static/js/embeds.js``.
"""
