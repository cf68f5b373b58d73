"""Old addresses keep working: the build turns ``content/redirects.csv`` into HTML pages at
the old paths, ``redirects.map`` (nginx) and ``.htaccess`` (Apache) in the site root.

``REDIRECTS_FILE`` (default ``redirects.csv``, below the content folder) names the table.
"""

from pelican import signals


def register() -> None:
    from redirects import hooks

    signals.finalized.connect(hooks.write_redirects)
