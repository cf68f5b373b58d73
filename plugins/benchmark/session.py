"""`invoke bench`: rounds of builds on one synthetic corpus, then the table and goals.

Each round times plain Pelican, our cold, warm and plugin-caches-only builds, an edit,
and the live preview saving one article (runner.py times one build each).
"""

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.corpus import Corpus, write_corpus
from benchmark.runner import (
    Figure,
    Run,
    as_json,
    card_stats,
    live_edit,
    our_build,
    plain_pelican,
    table,
)

FIGURES = (
    "plain Pelican, cold",
    "ours, cold",
    "ours, warm (nothing changed)",
    "ours, warm, plugin caches only",
    "ours, one article edited",
    "livereload: edited page fresh",
    "livereload: whole site again",
)


@dataclass
class Bench:
    root: Path  # the project whose code is measured
    scratch: Path  # corpus, caches and measured sites; deleted by the caller
    figures: dict[str, Figure] = field(init=False)
    cards: dict[str, list] = field(default_factory=lambda: {"cold": [], "warm": []})

    def __post_init__(self) -> None:
        self.figures = {name: Figure(name) for name in FIGURES}
        self.log = self.scratch / "build.log"
        self.output = self.scratch / "output"
        self.trash = self.scratch / "measured"
        self.trash.mkdir(exist_ok=True)

    def write_corpus(self, articles: int, translated: float = 0.0) -> Corpus:
        print(f"Writing a corpus of {articles} articles …", flush=True)
        corpus = write_corpus(self.scratch / "project", articles, translated=translated)
        if translated:
            print(f"  {translated:.0%} of them with an English version too")
        print(
            f"  {corpus.articles} articles, {corpus.authors} authors, {corpus.comments} "
            f"comments on {corpus.commented} articles"
        )
        return corpus

    def round(self, corpus: Corpus, number: int, runs: int) -> None:
        """One round: the five builds, then the live preview."""
        cache = self.scratch / f"cache-{number}"
        ours = functools.partial(our_build, self.root, corpus.root, cache=cache, log=self.log)
        steps = (
            ("plain Pelican, cold", functools.partial(plain_pelican, corpus.root, log=self.log)),
            ("ours, cold", ours),
            ("ours, warm (nothing changed)", ours),
            ("ours, warm, plugin caches only", functools.partial(ours, snapshot=False)),
            ("ours, one article edited", ours),
        )
        for name, measure in steps:
            figure = self.figures[name]
            if name == "ours, one article edited":
                with corpus.edit_target.open("a", encoding="utf-8") as text:
                    text.write(f"\nNachtrag {number}: ein Satz mehr.\n")
            print(f"  run {number}/{runs}: {name} …", end=" ", flush=True)
            figure.runs.append(measure(output=self.output))
            self._set_aside(self.output)
            print(f"{figure.runs[-1].seconds:.2f} s, {figure.runs[-1].peak_mib:.0f} MiB")
            if name in ("ours, cold", "ours, warm, plugin caches only"):
                self.cards["cold" if name == "ours, cold" else "warm"].append(card_stats(cache))
        self._live_round(corpus, number, runs)

    def _live_round(self, corpus: Corpus, number: int, runs: int) -> None:
        print(f"  run {number}/{runs}: livereload, one article saved …", end=" ", flush=True)
        live = live_edit(
            self.root,
            corpus.root,
            self.output,
            self.scratch / f"live-cache-{number}",
            self.log,
            corpus.edit_target,
            number,
        )
        self._set_aside(self.output)
        self.figures["livereload: edited page fresh"].runs.append(Run(live.fresh_seconds, 0.0))
        self.figures["livereload: whole site again"].runs.append(Run(live.site_seconds, 0.0))
        print(f"page fresh after {live.fresh_seconds:.2f} s, site after {live.site_seconds:.2f} s")

    def _set_aside(self, site: Path) -> None:
        """Move a measured site out of the way; all are deleted at the end. Deleting
        thousands of files makes creating files slow for about 30 s after (ext4 skips
        recently freed inodes), which the next build would pay for."""
        if site.exists():
            site.rename(self.trash / str(len(list(self.trash.iterdir()))))
        os.sync()

    def summary(self, articles: int) -> str:
        """The table and the goals, as printed at the end."""
        plain, cold, warm = (self.figures[name] for name in FIGURES[:3])
        fresh = self.figures["livereload: edited page fresh"]
        rounds = ", ".join(f"{r:.2f}" for r in cold.ratios(plain))
        return (
            table(list(self.figures.values()), plain, articles, self.cards)
            + "\n"
            + f"Goals: cold ≤ 2.0× plain ({cold.ratio(plain):.2f}×; rounds {rounds}), "
            f"warm ≤ 0.6× plain ({warm.ratio(plain):.2f}×), "
            f"edited page fresh ≤ 1 s ({fresh.median:.2f} s)."
        )

    def write_json(self, path: Path, articles: int, runs: int) -> None:
        meta = {"articles": articles, "runs": runs, "cards": self.cards, "cpus": os.cpu_count()}
        plain = self.figures[FIGURES[0]]
        path.write_text(as_json(list(self.figures.values()), plain, meta), encoding="utf-8")
        print(f"Figures written to {path}")


def run_bench(
    root: Path, scratch: Path, articles: int, runs: int, json_path: str = "", translated: float = 0
) -> None:
    """Everything `invoke bench` prints (and writes with ``json_path``)."""
    bench = Bench(root, scratch)
    corpus = bench.write_corpus(articles, translated)
    for number in range(1, runs + 1):
        bench.round(corpus, number, runs)
    print()
    print(bench.summary(articles))
    if json_path:
        bench.write_json(Path(json_path), articles, runs)
