"""The figures of `invoke bench`: medians, spreads, ratios to plain Pelican, the goals.

Every build is compared with the plain Pelican build of its own round: the shared host's
speed drifts between rounds, so a ratio of two medians taken minutes apart says less
than the median of the rounds' own ratios.
"""

import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from benchmark.runner import Run

PLAIN = "plain Pelican, cold"
COLD = "ours, cold"
WARM = "ours, warm (nothing changed)"
EDIT = "ours, one article edited"
FRESH = "livereload: edited page fresh"
SITE_AGAIN = "livereload: whole site again"

# Goals of issue 35, checked on every bench (never in a test: the host is shared).
COLD_WALL = 1.5  # × plain Pelican's wall time, quiet and under load
COLD_CPU = 2.5  # × plain Pelican's CPU time (the whole process tree)
EDIT_WALL = 0.3  # one edited article, × plain Pelican's cold wall time
SMALL_SITE = 500  # up to this many articles ...
SMALL_SECONDS = 1.0  # ... a warm or one-edit build takes less than this (quiet machine)
FRESH_SECONDS = 1.0  # livereload: the edited page is fresh within this
LARGE_SITE = 5000  # at this many articles ...
LARGE_PEAK_MIB = 800  # ... the peak memory stays below this, and grows no faster beyond
LINEAR = 1.25  # growth is linear while the CPU per article of a larger corpus stays below
# this multiple of a smaller one's (plain Pelican's own grows by about a fifth from 5,000
# to 20,000 articles)


@dataclass
class Figure:
    """One measured quantity over the rounds."""

    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def spread(self) -> tuple[float, float]:
        return min(run.seconds for run in self.runs), max(run.seconds for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.runs)

    def ratios(self, plain: "Figure", of: Callable[[Run], float] = lambda r: r.seconds):
        """Each run over plain Pelican's in the same round (see the module's docstring)."""
        if len(self.runs) != len(plain.runs):
            return [statistics.median(map(of, self.runs)) / statistics.median(map(of, plain.runs))]
        return [of(run) / of(base) for run, base in zip(self.runs, plain.runs, strict=True)]

    def ratio(self, plain: "Figure") -> float:
        return statistics.median(self.ratios(plain))

    def cpu_ratio(self, plain: "Figure") -> float:
        return statistics.median(self.ratios(plain, lambda run: run.cpu_seconds))


@dataclass
class Corpus:
    """The figures of one corpus size."""

    articles: int
    figures: dict[str, Figure]
    cards: dict[str, list[dict]] = field(default_factory=lambda: {"cold": [], "one edit": []})

    def figure(self, name: str) -> Figure | None:
        found = self.figures.get(name)
        return found if found is not None and found.runs else None


def table(corpus: Corpus, load: int) -> str:
    """The table printed at the end: one line per figure."""
    plain = corpus.figures[PLAIN]
    busy = f"{load} busy process{'' if load == 1 else 'es'}"
    under = f", {busy} beside every build" if load else ", no load added"
    lines = [
        f"{corpus.articles:,} articles{under}; medians of {len(plain.runs)} alternating "
        "rounds, × plain: the median of the rounds' ratios",
        f"{'':<32} {'wall':>8} {'spread':>13} {'× plain':>8} {'CPU':>8} {'× plain':>8} {'peak':>8}",
    ]
    for figure in corpus.figures.values():
        if not figure.runs:
            continue
        low, high = figure.spread
        has_cpu = figure.cpu > 0
        cpu = f"{figure.cpu:>7.2f}s {figure.cpu_ratio(plain):>7.2f}x" if has_cpu else f"{'':>17}"
        peak = f"{figure.peak_mib:>5.0f}MiB" if figure.peak_mib else f"{'':>8}"
        lines.append(
            f"{figure.name:<32} {figure.median:>7.2f}s {low:>6.2f}–{high:<6.2f}"
            f" {figure.ratio(plain):>7.2f}x {cpu} {peak}".rstrip()
        )
    for phase, stats in corpus.cards.items():
        rates = [
            s["rendered"] / s["seconds"] for s in stats if s.get("seconds") and s.get("rendered")
        ]
        if rates:
            lines.append(f"social cards, {phase}: {statistics.median(rates):.0f} cards/s drawn")
        elif stats and any(stats):
            cached = statistics.median(s.get("cached", 0) for s in stats)
            lines.append(f"social cards, {phase}: 0 drawn, {cached:.0f} from cache")
    return "\n".join(lines)


