"""Several hosts: two `newsdesk serve` processes with data dirs of their own stand for two machines,
on one PostgreSQL server (NEWSDESK_DATABASE_URL) and one `chroma run` server, all on 127.0.0.1 and
all started here (tests/postgres.py makes a throwaway cluster from Debian's binaries).

In order, on the same servers: what one host ingests the other answers from, and what one deletes
the other stops citing; a batch job made on one is seen and finished by the other after the host
running it is killed with -9, each line written once; a host whose data dir is wiped comes back with
everything; Postgres and then the Chroma server stopped and started again under a stream of
ingests: 503 `store_unavailable` while down, writes again after, nothing half-written and no
duplicates in either store.

The model is the scripted OpenAI-compatible server (tests/fault_llm.py): the store and the hosts
are under test, and the service still checks each answer against its passages. The servers, hosts
and outage helpers are tests/multihost.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from index.clean import clean_text, fold
from service.text.numbers import values
from tests.conftest import Service, seed_text
from tests.e2e.test_storage_faults import start_chroma
from tests.multihost import Cluster, assert_whole, ingest_through, running_cluster

ANSWER = "Police freed 84 women [1]."
KITES = {
    "id": "kites",
    "title": "Kites",
    "text": "The Brindlemoor kite festival drew 312 visitors on Sunday.",
}
LINES = 12


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with running_cluster(tmp_path_factory.mktemp("multihost"), ANSWER) as state:
        yield state


def ask(svc: Service, question: str) -> dict[str, Any]:
    response = svc.http.post("/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_what_one_host_ingests_the_other_answers_and_deletes(cluster: Cluster) -> None:
    a, b = cluster.hosts["host-a"], cluster.hosts["host-b"]
    seed = a.http.post("/articles", json={"id": "seed", "title": "Peru", "text": seed_text()})
    assert seed.status_code == 200 and a.http.post("/articles", json=KITES).status_code == 200
    on_b = b.http.get("/articles/seed")
    assert on_b.status_code == 200 and on_b.json()["chunk_count"] == seed.json()["articles"][0]["chunk_count"]

    body = ask(b, "How many women were freed?")
    assert not body["abstained"] and 84 in values(body["answer"]), body
    assert body["citations"][0]["article_id"] == "seed"
    assert fold(body["citations"][0]["quote"]) in fold(clean_text(seed_text()))
    # Keyword search is Postgres' now, and finds the kites article by its rare name from either host.
    assert cluster.sql("SELECT count(*) FROM keyword_chunks WHERE article_id = 'kites'")[0][0] == 1

    assert b.http.delete("/articles/seed").status_code == 204
    assert a.http.get("/articles/seed").status_code == 404
    body = ask(a, "How many women were freed?")
    assert all(c["article_id"] != "seed" for c in body["citations"]), body
    assert cluster.sql("SELECT count(*) FROM keyword_chunks WHERE article_id = 'seed'")[0][0] == 0
    assert not [i for i, m in cluster.chroma_chunks() if m["article_id"] == "seed"]


def job_upload() -> str:
    return "".join(
        json.dumps(
            {
                "id": f"ferry-{n}",
                "title": f"Ferry {n}",
                "text": f"The Port Ellis harbour board ran {10 + n} ferries on Monday. "
                f"Captain Mara Lind said {200 + n} passengers crossed the bay.",
            }
        )
        + "\n"
        for n in range(1, LINES + 1)
    )


def test_a_batch_outlives_the_host_running_it_killed_with_kill_9(cluster: Cluster) -> None:
    a, b = cluster.hosts["host-a"], cluster.hosts["host-b"]
    cluster.llm.delay_s = 0.5
    made = a.http.post("/batches", content=job_upload(), headers={"content-type": "application/x-ndjson"})
    assert made.status_code == 202, made.text
    job = cluster.job = made.json()["id"]
    assert b.http.get(f"/batches/{job}").json()["total"] == LINES  # made on A, seen from B

    # Wait for the job to be part-way (two lines written, by either host), then pin A inside a model
    # call (every new call now takes 15 s) so that the line it holds is still unwritten when it is
    # killed: read after the kill, since a line seen claimed can be finished in the instant before.
    deadline = time.monotonic() + 300
    while cluster.sql("SELECT count(*) FROM batch_results WHERE job_id = :j", j=job)[0][0] < 2:
        assert time.monotonic() < deadline, "no two lines of the job were written"
        time.sleep(0.05)
    cluster.llm.delay_s = 15.0
    time.sleep(2.0)  # calls begun at 0.5 s end; A's next call is then pinned
    unwritten = (
        "SELECT l.line FROM batch_lines l WHERE l.job_id = :j AND l.state = 'claimed' "
        "AND l.claimed_by LIKE :me AND NOT EXISTS "
        "(SELECT 1 FROM batch_results r WHERE r.job_id = l.job_id AND r.line = l.line)"
    )
    me = f"%:{a.process.pid}:%"
    assert cluster.sql(unwritten, j=job, me=me), "host A held no line inside a model call"
    os.kill(a.process.pid, signal.SIGKILL)
    a.process.wait()
    held = cluster.sql(unwritten, j=job, me=me)  # A is dead: this is what it held when killed
    cluster.llm.delay_s = 0.5
    assert held, "host A held no line when killed"
    killed_line = held[0][0]

    deadline = time.monotonic() + 300
    while (status := b.http.get(f"/batches/{job}").json())["status"] != "done":
        assert time.monotonic() < deadline, status
        time.sleep(0.5)
    cluster.llm.delay_s = 0.0
    assert (status["done"], status["failed"], status["total"]) == (LINES, 0, LINES), status
    results = [json.loads(line) for line in b.http.get(f"/batches/{job}/results").text.splitlines()]
    assert [r["line"] for r in results] == list(range(1, LINES + 1))  # each line once
    assert all(r["summary"]["how_many"] for r in results), results
    redone = cluster.sql(
        "SELECT l.attempts, r.written_by FROM batch_lines l JOIN batch_results r USING (job_id, line) "
        "WHERE l.job_id = :j AND l.line = :n",
        j=job,
        n=killed_line,
    )[0]
    assert redone[0] >= 2 and f":{b.process.pid}:" in redone[1], redone  # B redid A's line
    # The model summarised each article once; twice only for the line in flight at the kill.
    titles = (re.search(r"Title: (Ferry \d+)\b", p) for p in cluster.llm.prompts)
    calls = Counter(m.group(1) for m in titles if m)
    assert set(calls) == {f"Ferry {n}" for n in range(1, LINES + 1)}
    assert sum(calls.values()) - LINES <= 1, calls
    print(f"kill -9 of host A holding line {killed_line}; redone by B; {sum(calls.values())} summary calls")


def test_a_host_with_its_data_dir_wiped_comes_back_with_everything(cluster: Cluster) -> None:
    b = cluster.hosts["host-b"]
    old = cluster.hosts.pop("host-a")
    assert old.process.poll() is not None  # killed by the batch test
    shutil.rmtree(old.data_dir)
    a = cluster.start_host("host-a")
    listing = {
        x["id"]: x["chunk_count"] for x in a.http.get("/articles", params={"limit": 100}).json()["items"]
    }
    assert listing == {
        x["id"]: x["chunk_count"] for x in b.http.get("/articles", params={"limit": 100}).json()["items"]
    }
    assert "kites" in listing and f"ferry-{LINES}" in listing
    assert (
        a.http.get(f"/batches/{cluster.job}/results").text
        == b.http.get(f"/batches/{cluster.job}/results").text
    )
    summary = a.http.get("/articles/ferry-3/summary")
    assert summary.status_code == 200 and summary.json()["cached"], summary.text
    cluster.llm.answer = "The festival drew 312 visitors [1]."
    try:
        body = ask(a, "How many visitors came to the Brindlemoor kite festival?")
    finally:
        cluster.llm.answer = ANSWER
    assert body["citations"] and body["citations"][0]["article_id"] == "kites", body
    # Nothing of the shared state lives in the data dir: no registry file, no job folders, no vectors.
    assert not {"newsdesk.db", "batches", "chroma"} & {p.name for p in a.data_dir.iterdir()}


def test_postgres_restarted_mid_ingest(cluster: Cluster) -> None:
    b = cluster.hosts["host-b"]

    def outage(refused: Any, acked: Any) -> None:
        while acked() < 3:
            time.sleep(0.1)
        cluster.pg.stop()
        try:
            deadline = time.monotonic() + 60
            while refused() < 3:
                assert time.monotonic() < deadline, "no write was refused while Postgres was down"
                time.sleep(0.1)
            down = b.http.get("/articles")
            assert down.status_code == 503 and down.json()["error"]["code"] == "store_unavailable"
            assert b.http.post("/ask", json={"question": "How many lanterns?"}).status_code == 503
        finally:
            cluster.pg.start()
        after = acked()
        deadline = time.monotonic() + 60
        while acked() < after + 3:
            assert time.monotonic() < deadline, "writes did not resume after Postgres came back"
            time.sleep(0.1)

    acked, refused = ingest_through(cluster, outage, 0)
    assert refused >= 3 and len(acked) >= 6
    assert_whole(cluster, acked | {"kites"})
    print(f"Postgres restart: {len(acked)} writes acknowledged, {refused} refused with 503")


def test_chroma_server_restarted_mid_ingest(cluster: Cluster) -> None:
    b = cluster.hosts["host-b"]

    def outage(refused: Any, acked: Any) -> None:
        while acked() < 3:
            time.sleep(0.1)
        cluster.chroma.terminate()
        cluster.chroma.wait(timeout=30)
        try:
            deadline = time.monotonic() + 60
            while refused() < 3:
                assert time.monotonic() < deadline, "no write was refused while Chroma was down"
                time.sleep(0.1)
            assert b.http.post("/ask", json={"question": "How many lanterns?"}).status_code == 503
            assert b.http.get("/articles").status_code == 200  # the registry still reads
        finally:
            cluster.chroma = start_chroma(cluster.tmp / "chroma", cluster.chroma_port)
        after = acked()
        deadline = time.monotonic() + 60
        while acked() < after + 3:
            assert time.monotonic() < deadline, "writes did not resume after Chroma came back"
            time.sleep(0.1)

    acked, refused = ingest_through(cluster, outage, 10_000)
    assert refused >= 3 and len(acked) >= 6
    assert_whole(cluster, acked)
    print(f"Chroma restart: {len(acked)} writes acknowledged, {refused} refused with 503")


def test_a_keys_rate_limit_is_counted_across_hosts(cluster: Cluster) -> None:
    limits = {"NEWSDESK_API_KEYS": "key-one,key-two", "NEWSDESK_RATE_LIMIT_PER_MINUTE": "10"}
    hosts = [cluster.start_host("host-c", **limits), cluster.start_host("host-d", **limits)]
    one, two = {"authorization": "Bearer key-one"}, {"authorization": "Bearer key-two"}
    # Ten a minute for key-one in all: five through each host, then the next is refused on either.
    for n in range(10):
        response = hosts[n % 2].http.get("/articles", headers=one)
        assert response.status_code == 200, (n, response.text)
    for host in hosts:
        refused = host.http.get("/articles", headers=one)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1, refused.text
    assert hosts[1].http.get("/articles", headers=two).status_code == 200  # another key, its own bucket
