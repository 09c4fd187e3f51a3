"""Batch jobs in the shared database: a job row, one queue row per input line, one result row per
line. Any host creates a job; any host's worker claims lines; any host reads the results.

A claim takes the oldest open line with `FOR UPDATE SKIP LOCKED` (two workers never wait on, or
take, the same row) and gives it a lease, which the claiming worker renews while it works. A host
that dies mid-line stops renewing; once the lease runs out the line is open again and another
host's worker redoes it. The result's primary key (job, line) makes each line written once: a
second writer of the same line (a host that was only slow, not dead) inserts nothing and counts
nothing. The job's counts move in the result's transaction, so they always match the results.

The SQL is SQLAlchemy Core and also runs on SQLite (where FOR UPDATE is left out and one writer at a
time makes it moot), which is how tests/unit/batch/test_queue.py checks the claim rules in process."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from index.shared.database import Database
from index.shared.schema import batch_jobs, batch_lines, batch_results
from service.batch.records import ResultLine
from service.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class Claim:
    job_id: str
    line: int
    body: str
    attempts: int  # claims of this line so far, this one included


class SharedJobStore:
    def __init__(self, database: Database, lease_s: float = 60.0) -> None:
        self.db = database
        self.lease_s = lease_s

    def create(self, lines: list[str]) -> dict[str, Any]:
        numbered = [(n, line.rstrip("\n")) for n, line in enumerate(lines, 1) if line.strip()]
        if not numbered:
            raise InvalidInput("the batch has no lines")
        job_id, now = uuid.uuid4().hex[:16], time.time()
        with self.db.begin("batch job write") as conn:  # the job and its lines appear together
            conn.execute(
                insert(batch_jobs).values(id=job_id, status="queued", created_at=now, total=len(numbered))
            )
            conn.execute(
                insert(batch_lines),
                [
                    {"job_id": job_id, "line": n, "body": body, "queued_at": now, "state": "todo"}
                    for n, body in numbered
                ],
            )
        return self.get(job_id)

    def get(self, job_id: str) -> dict[str, Any]:
        with self.db.call("batch job read"), self.db.engine.connect() as conn:
            row = _job_row(conn, job_id)
        job = {k: row[k] for k in ("id", "status", "created_at", "total", "done", "failed")}
        job |= {"started_at": row["started_at"], "finished_at": row["finished_at"]}
        finished = job["done"] + job["failed"]
        end = row["finished_at"] or time.time()
        elapsed = end - row["started_at"] if row["started_at"] else 0.0
        rate = round(finished / elapsed * 60, 2) if elapsed > 0 else 0.0
        left = job["total"] - finished
        return job | {"rate_per_min": rate, "eta_s": round(left / rate * 60, 1) if rate > 0 else None}

    def result_lines(self, job_id: str) -> Iterator[bytes]:
        with self.db.call("batch results read"), self.db.engine.connect() as conn:
            _job_row(conn, job_id)
            query = select(batch_results.c.body).where(batch_results.c.job_id == job_id)
            bodies = conn.execute(query.order_by(batch_results.c.line)).scalars().all()
        return iter([(body + "\n").encode() for body in bodies])

    # The queue
    def claim(self, worker: str) -> Claim | None:
        """The oldest open line, now leased to `worker`; None when there is nothing to do."""
        now = time.time()
        open_line = or_(
            batch_lines.c.state == "todo",
            and_(batch_lines.c.state == "claimed", batch_lines.c.lease_until < now),
        )
        key = (batch_lines.c.job_id, batch_lines.c.line)
        query = (
            select(*key, batch_lines.c.body, batch_lines.c.attempts)
            .where(open_line)
            .order_by(batch_lines.c.queued_at, *key)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        with self.db.begin("batch claim") as conn:
            row = conn.execute(query).first()
            if row is None:
                return None
            conn.execute(
                update(batch_lines)
                .where(batch_lines.c.job_id == row.job_id, batch_lines.c.line == row.line)
                .values(
                    state="claimed",
                    claimed_by=worker,
                    lease_until=now + self.lease_s,
                    attempts=row.attempts + 1,
                )
            )
            conn.execute(
                update(batch_jobs)
                .where(batch_jobs.c.id == row.job_id, batch_jobs.c.status == "queued")
                .values(status="running", started_at=now)
            )
        return Claim(row.job_id, row.line, row.body, row.attempts + 1)

    def renew(self, worker: str) -> int:
        """Extend the leases of every line `worker` holds; how many it holds."""
        mine = and_(batch_lines.c.claimed_by == worker, batch_lines.c.state == "claimed")
        with self.db.begin("batch lease renew") as conn:
            renewed = conn.execute(
                update(batch_lines).where(mine).values(lease_until=time.time() + self.lease_s)
            )
        return int(renewed.rowcount)

    def release(self, claim: Claim, worker: str) -> None:
        """Give a line back unwritten (shutdown, a store failure): open again at once."""
        with self.db.begin("batch release") as conn:
            conn.execute(
                update(batch_lines)
                .where(*_line(claim), batch_lines.c.claimed_by == worker, batch_lines.c.state == "claimed")
                .values(state="todo", claimed_by=None, lease_until=None)
            )

    def finish(self, claim: Claim, result: ResultLine, worker: str) -> bool:
        """Write the line's result once; False when another worker had already written it."""
        now = time.time()
        row = {
            "job_id": claim.job_id,
            "line": claim.line,
            "body": json.dumps(result.as_json(), ensure_ascii=False),
            "is_error": not result.ok,
            "written_by": worker,
            "written_at": now,
        }
        dialect = postgresql if self.db.is_postgres else sqlite
        with self.db.begin("batch result write") as conn:
            # RETURNING, not rowcount: on psycopg this INSERT reports a rowcount of -1.
            once = dialect.insert(batch_results).values(**row).on_conflict_do_nothing()
            wrote = conn.execute(once.returning(batch_results.c.line)).first() is not None
            conn.execute(
                update(batch_lines)
                .where(*_line(claim))
                .values(state="done", claimed_by=None, lease_until=None)
            )
            if not wrote:
                return False
            counts = {
                "done": batch_jobs.c.done + int(result.ok),
                "failed": batch_jobs.c.failed + int(not result.ok),
            }
            job = batch_jobs.c.id == claim.job_id
            conn.execute(update(batch_jobs).where(job).values(**counts))
            done, failed, total = conn.execute(
                select(batch_jobs.c.done, batch_jobs.c.failed, batch_jobs.c.total).where(job)
            ).one()
            if done + failed >= total:
                conn.execute(update(batch_jobs).where(job).values(status="done", finished_at=now))
        return True


def _line(claim: Claim) -> tuple[Any, Any]:
    return batch_lines.c.job_id == claim.job_id, batch_lines.c.line == claim.line


def _job_row(conn: Connection, job_id: str) -> Any:
    row = None
    if job_id.isalnum():
        row = conn.execute(select(batch_jobs).where(batch_jobs.c.id == job_id)).mappings().first()
    if row is None:
        raise NotFound(f"no batch with id {job_id!r}")
    return row