def goals(corpora: Sequence[Corpus], load: int) -> list[str]:
    """Each goal that these figures can tell, with its figure and "met" or "missed"."""
    lines = []
    for corpus in corpora:
        plain = corpus.figures[PLAIN]
        cold, warm, edit = (corpus.figure(name) for name in (COLD, WARM, EDIT))
        size = f"{corpus.articles:,} articles"
        if cold is not None and corpus.articles > SMALL_SITE:
            rounds = ", ".join(f"{r:.2f}" for r in cold.ratios(plain))
            lines.append(
                _goal(
                    cold.ratio(plain) <= COLD_WALL,
                    f"{size}, cold ≤ {COLD_WALL}× plain wall: {cold.ratio(plain):.2f}× "
                    f"(rounds {rounds})",
                )
            )
            lines.append(
                _goal(
                    cold.cpu_ratio(plain) <= COLD_CPU,
                    f"{size}, cold ≤ {COLD_CPU}× plain CPU: {cold.cpu_ratio(plain):.2f}×",
                )
            )
        if edit is not None and corpus.articles > SMALL_SITE:
            lines.append(
                _goal(
                    edit.ratio(plain) <= EDIT_WALL,
                    f"{size}, one edit ≤ {EDIT_WALL}× plain cold: {edit.ratio(plain):.2f}×",
                )
            )
        if corpus.articles <= SMALL_SITE and not load:
            for figure in (warm, edit):
                if figure is not None:
                    lines.append(
                        _goal(
                            figure.median < SMALL_SECONDS,
                            f"{size}, {figure.name} < {SMALL_SECONDS:g} s: {figure.median:.2f} s",
                        )
                    )
        fresh = corpus.figure(FRESH)
        if fresh is not None:
            lines.append(
                _goal(
                    fresh.median <= FRESH_SECONDS,
                    f"{size}, {fresh.name} ≤ {FRESH_SECONDS:g} s: {fresh.median:.2f} s",
                )
            )
        if corpus.articles >= LARGE_SITE:
            peak = max(f.peak_mib for f in corpus.figures.values() if f.runs)
            limit = LARGE_PEAK_MIB * corpus.articles / LARGE_SITE
            per = (
                f" ({LARGE_PEAK_MIB} per {LARGE_SITE:,} articles)" if limit > LARGE_PEAK_MIB else ""
            )
            lines.append(
                _goal(peak < limit, f"{size}, peak memory < {limit:,.0f} MiB{per}: {peak:.0f} MiB")
            )
    return lines + growth(corpora)


def growth(corpora: Sequence[Corpus]) -> list[str]:
    """Whether the CPU time per article of each figure grows linearly from the
    smallest corpus above a small site to the largest (both measured cold, warm, edited)."""
    large = sorted((c for c in corpora if c.articles > SMALL_SITE), key=lambda c: c.articles)
    if len(large) < 2:
        return []
    small, big = large[0], large[-1]
    lines = []
    for name in (PLAIN, COLD, WARM, EDIT):
        before, after = small.figure(name), big.figure(name)
        if before is None or after is None or not before.cpu or not after.cpu:
            continue
        factor = (after.cpu / big.articles) / (before.cpu / small.articles)
        text = f"{name}: CPU per article at {big.articles:,} articles {factor:.2f}× that at "
        if name == PLAIN:  # Pelican's own growth: no goal of ours, the yardstick
            lines.append(f"{'':>6}  {text}{small.articles:,} (for comparison)")
        else:
            lines.append(_goal(factor <= LINEAR, f"{text}{small.articles:,} (linear: ≤ {LINEAR}×)"))
    return lines


def _goal(met: bool, text: str) -> str:
    return f"{'met' if met else 'MISSED':>6}: {text}"


def as_json(corpora: Sequence[Corpus], meta: dict) -> str:
    return json.dumps(
        {
            "meta": meta,
            "corpora": {
                str(corpus.articles): {
                    "cards": corpus.cards,
                    "figures": {
                        f.name: {
                            "median_seconds": round(f.median, 3),
                            "spread_seconds": [round(s, 3) for s in f.spread],
                            "ratio_to_plain": round(f.ratio(corpus.figures[PLAIN]), 3),
                            "cpu_seconds": round(f.cpu, 3),
                            "cpu_ratio_to_plain": round(f.cpu_ratio(corpus.figures[PLAIN]), 3)
                            if f.cpu
                            else None,
                            "peak_mib": round(f.peak_mib, 1),
                            "runs": [asdict(r) for r in f.runs],
                        }
                        for f in corpus.figures.values()
                        if f.runs
                    },
                }
                for corpus in corpora
            },
        },
        indent=2,
        ensure_ascii=False,
    )
