"""intake: the web service behind the site (comment form, moderation page, machine export,
Webmention and pingback endpoints), its queue, and the editors' tasks on that queue.

Not a Pelican plugin and never imports Pelican: it runs on the web server without the
build (``intake.wsgi:application``). The build side of comments is ``comments``; the
sending of mentions and what both sides share is ``mentions``.
"""
