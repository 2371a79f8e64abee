"""Benchmark Attaché's question matcher against two baselines on synthetic fact bases.

What is measured, at each size N (1,000, 10,000 and 100,000 facts by default), over the
same deterministic synthetic base and the same questions (`bench/synthetic.py`):

* Attaché's `Matcher`, alone (words only) and with the second opinion by meaning the bot
  runs with (`bot.core.semantic`; its phrasing vectors cold, computed the first time a fact
  is a candidate), a naive RapidFuzz baseline (`process.extractOne` with `fuzz.WRatio`
  over every phrasing of every fact) and a BM25 baseline (`bm25s`, one document per fact =
  its phrasings joined, top-1);
* index build time; per-question latency (median and p99, `time.perf_counter`, after a
  20-question warm-up); peak memory: each system runs alone in a fresh subprocess, and its
  peak is the peak RSS (`getrusage().ru_maxrss`, reset with /proc/self/clear_refs where
  Linux allows it) minus the RSS once the facts and questions exist;
* accuracy: % of clean held-out phrasings answered with the right fact, % of the same
  questions with one or two typos answered right, % of out-of-scope questions declined,
  and % of in-scope (clean + typo) questions answered with a WRONG fact. Attaché answers
  when its decision is ANSWER. The baselines have no abstention of their own: they answer
  when their top score reaches a threshold chosen, per N, to maximise
  (accuracy + abstention) / 2 on these very questions -- an advantage Attaché does not get;
* a full reload at 10,000 facts: the synthetic facts written as seed articles and fact
  YAML files, then `FactBaseManager.reload` (what /facts reload runs: validate, build
  SQLite, build the matcher, swap) timed end to end, and the same steps timed one by one.

Run from the repository root (five to six minutes on two cores for the defaults):

    python -m bench.matcher                                # 1k, 10k, 100k; 300 questions
    python -m bench.matcher --sizes 1000,10000 --queries 100
    python -m bench.matcher --no-reload --systems attache  # just the matcher
    python -m bench.matcher --sizes 100000 --systems attache --no-reload --profile-build

`--queries Q` means Q clean, Q typo and Q out-of-scope questions per size. The naive
baseline needs about 0.7 s per question at 100k, so above 10k it answers only the first
`--naive-cap` (100) questions of each category; the report says so. Progress goes to
stderr; the report (markdown tables, a cProfile of Attaché's slowest question at the
largest N) to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import json
import math
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.synthetic import ARTICLE_ID, Query, Synthetic, generate, queries

SYSTEMS = ("attache", "meaning", "naive", "bm25s")
LABELS = {
    "attache": "Attaché Matcher",
    "meaning": "Attaché + meaning",
    "naive": "naive WRatio",
    "bm25s": "bm25s",
}
# Attaché's own decision rule, with or without the second opinion by meaning; the
# baselines get a threshold instead.
ATTACHE_SYSTEMS = ("attache", "meaning")
WARMUP = 20
RELOAD_SIZE = 10_000
# Above this size the naive baseline (about 0.07 s per question at 10k, 0.6 s at 100k) only
# answers the first `--naive-cap` questions of each category, to keep the run short.
NAIVE_FULL_MAX = 10_000
IN_SCOPE = ("clean", "typo")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Memory ------------------------------------------------------------------------------------


def rss_mb() -> float:
    """Current resident set size."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark, so generating the facts does not hide a lower peak."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


# --- The three systems -------------------------------------------------------------------------

# ask(question) -> (top fact id or None, score, answered or None when the caller thresholds)
Ask = Callable[[str], tuple[str | None, float, bool | None]]


