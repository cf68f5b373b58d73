"""newsroom: the site's shared core, plain Python without Pelican.

The content contract (headers, schema, slugs), what is listed, the Markdown dialect,
labels, UI translations, dates, the build report and the derived-data cache. Every
plugin imports it, and so do the comment intake and the tasks, which run without
Pelican: no module here may import it (tests/newsroom/test_core.py checks). The
Pelican side of the contract, its reader and hooks, is the `contract` plugin.
"""
