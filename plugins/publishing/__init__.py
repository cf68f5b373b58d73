"""publishing: the code behind `invoke check` and `invoke publish`.

Not a Pelican plugin (it is not listed in PLUGINS and has no register()): it works on
content files and on finished builds. `sources` and `links` are the editorial checks,
`findings` formats them, `search` builds the Pagefind index, `deploy` ships a build.
"""
