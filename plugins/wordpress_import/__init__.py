"""Moving a WordPress blog in: `invoke import wordpress EXPORT.xml`.

Not a Pelican plugin. ``wxr`` streams the export (``cdata`` repairs an old WordPress's
CDATA), ``collect`` gathers what the one pass finds and sets the texts aside in a
``spool``, ``plan`` decides slugs, categories (``categories``: their names here), dates
and old URLs (``oldurls``), ``convert`` turns WordPress HTML into our Markdown with what a
post needs from the rest (``context``; ``preformatted``, ``media``, ``shortcodes``,
``autop``, ``styles``, ``lazy``; the escaping is ``newsroom.escaping``), ``pictures``
copies or fetches files, ``comment_import`` and ``menu`` prepare the
comments and ``content/menu.csv``, ``files`` decides what may be written and stages it,
``transaction`` moves it all into place at once, and ``run`` puts it together and makes the
``report``.
"""