def build_attache(base: Synthetic, meaning: bool = False) -> Ask:
    """The matcher as the bot builds it for a base; with `meaning`, the second opinion too,
    its phrasing vectors cold (the bot warms at most the first 500 facts at start)."""
    from bot.core.matcher import Decision, Matcher

    check = None
    if meaning:
        from bot.core.semantic import SemanticCheck, semantic_check

        shared = semantic_check()  # loaded before the build clock starts (see run_system)
        assert shared is not None, "the sentence model is not installed"
        check = SemanticCheck(shared.encoder)
    matcher = Matcher(base.facts, second_opinion=check)
    stats = Counter[str]()

    def ask(question: str) -> tuple[str | None, float, bool | None]:
        match = matcher.match(question)
        best = match.best
        if match.meaning is not None:
            stats["unsure"] += 1
            stats["reviewed"] += match.meaning.similarity is not None
            stats["confirmed"] += match.meaning.confirmed
        return (
            best.fact.id if best else None,
            match.confidence,
            match.decision is Decision.ANSWER,
        )

    ask.matcher = matcher  # type: ignore[attr-defined]
    ask.stats = stats  # type: ignore[attr-defined]
    return ask


def build_naive(base: Synthetic) -> Ask:
    from rapidfuzz import fuzz, process, utils

    phrasings: list[str] = []
    owner: list[str] = []
    for fact in base.facts:
        for question in fact.questions:
            phrasings.append(question)
            owner.append(fact.id)

    def ask(question: str) -> tuple[str | None, float, bool | None]:
        found = process.extractOne(
            question, phrasings, scorer=fuzz.WRatio, processor=utils.default_process
        )
        if found is None:
            return None, 0.0, None
        return owner[found[2]], float(found[1]), None

    return ask


def build_bm25s(base: Synthetic) -> Ask:
    import bm25s

    ids = [fact.id for fact in base.facts]
    corpus = [" ".join(fact.questions) for fact in base.facts]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(corpus, stopwords="en", show_progress=False), show_progress=False
    )

    def ask(question: str) -> tuple[str | None, float, bool | None]:
        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False, return_ids=False)
        if not tokens[0]:
            return None, 0.0, None
        docs, scores = retriever.retrieve(tokens, k=1, show_progress=False)
        return ids[int(docs[0][0])], float(scores[0][0]), None

    return ask


BUILDERS: dict[str, Callable[[Synthetic], Ask]] = {
    "attache": build_attache,
    "meaning": lambda base: build_attache(base, meaning=True),
    "naive": build_naive,
    "bm25s": build_bm25s,
}


def profile_query(ask: Ask, question: str, top: int = 15) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    ask(question)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def run_system(
    system: str, n: int, count: int, seed: int, naive_cap: int, profile_build: bool = False
) -> dict[str, Any]:
    """Measure one system at one size; meant to run alone in its own process."""
    tag = f"{LABELS[system]} N={n:,}"
    started = time.perf_counter()
    base = generate(n, seed)
    asked = queries(base, count, seed, warmup=WARMUP)
    warm = [q for q in asked if q.category == "warmup"]
    timed = [q for q in asked if q.category != "warmup"]
    subset = system == "naive" and n > NAIVE_FULL_MAX and 0 < naive_cap < count
    if subset:  # the first `naive_cap` questions of each category, the same for every N
        kept: list[Query] = []
        seen: Counter[str] = Counter()
        for query in timed:
            seen[query.category] += 1
            if seen[query.category] <= naive_cap:
                kept.append(query)
        timed = kept
    log(
        f"{tag}: generated {n:,} facts and {len(asked)} questions"
        f" in {time.perf_counter() - started:.1f}s"
    )
    gc.collect()
    baseline = rss_mb()
    exact_peak = reset_peak()
    result: dict[str, Any] = {"system": system, "n": n, "exact_peak": exact_peak}
    result["per_category"] = len(timed) // 3
    result["subset"] = subset
    if system in ATTACHE_SYSTEMS:
        from bot.core.lexicon import Lexicon

        started = time.perf_counter()
        Lexicon.default()  # shared by every Matcher the bot builds; timed apart
        result["lexicon_s"] = time.perf_counter() - started
    if system == "meaning":
        from bot.core.semantic import semantic_check

        started = time.perf_counter()
        semantic_check()  # the model loads once per process, not per build; timed apart
        result["model_s"] = time.perf_counter() - started
    started = time.perf_counter()
    ask = BUILDERS[system](base)
    result["build_s"] = time.perf_counter() - started
    log(f"{tag}: built in {result['build_s']:.2f}s")
    for query in warm:
        ask(query.text)
    records = []
    started = time.perf_counter()
    for i, query in enumerate(timed, 1):
        t0 = time.perf_counter()
        predicted, score, answered = ask(query.text)
        elapsed = (time.perf_counter() - t0) * 1000
        records.append(
            {
                "text": query.text,
                "category": query.category,
                "relation": query.relation,
                "expected": query.fact_id,
                "predicted": predicted,
                "score": score,
                "answered": answered,
                "ms": elapsed,
            }
        )
        if i % 150 == 0 or i == len(timed):
            log(f"{tag}: {i}/{len(timed)} questions, {time.perf_counter() - started:.1f}s")
    result["peak_mb"] = peak_mb() - baseline
    result["meaning"] = dict(getattr(ask, "stats", {}))
    by_id = {fact.id: fact for fact in base.facts}
    for record in records:  # what a wrong answer was, for the report
        predicted, expected = record["predicted"], record["expected"]
        if predicted is not None and predicted != expected:
            record["got"] = by_id[predicted].questions[0]
    result["baseline_mb"] = baseline
    result["records"] = records
    slowest = max(records, key=lambda r: r["ms"])
    result["slowest"] = {"text": slowest["text"], "ms": slowest["ms"]}
    result["profile"] = profile_query(ask, slowest["text"]) if system == "attache" else ""
    if profile_build and system == "attache":
        log(f"{tag}: profiling a second build")
        profiler = cProfile.Profile()
        profiler.enable()
        BUILDERS[system](base)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        result["build_profile"] = out.getvalue()
    return result


