"""comments: approved comments from git under each article, the comment form, and the one
home of the comment file (``comments.files``) that the intake's export and sync write."""


def register() -> None:
    # Imported here, not at module level: the intake service imports this package (the
    # comment file, the settings) and runs without Pelican.
    from pelican import signals

    from comments.hooks import join_comments, localise_settings, write_manifest

    # A join across files (comments and articles): on every build, so a cached article
    # never keeps an old thread.
    signals.article_generator_finalized.connect(join_comments)
    # The form in every language: its privacy link needs the pages' translations.
    signals.all_generators_finalized.connect(localise_settings)
    # The list of commentable articles for the intake service, with the site.
    signals.article_writer_finalized.connect(write_manifest)
