"""Several hosts on one Postgres and one Chroma server: the figures of issue #15.

    .venv/bin/python bench/multihost.py retrieval --size 1000000   # p50/p95, Postgres full text vs BM25
    .venv/bin/python bench/multihost.py ingest -n 200              # articles/s, one host vs two hosts

Both start their own servers on 127.0.0.1 (a throwaway Postgres cluster from Debian's binaries,
`chroma run`) and remove them at the end. Recall of Postgres full text against BM25 is
`bench/retrieval_recall.py --postgres`.

retrieval: the chunks are generated as bench/retrieval.py makes them (sentences of the shared
articles, random unit vectors), loaded once into the Chroma server and into Postgres (COPY into
keyword_chunks, then the GIN index and the term statistics built in bulk: a load path for the
bench; the service writes the same rows commit by commit). Postgres gets 4 GB of shared buffers
with the table read into them, as a database host holds its hot table. Newsdesk's /ask retrieval is then timed
both ways over the same Chroma server: hybrid with Postgres full text, and hybrid with today's
in-process BM25, which runs in a child process of its own so its build time and peak memory are
its own. Queries are the gold questions; the first of each run is a warm-up.

ingest: the same N distinct articles (bench/common.corpus), embedded and written by the service's
Indexer on Postgres + the Chroma server, once by one host process and once split between two host
processes running at the same time. On 2 cores the second host has no core of its own: the ratio
shows what the shared write path costs (the advisory write lock, two hosts' upserts), not a
speed-up. The embedded default (SQLite, embedded Chroma, one process) runs in the same run as the
baseline."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import Clock, corpus, gold_questions, peak_rss_mb, percentile, ratio
from servers import chroma_store, load_postgres, machine, servers

from tests.postgres import PostgresServer


def timed(search: Any, queries: list[str]) -> list[float]:
    search(queries[0])  # warm-up, untimed
    out = []
    for q in queries:
        with Clock() as clock:
            search(q)
        out.append(clock.seconds * 1000)
    return out


def figures(ms: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1)}


def queries(n: int) -> list[str]:
    questions = [q["q"] for q in gold_questions()]
    return (questions * (n // len(questions) + 1))[:n]


def bm25_child(size: int, port: int, n_queries: int) -> dict[str, Any]:
    """Today's retrieval (dense + in-process BM25) over the same Chroma server, in this process.
    Its memory is capped (16 GiB of data) so that a BM25 index too big for the machine ends as a
    MemoryError reported in the figures, not as the kernel killing whatever else runs here."""
    import resource

    cap = 16 * 2**30
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    from retrieval import generated_chunks

    from service.retrieval import Filters, HybridRetriever, KeywordIndex

    store = chroma_store(port, "bench")
    texts, vectors = generated_chunks(size)
    del vectors
    with Clock() as build:
        index = KeywordIndex(
            [f"c{i}" for i in range(size)], texts, [{"article_id": f"a{i // 4}"} for i in range(size)]
        )
    retriever = HybridRetriever(store, None)
    retriever._keyword, retriever._signature = index, ("count", store.count())
    hybrid = timed(lambda q: retriever.search(q, 4), queries(n_queries))
    keyword = timed(lambda q: retriever.keyword_search(q, 12, Filters()), queries(n_queries))
    return {
        "hybrid": figures(hybrid),
        "keyword_only": figures(keyword),
        "build_s": round(build.seconds, 1),
        "peak_rss_mb": round(peak_rss_mb(), 0),
    }


def bench_retrieval(
    size: int,
    n_queries: int,
    chroma_path: Path | None = None,
    load_only: bool = False,
    skip_bm25: bool = False,
) -> dict[str, Any]:
    import tempfile

    from retrieval import fill, generated_chunks

    from index.shared import Database
    from service.retrieval import Filters, FullTextSearch, HybridRetriever

    out: dict[str, Any] = {"machine": machine(), "size": size, "queries": n_queries}
    with (
        tempfile.TemporaryDirectory(prefix="bench-multihost-") as tmp,
        servers(Path(tmp), chroma_path) as (pg, port),
    ):
        texts, vectors = generated_chunks(size)
        store = chroma_store(port, "bench")
        loaded = store.count()
        with Clock() as load:
            if loaded != size:
                assert loaded == 0, f"the Chroma collection holds {loaded} chunks, not 0 or {size}"
                fill(store._collection, texts, vectors)
        out["chroma_load_s"] = round(load.seconds, 1) if loaded != size else "loaded before"
        if load_only:
            return out
        del vectors
        database = Database(pg.url)
        database.create_schema()
        out["postgres_load_s"] = round(load_postgres(database, texts), 1)
        del texts
        print(
            f"loaded {size:,} chunks: Chroma {out['chroma_load_s']} s, Postgres {out['postgres_load_s']} s",
            flush=True,
        )
        fulltext = FullTextSearch(database)
        retriever = HybridRetriever(store, None, fulltext=fulltext)
        out["postgres"] = {
            "hybrid": figures(timed(lambda q: retriever.search(q, 4), queries(n_queries))),
            "keyword_only": figures(timed(lambda q: fulltext.search(q, 12, Filters()), queries(n_queries))),
            "dense_only": figures(timed(lambda q: store.search(q, 12), queries(n_queries))),
        }
        print(json.dumps(out["postgres"]), flush=True)
        database.close()
        if skip_bm25:
            return out
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "bm25-child",
                "--size",
                str(size),
                "--port",
                str(port),
                "--queries",
                str(n_queries),
            ],
            capture_output=True,
            text=True,
        )
        if child.returncode == 0:
            out["bm25"] = json.loads(child.stdout.strip().splitlines()[-1])
        else:
            out["bm25"] = {"failed": f"exit {child.returncode}: {child.stderr[-500:]}"}
    return out


def ingest_host(url: str, port: int, collection: str, first: int, count: int, n: int) -> None:
    """One host's ingest path (Indexer on Postgres + the Chroma server), in this process: loads the
    model, says "ready", waits for "go" on stdin, ingests its share in requests of 25."""
    from index.embed import MiniLMEmbeddings
    from index.pipeline import Indexer, RawArticle
    from index.shared import Database, PostgresRegistry
    from index.store import ChunkStore, make_client
    from service.text import tokenize

    embeddings = MiniLMEmbeddings(threads=2)
    embeddings.embed_documents(["warm up the model"])
    database = Database(url)
    database.create_schema()
    store = ChunkStore(make_client(None, "127.0.0.1", port), collection, embeddings)
    indexer = Indexer(PostgresRegistry(database, tokenize), store, embeddings)
    articles = corpus(n)[first : first + count]
    print("ready", flush=True)
    sys.stdin.readline()
    chunks = 0
    with Clock() as clock:
        for begin in range(0, len(articles), 25):
            raws = [
                RawArticle(title=a["title"], text=a["text"], id=a["id"]) for a in articles[begin : begin + 25]
            ]
            chunks += sum(r.chunk_count for r in indexer.ingest_many(raws))
    print(
        json.dumps({"articles": len(articles), "chunks": chunks, "seconds": round(clock.seconds, 2)}),
        flush=True,
    )


def run_hosts(url: str, port: int, collection: str, n: int, hosts: int) -> dict[str, Any]:
    share = -(-n // hosts)
    procs = [
        subprocess.Popen(
            [
                *(sys.executable, __file__, "ingest-host", "--url", url, "--port", str(port)),
                *("--collection", collection, "--first", str(h * share), "--count", str(share), "-n", str(n)),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for h in range(hosts)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    with Clock() as wall:
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        results = [json.loads((p.stdout or io.StringIO()).readline()) for p in procs]
    for p in procs:
        p.wait()
    articles = sum(r["articles"] for r in results)
    return {
        "hosts": hosts,
        "articles": articles,
        "chunks": sum(r["chunks"] for r in results),
        "wall_s": round(wall.seconds, 2),
        "articles_per_s": round(articles / wall.seconds, 2),
        "per_host_s": [r["seconds"] for r in results],
    }


def bench_ingest(n: int, rounds: int = 2) -> dict[str, Any]:
    """One host, then two, alternating for `rounds`, each run on an empty database and collection;
    the best run of each is kept (the machine is shared: the best is the least disturbed)."""
    import tempfile

    import ingest

    out: dict[str, Any] = {"machine": machine(), "articles": n, "rounds": rounds}
    runs: dict[str, list[dict[str, Any]]] = {"one_host": [], "two_hosts": []}
    with tempfile.TemporaryDirectory(prefix="bench-multihost-") as tmp, servers(Path(tmp)) as (pg, port):
        for round_ in range(rounds):
            for name, hosts in (("one_host", 1), ("two_hosts", 2)):
                run = f"{name}_{round_}"
                url = f"{pg.url[: pg.url.rfind('/')]}/{_fresh_db(pg, run)}"
                runs[name].append(run_hosts(url, port, run, n, hosts))
                print(json.dumps(runs[name][-1]), flush=True)
    for name, tried in runs.items():
        out[name] = max(tried, key=lambda r: r["articles_per_s"])
    out["embedded_one_process"] = ingest.child("newsdesk", n, 1, 32, 25, "bf16")
    out["two_hosts_over_one_host"] = ratio(
        out["two_hosts"]["articles_per_s"], out["one_host"]["articles_per_s"]
    )
    out["one_host_over_embedded"] = ratio(
        out["one_host"]["articles_per_s"], out["embedded_one_process"]["articles_per_s"]
    )
    return out


def _fresh_db(pg: PostgresServer, name: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["retrieval", "ingest", "bm25-child", "ingest-host"])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("-n", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--port", type=int)
    parser.add_argument("--url")
    parser.add_argument("--collection")
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--chroma-path", type=Path, help="keep (or reuse) the Chroma server's data here")
    parser.add_argument("--load-only", action="store_true", help="retrieval: load Chroma, measure nothing")
    parser.add_argument("--skip-bm25", action="store_true", help="retrieval: Postgres side only")
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args()
    if args.part == "bm25-child":
        print(json.dumps(bm25_child(args.size, args.port, args.queries)))
        return
    if args.part == "ingest-host":
        ingest_host(args.url, args.port, args.collection, args.first, args.count, args.n)
        return
    started = time.perf_counter()
    result = (
        bench_retrieval(args.size, args.queries, args.chroma_path, args.load_only, args.skip_bm25)
        if args.part == "retrieval"
        else bench_ingest(args.n, args.rounds)
    )
    result["bench_wall_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    main()