# --- Full reload at 10,000 facts ---------------------------------------------------------------


def write_sources(base: Synthetic, root: Path, per_article: int | None) -> tuple[Path, Path]:
    """The base in the project's formats: seeds/<id>.txt + facts/<id>.yaml per article."""
    import yaml

    seeds, facts_dir = root / "seeds", root / "facts"
    seeds.mkdir(parents=True)
    facts_dir.mkdir(parents=True)
    size = per_article or len(base.facts)
    chunks = [base.facts[i : i + size] for i in range(0, len(base.facts), size)]
    for number, chunk in enumerate(chunks):
        article_id = ARTICLE_ID if len(chunks) == 1 else f"{ARTICLE_ID}_{number:04d}"
        quotes = list(dict.fromkeys(f.quote for f in chunk))
        body = "SYNTHETIC DIPLOMACY ROUND-UP\n\n" + "\n\n".join(quotes) + "\n"
        header = {
            "id": article_id,
            "title": f"Synthetic diplomacy round-up {number + 1}",
            "section": "Diplomacy",
            "published": "2024-12-31",
        }
        front = yaml.safe_dump(header, sort_keys=False, allow_unicode=True)
        (seeds / f"{article_id}.txt").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        entries = []
        for fact in chunk:
            entry = fact.model_dump(mode="json", exclude={"article_id"}, exclude_defaults=True)
            entry["as_of"] = fact.as_of  # a YAML date, as curators write it
            entries.append(entry)
        text = yaml.safe_dump(
            {"article": article_id, "facts": entries},
            sort_keys=False,
            allow_unicode=True,
            width=1000,
        )
        (facts_dir / f"{article_id}.yaml").write_text(text, encoding="utf-8")
    return seeds, facts_dir


async def _reload_end_to_end(seeds: Path, facts_dir: Path, db_path: Path) -> tuple[float, int]:
    """`FactBaseManager.reload`, the code behind /facts reload, on a bot serving an empty
    base: validate, build SQLite, build the matcher, swap."""
    import datetime as dt

    from bot.core.answers import AnswerService
    from bot.core.reload import Actor, FactBaseManager
    from bot.core.store import Store

    def clock() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    store = await Store.open(db_path)
    try:
        manager = FactBaseManager(store, seeds, facts_dir, clock, AnswerService(await store.load()))
        started = time.perf_counter()
        outcome = await manager.reload(Actor("bench", "bench"))
        elapsed = time.perf_counter() - started
        assert outcome.ok, outcome.errors[:3]
        return elapsed, len(manager.base.facts)
    finally:
        await store.close()


