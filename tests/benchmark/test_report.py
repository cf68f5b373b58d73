"""The goals `invoke bench` prints, from figures made here (no build runs)."""

from benchmark.report import COLD, EDIT, PLAIN, WARM, Corpus, Figure, goals
from benchmark.runner import Run


def corpus(articles: int, peak: float, cpu_per_article: dict[str, float]) -> Corpus:
    figures = {name: Figure(name) for name in (PLAIN, COLD, WARM, EDIT)}
    for name, per_article in cpu_per_article.items():
        seconds = per_article * articles
        figures[name].runs.append(Run(seconds, peak, seconds))
    return Corpus(articles, figures)


def test_peak_memory_goal_grows_with_the_corpus_from_five_thousand_articles():
    shares = {PLAIN: 0.004, COLD: 0.02, WARM: 0.001, EDIT: 0.005}
    printed = goals([corpus(5000, 790, shares), corpus(20000, 3100, shares)], load=0)
    assert "   met: 5,000 articles, peak memory < 800 MiB: 790 MiB" in printed
    assert (
        "   met: 20,000 articles, peak memory < 3,200 MiB (800 per 5,000 articles): 3100 MiB"
        in (printed)
    )
    missed = goals([corpus(5000, 810, shares)], load=0)
    assert "MISSED: 5,000 articles, peak memory < 800 MiB: 810 MiB" in missed


def test_growth_is_linear_while_the_cpu_per_article_stays_within_a_quarter():
    small = corpus(5000, 500, {PLAIN: 0.004, COLD: 0.02, WARM: 0.001, EDIT: 0.005})
    large = corpus(20000, 2000, {PLAIN: 0.0045, COLD: 0.021, WARM: 0.001, EDIT: 0.0075})
    printed = goals([small, large], load=0)
    assert (
        "   met: ours, cold: CPU per article at 20,000 articles 1.05× that at 5,000 "
        "(linear: ≤ 1.25×)"
    ) in printed
    assert (
        "        plain Pelican, cold: CPU per article at 20,000 articles 1.12× that at 5,000 "
        "(for comparison)"
    ) in printed
    # One edit that renders far more pages at the larger size is no linear growth.
    assert (
        "MISSED: ours, one article edited: CPU per article at 20,000 articles 1.50× that at "
        "5,000 (linear: ≤ 1.25×)"
    ) in printed
    # A single corpus tells nothing about growth.
    assert not [line for line in goals([small], load=0) if "CPU per article" in line]
