"""Batch summaries: the result line and durable files (records.py), resume bookkeeping
(progress.py), the resumable runner (runner.py), HTTP jobs and their worker (jobs.py), and the same
batch through OpenAI's Batch API (openai_batch.py). With a shared database, HTTP jobs are a queue of
lines any host's worker claims (queue.py, queue_worker.py); contract.py is what both kinds offer."""

from service.batch.contract import BatchJobs, Jobs, JobWorker
from service.batch.jobs import BatchWorker, JobStore
from service.batch.openai_batch import OpenAIBatchRunner, state_path
from service.batch.progress import Progress, resume, write_result
from service.batch.queue import SharedJobStore
from service.batch.queue_worker import SharedBatchWorker
from service.batch.records import ResultLine, finished_lines, read_input
from service.batch.runner import BatchRunner

__all__ = [
    "BatchJobs",
    "BatchRunner",
    "BatchWorker",
    "JobStore",
    "JobWorker",
    "Jobs",
    "OpenAIBatchRunner",
    "Progress",
    "ResultLine",
    "SharedBatchWorker",
    "SharedJobStore",
    "finished_lines",
    "read_input",
    "resume",
    "state_path",
    "write_result",
]