async def _steps(seeds: Path, facts_dir: Path, db_path: Path) -> dict[str, float]:
    """The same reload, one step at a time, into a fresh database."""
    from bot.core.answers import AnswerService
    from bot.core.loading import load_sources
    from bot.core.store import Store

    steps: dict[str, float] = {}
    started = time.perf_counter()
    sources = load_sources(seeds, facts_dir)
    steps["validate (load_sources)"] = time.perf_counter() - started
    store = await Store.open(db_path)
    try:
        started = time.perf_counter()
        result = await store.build(sources)
        steps["build SQLite (Store.build)"] = time.perf_counter() - started
    finally:
        await store.close()
    assert result.base is not None
    started = time.perf_counter()
    AnswerService(result.base)
    steps["swap (AnswerService: the matcher)"] = time.perf_counter() - started
    return steps


def run_reload(n: int, seed: int, per_article: int | None) -> dict[str, Any]:
    from bot.core.lexicon import Lexicon
    from bot.core.loading import load_sources

    base = generate(n, seed)
    Lexicon.default()  # a running bot has it loaded already
    with tempfile.TemporaryDirectory(prefix="attache-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        seeds, facts_dir = write_sources(base, root, per_article)
        written = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (*seeds.iterdir(), *facts_dir.iterdir()))
        layout = "1 article" if per_article is None else f"{per_article} facts per article"
        log(f"reload ({layout}): wrote {size / 2**20:.1f} MB in {written:.1f}s; loading")
        # Checks the generated files, and warms what a running bot has warm (it loaded its
        # facts at start-up): the reload timed next starts from the same state.
        sources = load_sources(seeds, facts_dir)
        if not sources.ok:
            return {
                "layout": layout,
                "error": [str(p) for p in sources.errors[:5]],
                "errors": len(sources.errors),
            }
        total, facts = asyncio.run(_reload_end_to_end(seeds, facts_dir, root / "a.sqlite3"))
        log(f"reload ({layout}): {total:.2f}s end to end; now step by step")
        steps = asyncio.run(_steps(seeds, facts_dir, root / "b.sqlite3"))
        return {
            "layout": layout,
            "facts": facts,
            "articles": len(sources.articles),
            "warnings": len(sources.warnings),
            "bytes": size,
            "total": total,
            "steps": steps,
        }


# --- Scoring -----------------------------------------------------------------------------------


def right(r: dict[str, Any]) -> bool:
    return bool(r["answered"]) and r["predicted"] == r["expected"]


def apply_threshold(records: list[dict[str, Any]]) -> float:
    """Give a baseline the threshold that maximises (accuracy + abstention) / 2 on exactly
    these questions, and mark each record answered or not with it."""
    inscope = [r for r in records if r["category"] in IN_SCOPE]
    oos = [r for r in records if r["category"] == "oos"]
    best_t, best_value = math.inf, -1.0
    for t in [*sorted({r["score"] for r in records if r["score"] > 0}), math.inf]:
        accuracy = sum(r["predicted"] == r["expected"] and r["score"] >= t for r in inscope)
        declined = sum(r["score"] < t for r in oos)
        value = (accuracy / max(len(inscope), 1) + declined / max(len(oos), 1)) / 2
        if value > best_value:
            best_t, best_value = t, value
    for r in records:
        r["answered"] = r["predicted"] is not None and r["score"] >= best_t
    return best_t


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    records = result["records"]
    if result["system"] not in ATTACHE_SYSTEMS:
        result["threshold"] = apply_threshold(records)
    by = {c: [r for r in records if r["category"] == c] for c in ("clean", "typo", "oos")}
    inscope = by["clean"] + by["typo"]
    ms = sorted(r["ms"] for r in records)
    return {
        "median": statistics.median(ms),
        "p99": ms[min(len(ms) - 1, math.ceil(0.99 * len(ms)) - 1)],
        "clean": pct(sum(map(right, by["clean"])), len(by["clean"])),
        "typo": pct(sum(map(right, by["typo"])), len(by["typo"])),
        "declined": pct(sum(not r["answered"] for r in by["oos"]), len(by["oos"])),
        "wrong": pct(sum(r["answered"] and not right(r) for r in inscope), len(inscope)),
    }


