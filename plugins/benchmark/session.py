"""`invoke bench`: rounds of builds on synthetic corpora, then the tables and the goals.

Each round times, per corpus, plain Pelican and our cold, warm and one-edit production
builds one after the other (runner.py times one build each), and on the large corpus
the live preview saving one article. With ``load``, busy processes run beside all of it
(load.py).
"""

import compileall
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.corpus import Corpus as Written
from benchmark.corpus import write_corpus
from benchmark.load import busy_load
from benchmark.report import (
    COLD,
    EDIT,
    FRESH,
    PLAIN,
    SITE_AGAIN,
    WARM,
    Corpus,
    Figure,
    as_json,
    goals,
    table,
)
from benchmark.runner import Run, card_stats, live_edit, our_build, plain_pelican

FIGURES = (PLAIN, COLD, WARM, EDIT, FRESH, SITE_AGAIN)


@dataclass
class Bench:
    root: Path  # the project whose code is measured
    scratch: Path  # corpora, caches and measured sites; deleted by the caller
    corpora: list[tuple[Written, Corpus]] = field(default_factory=list)
    host_load: tuple[float, float] = (0.0, 0.0)  # the 1-minute load average, before and after

    def __post_init__(self) -> None:
        self.log = self.scratch / "build.log"
        self.output = self.scratch / "output"
        self.trash = self.scratch / "measured"
        self.trash.mkdir(exist_ok=True)

    def write_corpus(self, articles: int, translated: float = 0.0) -> None:
        print(f"Writing a corpus of {articles} articles …", flush=True)
        folder = self.scratch / f"project-{articles}"
        written = write_corpus(folder, articles, translated=translated)
        if translated:
            print(f"  {translated:.0%} of them with an English version too")
        print(
            f"  {written.articles} articles, {written.authors} authors, {written.comments} "
            f"comments on {written.commented} articles"
        )
        figures = {name: Figure(name) for name in FIGURES}
        self.corpora.append((written, Corpus(articles, figures)))

    def round(self, number: int, runs: int) -> None:
        """One round: on each corpus plain Pelican, cold, warm, one edit; the live
        preview on the largest."""
        largest = max(corpus.articles for _, corpus in self.corpora)
        for written, corpus in self.corpora:
            self._builds(written, corpus, number, runs)
            if corpus.articles == largest:
                self._live_round(written, corpus, number, runs)

    def _builds(self, written: Written, corpus: Corpus, number: int, runs: int) -> None:
        cache = self.scratch / f"cache-{corpus.articles}-{number}"
        ours = functools.partial(our_build, self.root, written.root, cache=cache, log=self.log)
        steps = (
            (PLAIN, functools.partial(plain_pelican, written.root, log=self.log)),
            (COLD, ours),
            (WARM, ours),
            (EDIT, ours),
        )
        for name, measure in steps:
            if name == EDIT:
                with written.edit_target.open("a", encoding="utf-8") as text:
                    text.write(f"\nNachtrag {number}: ein Satz mehr.\n")
            print(
                f"  run {number}/{runs}, {corpus.articles} articles: {name} …", end=" ", flush=True
            )
            run = measure(output=self.output)
            corpus.figures[name].runs.append(run)
            self._set_aside(self.output)
            print(f"{run.seconds:.2f} s, {run.cpu_seconds:.2f} s CPU, {run.peak_mib:.0f} MiB")
            if name in (COLD, EDIT):
                corpus.cards["cold" if name == COLD else "one edit"].append(card_stats(cache))

    def _live_round(self, written: Written, corpus: Corpus, number: int, runs: int) -> None:
        print(f"  run {number}/{runs}: livereload, one article saved …", end=" ", flush=True)
        live = live_edit(
            self.root,
            written.root,
            self.output,
            self.scratch / f"live-cache-{number}",
            self.log,
            written.edit_target,
            number,
        )
        self._set_aside(self.output)
        corpus.figures[FRESH].runs.append(Run(live.fresh_seconds, 0.0))
        corpus.figures[SITE_AGAIN].runs.append(Run(live.site_seconds, 0.0))
        print(f"page fresh after {live.fresh_seconds:.2f} s, site after {live.site_seconds:.2f} s")

    def _set_aside(self, site: Path) -> None:
        """Move a measured site out of the way; all are deleted at the end. Deleting
        thousands of files makes creating files slow for about 30 s after (ext4 skips
        recently freed inodes), which the next build would pay for."""
        if site.exists():
            site.rename(self.trash / str(len(list(self.trash.iterdir()))))
        os.sync()

    def summary(self, load: int) -> str:
        """The tables and the goals, as printed at the end."""
        corpora = [corpus for _, corpus in self.corpora]
        host = (
            f"Host load average (1 minute) before the first build {self.host_load[0]:.1f}, "
            f"after the last {self.host_load[1]:.1f} ({os.cpu_count()} cores)."
        )
        return "\n\n".join(
            [
                *(table(corpus, load) for corpus in corpora),
                host,
                "Goals:\n" + "\n".join(goals(corpora, load)),
            ]
        )

    def write_json(self, path: Path, runs: int, load: int) -> None:
        meta = {"runs": runs, "load": load, "cpus": os.cpu_count(), "host_load": self.host_load}
        path.write_text(as_json([c for _, c in self.corpora], meta), encoding="utf-8")
        print(f"Figures written to {path}")


def run_bench(
    root: Path,
    scratch: Path,
    sizes: list[int],
    runs: int,
    json_path: str = "",
    load: int = 0,
    translated: float = 0.0,
) -> None:
    """Everything `invoke bench` prints (and writes with ``json_path``); ``translated``:
    the share of each corpus that has an English version too."""
    bench = Bench(root, scratch)
    for articles in sorted(set(sizes), reverse=True):
        bench.write_corpus(articles, translated)
    # The project's modules compiled once, as a checkout has them after its first build
    # (plain Pelican's were compiled when it was installed): with PYTHONDONTWRITEBYTECODE
    # set, every build would compile ours anew (a third of a second).
    compileall.compile_dir(root / "plugins", quiet=1)
    if load:
        print(f"Busy processes beside every build: {load}.")
    before = os.getloadavg()[0]
    with busy_load(load):
        for number in range(1, runs + 1):
            bench.round(number, runs)
    # The host is shared: what else ran shows in its load average (2 cores: 2 is busy).
    bench.host_load = (before, os.getloadavg()[0])
    print()
    print(bench.summary(load))
    if json_path:
        bench.write_json(Path(json_path), runs, load)
