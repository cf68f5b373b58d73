"""benchmark: the synthetic corpus and the timing behind `invoke bench`.

Not a Pelican plugin (not listed in PLUGINS, no register()).
"""