def breakdown(results: dict[tuple[int, str], dict[str, Any]], sizes: list[int]) -> list[str]:
    """Attaché per kind of question and N: right / wrong / declined %, or declined % for
    out-of-scope questions."""
    sizes = [n for n in sizes if "records" in results.get((n, "attache"), {})]
    groups: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for n in sizes:
        for r in results[(n, "attache")]["records"]:
            groups.setdefault(n, {}).setdefault(f"{r['category']}: {r['relation']}", []).append(r)
    keys = sorted(
        {k for g in groups.values() for k in g},
        key=lambda k: (("clean", "typo", "oos").index(k.split(":")[0]), k),
    )
    head = " | ".join(f"N={n:,}: n, R / W / D %" for n in sizes)
    rows = [f"| question | {head} |", "|---|" + "---:|" * len(sizes)]
    for key in keys:
        cells = []
        for n in sizes:
            rs = groups[n].get(key, [])
            total = len(rs)
            if not total:
                cells.append("-")
                continue
            ok = sum(map(right, rs))
            wrong = sum(bool(r["answered"]) and not right(r) for r in rs)
            declined = total - ok - wrong
            cells.append(
                f"{total}, {pct(ok, total)} / {pct(wrong, total)} / {pct(declined, total)}"
            )
        rows.append(f"| {key} | " + " | ".join(cells) + " |")
    return rows


def top1(
    results: dict[tuple[int, str], dict[str, Any]], sizes: list[int], systems: list[str]
) -> list[str]:
    """How often each system's best-ranked fact is the right one, whatever it then decides."""
    rows = ["| N | system | clean top-1 % | typo top-1 % |", "|---:|---|---:|---:|"]
    for n in sizes:
        for system in systems:
            records = results.get((n, system), {}).get("records")
            if not records:
                continue
            cells = []
            for category in IN_SCOPE:
                rs = [r for r in records if r["category"] == category]
                cells.append(pct(sum(r["predicted"] == r["expected"] for r in rs), len(rs)))
            rows.append(f"| {n:,} | {LABELS[system]} | {cells[0]} | {cells[1]} |")
    return rows


# --- Orchestration -----------------------------------------------------------------------------


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.platform()}; CPU {model}; {os.cpu_count()} cores;"
        f" Python {platform.python_version()} ({sys.executable})"
    )


