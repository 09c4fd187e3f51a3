"""The batch queue's rules (service/batch/queue.py) in process, on SQLite: first come first served,
a claimed line is nobody else's while its lease runs, a lapsed lease opens it again, a line given
back is open at once, and a result is written once however many workers finish the line. (The same
SQL on Postgres, with SKIP LOCKED and real hosts, is tests/e2e/test_multihost.py.)"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from index.shared import Database
from service.batch.queue import SharedJobStore
from service.batch.records import ResultLine
from service.errors import InvalidInput, NotFound


@pytest.fixture
def store(tmp_path: Path) -> SharedJobStore:
    database = Database(f"sqlite:///{tmp_path / 'shared.db'}")
    database.create_schema()
    return SharedJobStore(database, lease_s=30)


def lines(n: int) -> list[str]:
    return [json.dumps({"id": f"a{i}"}) for i in range(1, n + 1)]


def test_a_job_numbers_its_lines_as_the_upload_does(store: SharedJobStore) -> None:
    job = store.create(["", lines(1)[0], "   ", lines(2)[1]])
    assert (job["status"], job["total"], job["done"], job["failed"]) == ("queued", 2, 0, 0)
    first, second = store.claim("w1"), store.claim("w1")
    assert first and second and (first.line, second.line) == (2, 4)  # blank lines keep their numbers
    assert store.get(job["id"])["status"] == "running"


def test_bad_jobs(store: SharedJobStore) -> None:
    with pytest.raises(InvalidInput):
        store.create(["", "  "])
    for job_id in ("nope", "../x", ""):
        with pytest.raises(NotFound):
            store.get(job_id)
        with pytest.raises(NotFound):
            store.result_lines(job_id)


def test_jobs_run_first_come_first_served_and_a_claim_is_exclusive(store: SharedJobStore) -> None:
    older = store.create(lines(2))["id"]
    time.sleep(0.01)
    newer = store.create(lines(1))["id"]
    got = [store.claim(w) for w in ("w1", "w2", "w1", "w2")]
    assert [(c.job_id, c.line) for c in got if c] == [(older, 1), (older, 2), (newer, 1)]
    assert got[3] is None  # every line is held by a live lease


def test_a_lapsed_lease_opens_the_line_to_another_worker(store: SharedJobStore) -> None:
    store.lease_s = 0.2
    store.create(lines(1))
    dead = store.claim("dead-host")
    assert dead and store.claim("live-host") is None
    time.sleep(0.3)
    again = store.claim("live-host")
    assert again and (again.line, again.attempts) == (1, 2)


def test_a_renewed_lease_keeps_the_line(store: SharedJobStore) -> None:
    store.lease_s = 0.3
    store.create(lines(1))
    assert store.claim("slow-host")
    for _ in range(3):
        time.sleep(0.15)
        assert store.renew("slow-host") == 1
        assert store.claim("other") is None


def test_a_line_given_back_is_open_at_once(store: SharedJobStore) -> None:
    store.create(lines(1))
    claim = store.claim("w1")
    assert claim
    store.release(claim, "w2")  # not w2's to give back
    assert store.claim("w2") is None
    store.release(claim, "w1")
    assert store.claim("w2") is not None


def test_each_line_is_written_once_and_counted_once(store: SharedJobStore) -> None:
    store.lease_s = 0.1
    job_id = store.create(lines(2))["id"]
    slow = store.claim("slow")
    assert slow
    time.sleep(0.2)
    fast = store.claim("fast")
    assert fast and fast.line == slow.line
    assert store.finish(fast, ResultLine(fast.line, "a1"), "fast")
    assert not store.finish(slow, ResultLine.failed(slow.line, "late"), "slow")  # nothing written
    job = store.get(job_id)
    assert (job["status"], job["done"], job["failed"]) == ("running", 1, 0)
    last = store.claim("fast")
    assert last and last.line == 2
    assert store.finish(last, ResultLine.failed(2, "bad line"), "fast")
    job = store.get(job_id)
    assert (job["status"], job["done"], job["failed"]) == ("done", 1, 1)
    assert job["finished_at"] and job["eta_s"] == 0.0
    written = [json.loads(b) for b in store.result_lines(job_id)]
    assert written == [{"line": 1, "article_id": "a1"}, {"line": 2, "error": "bad line"}]
    assert store.claim("fast") is None
