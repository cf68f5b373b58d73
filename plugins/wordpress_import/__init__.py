"""Moving a WordPress blog in: `invoke import wordpress EXPORT.xml`.

Not a Pelican plugin. ``wxr`` streams the export, ``convert`` turns WordPress HTML into
our Markdown, ``plan`` decides slugs, categories and old URLs, ``pictures`` copies or
fetches images, ``files`` writes content without overwriting what editors changed, and
``run`` puts it together and makes the report.
"""