def spawn(args: list[str], timeout: float) -> dict[str, Any]:
    """Run a worker in a fresh interpreter; its result comes back as a JSON file."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [sys.executable, "-m", "bench.matcher", *args, "--out", str(out)]
    started = time.perf_counter()
    try:
        proc = subprocess.run(command, timeout=timeout, check=False)
        if proc.returncode != 0:
            return {"error": f"worker exited with status {proc.returncode}"}
        return dict(json.loads(out.read_text()))
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {time.perf_counter() - started:.0f}s"}
    finally:
        out.unlink(missing_ok=True)


def report(
    results: dict[tuple[int, str], dict[str, Any]], sizes: list[int], systems: list[str]
) -> None:
    print("## Matcher benchmark\n")
    print(f"Machine: {machine()}\n")
    print(
        "| N | system | build s | median ms | p99 ms | peak MB | clean % | typo % |"
        " declined % | wrong % |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    summaries: dict[tuple[int, str], dict[str, Any]] = {}
    for n in sizes:
        for system in systems:
            result = results.get((n, system))
            if result is None:
                continue
            if "error" in result:
                print(f"| {n:,} | {LABELS[system]} | {result['error']} |||||||")
                continue
            s = summaries[(n, system)] = summarise(result)
            mark = "" if result["exact_peak"] else "≥"
            print(
                f"| {n:,} | {LABELS[system]} | {result['build_s']:.2f} | {s['median']:.2f}"
                f" | {s['p99']:.2f} | {mark}{result['peak_mb']:.0f} | {s['clean']}"
                f" | {s['typo']} | {s['declined']} | {s['wrong']} |"
            )
    print()
    print("Ratios of median latency, measured in this run:\n")
    print("| N | naive / Attaché | Attaché / bm25s | Attaché + meaning / Attaché |")
    print("|---:|---:|---:|---:|")
    for n in sizes:
        a = summaries.get((n, "attache"))
        b = summaries.get((n, "naive"))
        c = summaries.get((n, "bm25s"))
        d = summaries.get((n, "meaning"))
        naive = f"{b['median'] / a['median']:.1f}x" if a and b else "-"
        bm25 = f"{a['median'] / c['median']:.1f}x" if a and c else "-"
        meaning = f"{d['median'] / a['median']:.2f}x" if a and d else "-"
        print(f"| {n:,} | {naive} | {bm25} | {meaning} |")
    print()
    for n in sizes:
        result = results.get((n, "meaning"))
        if result and "records" in result:
            stats = result["meaning"]
            total = len(result["records"])
            print(
                f"Attaché + meaning at N={n:,}: the words left {stats.get('unsure', 0)} of"
                f" {total} questions unsure; {stats.get('reviewed', 0)} had a best fact with"
                f" no penalty, so meaning was asked; it confirmed {stats.get('confirmed', 0)}."
                " The model took"
                f" {result['model_s']:.2f}s to load, once per process (not in build s; in"
                " peak MB). Phrasing vectors start cold: a fact's are computed the first"
                " time it is a candidate."
            )
    print()
    notes = []
    for n in sizes:
        for system in ("naive", "bm25s"):
            result = results.get((n, system))
            if result and "threshold" in result:
                notes.append(f"{LABELS[system]} at N={n:,}: threshold {result['threshold']:.3g}")
    if notes:
        print(
            "Baseline thresholds were tuned on the very questions they are scored on, to"
            " maximise (accuracy + abstention) / 2 -- flattering to the baselines; Attaché"
            " uses its own fixed decision rule. " + "; ".join(notes) + ".\n"
        )
    for n in sizes:
        result = results.get((n, "naive"))
        if result and result.get("subset"):
            each = result["per_category"]
            print(
                f"naive WRatio at N={n:,} answered only the first {each} clean, {each} typo and"
                f" {each} out-of-scope questions (of the same list), to bound the run time.\n"
            )
    for n in sizes:
        result = results.get((n, "attache"))
        if result and "lexicon_s" in result:
            print(
                f"Attaché at N={n:,}: the shared Lexicon took {result['lexicon_s']:.2f}s to load"
                " before the build (not in build s; in peak MB)."
            )
    print(
        "\nPeak MB: peak RSS of the system's own process minus its RSS once the facts and"
        " questions existed (≥ marks a peak that could not be reset and may be understated)."
        " Latency covers clean, typo and out-of-scope questions together.\n"
    )
    print("Top-1 ranking (the best-scored fact is the right one, answered or not):\n")
    print("\n".join(top1(results, sizes, systems)))
    print()
    if any("records" in results.get((n, "attache"), {}) for n in sizes):
        print("### Attaché by question type (R right, W wrong fact, D declined)\n")
        print("\n".join(breakdown(results, sizes)))
        print()
    largest_ok = [n for n in sizes if "records" in results.get((n, "attache"), {})]
    if largest_ok:
        n = largest_ok[-1]
        wrong = [r for r in results[(n, "attache")]["records"] if r["answered"] and not right(r)]
        if wrong:
            print(
                f"Some wrong answers by Attaché at N={n:,} (question -> a phrasing of the fact"
                " it answered with):\n"
            )
            for r in wrong[:8]:
                print(f"- [{r['category']}: {r['relation']}] {r['text']!r} -> {r['got']!r}")
            print()
    for n in sizes:
        result = results.get((n, "attache"))
        if result and "slowest" in result:
            slow = result["slowest"]
            print(f"Slowest Attaché question at N={n:,}: {slow['ms']:.1f} ms, {slow['text']!r}")
    print()
    largest = max((n for n in sizes if (n, "attache") in results), default=None)
    if largest is not None and results[(largest, "attache")].get("profile"):
        print(f"### cProfile of the slowest Attaché question at N={largest:,} (top 15)\n")
        print("```")
        print(results[(largest, "attache")]["profile"].strip())
        print("```\n")
    if largest is not None and results[(largest, "attache")].get("build_profile"):
        print(f"### cProfile of Matcher(facts) at N={largest:,} (top 15 by own time)\n")
        print("```")
        print(results[(largest, "attache")]["build_profile"].strip())
        print("```\n")


def report_reload(reloads: list[dict[str, Any]]) -> None:
    for result in reloads:
        layout = result.get("layout", "?")
        print(f"### Full reload at {RELOAD_SIZE:,} facts ({layout})\n")
        if "error" in result:
            print(f"load_sources reported {result['errors']} errors, e.g. {result['error']}\n")
            continue
        print(
            f"{result['facts']:,} facts in {result['articles']} article(s),"
            f" {result['bytes'] / 2**20:.1f} MB of sources, {result['warnings']} warnings."
            f" `FactBaseManager.reload` (what /facts reload runs) took"
            f" **{result['total']:.2f} s** end to end. The same steps timed one by one:\n"
        )
        print("| step | s |")
        print("|---|---:|")
        for step, seconds in result["steps"].items():
            print(f"| {step} | {seconds:.2f} |")
        print(f"| sum of steps | {sum(result['steps'].values()):.2f} |\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="comma-separated fact-base sizes"
    )
    parser.add_argument(
        "--queries",
        type=int,
        default=300,
        help="clean questions per size (and as many typo, out-of-scope)",
    )
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--naive-cap",
        type=int,
        default=100,
        help=f"questions per category for the naive baseline above N={NAIVE_FULL_MAX:,} (0: all)",
    )
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per worker")
    parser.add_argument("--no-reload", action="store_true", help="skip the 10k reload")
    parser.add_argument(
        "--profile-build",
        action="store_true",
        help="also print a cProfile (top 15 by own time) of Matcher(facts) at the largest N",
    )
    parser.add_argument(
        "--reload-per-article",
        type=int,
        default=None,
        help="also time the reload with this many facts per article",
    )
    # Internal: run one measurement in this process and write it to --out.
    parser.add_argument("--worker", choices=[*SYSTEMS, "reload"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--per-article", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        if args.worker == "reload":
            result = run_reload(args.size, args.seed, args.per_article)
        else:
            result = run_system(
                args.worker, args.size, args.queries, args.seed, args.naive_cap, args.profile_build
            )
        Path(args.out).write_text(json.dumps(result))
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    systems = [s for s in args.systems.split(",") if s]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    results: dict[tuple[int, str], dict[str, Any]] = {}
    for n in sizes:
        for system in systems:
            log(f"== {LABELS[system]} at N={n:,}")
            worker = ["--worker", system, "--size", str(n), "--queries", str(args.queries)]
            worker += ["--seed", str(args.seed), "--naive-cap", str(args.naive_cap)]
            if args.profile_build and system == "attache" and n == max(sizes):
                worker.append("--profile-build")
            results[(n, system)] = spawn(worker, args.timeout)
            if "error" in results[(n, system)]:
                log(f"{LABELS[system]} at N={n:,} failed: {results[(n, system)]['error']}")
    reloads = []
    if not args.no_reload:
        layouts: list[int | None] = [None]
        if args.reload_per_article:
            layouts.append(args.reload_per_article)
        for per_article in layouts:
            log(f"== full reload at N={RELOAD_SIZE:,}")
            extra = ["--per-article", str(per_article)] if per_article else []
            worker = ["--worker", "reload", "--size", str(RELOAD_SIZE), "--seed", str(args.seed)]
            reloads.append(spawn([*worker, *extra], args.timeout))
    report(results, sizes, systems)
    report_reload(reloads)
    print(
        f"Questions per size: {args.queries} clean, {args.queries} typo and {args.queries}"
        f" out-of-scope, after {WARMUP} warm-up questions; seed {args.seed}."
        f" Wall time {time.perf_counter() - started:.0f}s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
