"""comments: approved comments from git under each article, the comment form, and the
intake service and moderation tasks that fill content/comments/."""


def register() -> None:
    # Imported here, not at module level: the intake service (comments.intake) lives in
    # this package and must run without Pelican.
    from pelican import signals

    from comments.hooks import join_comments, write_manifest

    # A join across files (comments and articles): on every build, so a cached article
    # never keeps an old thread.
    signals.article_generator_finalized.connect(join_comments)
    # The list of commentable articles for the intake service, with the site.
    signals.article_writer_finalized.connect(write_manifest)
