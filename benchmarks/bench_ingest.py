"""Benchmark text extraction and ingest on one core: articles a second and MB/s.

Run from the repository root::

    python benchmarks/bench_ingest.py                 # the development set, repeated
    python benchmarks/bench_ingest.py --seconds 10    # measure longer
    python benchmarks/bench_ingest.py --gazetteer 100000
    python benchmarks/bench_ingest.py --parse         # extraction with and without the parse stage
    python benchmarks/bench_ingest.py --stages        # CPU ms of each stage, 600-word articles, no store

The articles are the development set (``tests/devset/*.txt``, about 400 words each) and
600-word articles made by joining paragraphs of them, so that the target ("200 typical
600-word articles a second on one core") is measured as stated. Extraction is the default
(the rules and the learned stage); one row gives the rules alone. Cases: extraction with no
store (only what the text defines), with the built-in Sahel store's names, with a large
synthetic gazetteer of actors, and ``kg ingest`` into an in-memory store (extraction plus
minting the RDF, the SHACL check of the new graphs, which is on by default, and the atomic
write), with and without the check. The process is pinned to one CPU where the OS allows.
Rates are given per second of its own CPU time and per second of wall time: on a machine
shared with other work the wall clock also counts their time, so the load average is printed.
Progress goes to stderr, the table to stdout. ``--parse`` (needs ``pip install 'kg[parse]'``)
measures only extraction with no store, without and with the dependency-parse stage, and
the one-time cost of loading the spaCy pipeline. ``--stages`` splits the extraction time of the
600-word articles (no store) by the stage functions :mod:`kg.ingest.pipeline` calls, each timed
where the pipeline calls it, so the split follows the pipeline as it changes.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kg.ingest.known import build_known
from kg.ingest.pipeline import extract, known_names
from kg.ingest.read import Document
from kg.names import Gazetteer
from kg.vocab import KGR

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "devset"


def dev_articles() -> list[Document]:
    documents = []
    for path in sorted(DEVSET.glob("*.txt")):
        meta = path.with_name(path.stem + ".meta.json")
        date = None
        if meta.exists():
            import json

            date = json.loads(meta.read_text(encoding="utf-8")).get("published")
        documents.append(Document(text=path.read_text(encoding="utf-8"), source=str(path), date=date))
    return documents


def six_hundred_words(documents: list[Document], count: int, seed: int = 3) -> list[Document]:
    """Articles of about 600 words: a headline and paragraphs drawn from the development set."""
    rng = random.Random(seed)
    paragraphs = [p for d in documents for p in d.text.split("\n\n")[1:] if len(p.split()) > 20]
    made = []
    for number in range(count):
        chosen, words = [], 0
        while words < 600:
            paragraph = rng.choice(paragraphs)
            chosen.append(paragraph)
            words += len(paragraph.split())
        made.append(Document(text=f"Synthetic Article {number}\n\n" + "\n\n".join(chosen), source=f"a{number}.txt",
                             date="2021-06-07"))
    return made


def synthetic_gazetteer(size: int, seed: int = 5) -> Gazetteer:
    """A gazetteer of ``size`` invented actors, with an alias each, like a store built from datasets."""
    rng = random.Random(seed)
    syllables = "ka ma li ta ra do bu sa ni ko ze ga hu fa mo di wa ya ba na si te lo ki ha ja za re mu".split()
    forms = ("{} Liberation Front", "Ansar al-{}", "{} Brigade", "Katiba {}", "{} Self-Defence Group")
    entries = []
    for number in range(size):
        word = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
        label = rng.choice(forms).format(word)
        iri = KGR[f"synthetic/{number}"]
        entries.append((iri, label, label, "MilitantGroup"))
        entries.append((iri, f"{word[:3].upper()}{number % 97}", label, "MilitantGroup"))
    return Gazetteer(entries)


def measure(documents: list[Document], run: Callable[[Document], object], seconds: float) -> tuple[int, float, float]:
    """Run over the documents again and again for about ``seconds`` of CPU: (documents done, CPU s, wall s)."""
    for document in documents[:2]:
        run(document)
    done, start, wall = 0, time.process_time(), time.perf_counter()
    while time.process_time() - start < seconds:
        for document in documents:
            run(document)
            done += 1
    return done, time.process_time() - start, time.perf_counter() - wall


def row(name: str, documents: list[Document], done: int, cpu: float, wall: float) -> str:
    words = sum(len(d.text.split()) for d in documents) / len(documents)
    size = sum(len(d.text.encode("utf-8")) for d in documents) / len(documents)
    rate, wall_rate = done / cpu, done / wall
    return (f"| {name} | {len(documents)} | {words:.0f} | {rate:.0f} | {wall_rate:.0f} | {rate * words / 600:.0f} | "
            f"{rate * size / 1e6:.2f} | {wall_rate * size / 1e6:.2f} | {1000 / rate:.2f} |")


def ingest_case(documents: list[Document], seconds: float, validate: bool) -> tuple[int, float, float]:
    """kg ingest into an in-memory store: files written to a temporary folder, read, extracted, minted, checked, stored."""
    from kg import build, open_store
    from kg.ingest.write import ingest

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, document in enumerate(documents):
            path = Path(folder) / f"article-{number}.txt"
            path.write_text(document.text, encoding="utf-8")
            paths.append(path)
        done, cpu, wall = 0, 0.0, 0.0
        while cpu < seconds:
            store = open_store("memory:")
            build(store, check=False)
            start, started = time.process_time(), time.perf_counter()
            ingest(store, paths, date="2021-06-07", validate=validate)
            cpu += time.process_time() - start
            wall += time.perf_counter() - started
            done += len(paths)
        return done, cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="time to spend on each case (default 4)")
    parser.add_argument("--gazetteer", type=int, default=50_000, help="actors in the synthetic gazetteer (default 50000)")
    parser.add_argument("--parse", action="store_true", help="extraction without and with the parse stage only")
    parser.add_argument("--stages", action="store_true", help="CPU time of each extraction stage only")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    if args.parse:
        parse_cases(args.seconds)
        return
    if args.stages:
        stage_split(args.seconds)
        return
    from kg import build, open_store

    dev = dev_articles()
    long = six_hundred_words(dev, 20)
    empty = known_names(None)
    store = open_store("memory:")
    build(store, check=False)
    sahel = known_names(store)
    print(f"building a gazetteer of {args.gazetteer} synthetic actors …", file=sys.stderr)
    started = time.perf_counter()
    large = build_known(synthetic_gazetteer(args.gazetteer))
    print(f"  indexed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    cases = [
        ("extract, dev set, no store", dev, lambda d: extract(d, empty)),
        ("extract, dev set, Sahel store names", dev, lambda d: extract(d, sahel)),
        ("extract, 600-word articles, no store", long, lambda d: extract(d, empty)),
        ("extract, 600-word articles, no store, rules alone (--no-learned)", long, lambda d: extract(d, empty, learned=False)),
        ("extract, 600-word articles, Sahel store names", long, lambda d: extract(d, sahel)),
        (f"extract, 600-word articles, {args.gazetteer // 1000}k-actor gazetteer", long, lambda d: extract(d, large)),
    ]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", file=sys.stderr)
    print("| case | articles | words/article | articles/s CPU | articles/s wall | 600-word articles/s CPU | MB/s CPU | "
          "MB/s wall | ms/article CPU |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, documents, run in cases:
        print(f"measuring {name} …", file=sys.stderr)
        print(row(name, documents, *measure(documents, run, args.seconds)), flush=True)
    for validate in (True, False):
        print(f"measuring kg ingest, validate={validate} …", file=sys.stderr)
        label = "with the SHACL check (default)" if validate else "--no-validate"
        print(row(f"ingest {label}: read, extract, mint RDF, atomic write; 600-word articles", long,
                  *ingest_case(long, args.seconds, validate)), flush=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)


def parse_cases(seconds: float) -> None:
    """Extraction without and with ``parse``, after loading the pipeline once (its cost printed apart)."""
    from kg.ingest.parsed import nlp

    started, wall = time.process_time(), time.perf_counter()
    nlp()
    print(f"spaCy pipeline loaded in {time.process_time() - started:.2f} s CPU, {time.perf_counter() - wall:.2f} s wall",
          file=sys.stderr)
    dev = dev_articles()
    long = six_hundred_words(dev, 20)
    empty = known_names(None)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", file=sys.stderr)
    print("| case | articles | words/article | articles/s CPU | articles/s wall | 600-word articles/s CPU | MB/s CPU | "
          "MB/s wall | ms/article CPU |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, documents in (("dev set", dev), ("600-word articles", long)):
        for parse in (False, True):
            name = f"extract{' --parse' if parse else ''}, {label}, no store"
            print(f"measuring {name} …", file=sys.stderr)
            print(row(name, documents, *measure(documents, lambda d, p=parse: extract(d, empty, p), seconds)), flush=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)


#: The stage functions :func:`kg.ingest.pipeline.extract` calls, by the name it knows them by.
STAGES = ("segment", "words_of", "find_mentions", "resolve", "read_descriptions", "find_times", "trigger_matches",
          "groups_of", "find_relations", "find_events", "located_by_events", "candidates", "learned_relations")


def stage_split(seconds: float) -> None:
    """CPU ms per 600-word article (no store) in each stage, and in the pipeline's own code between them."""
    from kg.ingest import pipeline

    spent = dict.fromkeys(STAGES, 0.0)

    def timed(name: str, function: Callable) -> Callable:
        def run(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started
        return run

    long = six_hundred_words(dev_articles(), 20)
    empty = known_names(None)
    originals = {name: getattr(pipeline, name) for name in STAGES}
    for name, function in originals.items():
        setattr(pipeline, name, timed(name, function))
    try:
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", file=sys.stderr)
        for document in long[:2]:
            extract(document, empty)
        spent.update(dict.fromkeys(STAGES, 0.0))
        done, start = 0, time.process_time()
        while time.process_time() - start < seconds:
            for document in long:
                extract(document, empty)
                done += 1
        cpu = time.process_time() - start
    finally:
        for name, function in originals.items():
            setattr(pipeline, name, function)
    print("| stage | CPU ms per 600-word article |")
    print("|---|---:|")
    for name in STAGES:
        print(f"| {name} | {1000 * spent[name] / done:.2f} |")
    print(f"| the pipeline's own code between them, and the timers | {1000 * (cpu - sum(spent.values())) / done:.2f} |")
    print(f"| total | {1000 * cpu / done:.2f} |")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)


if __name__ == "__main__":
    main()
