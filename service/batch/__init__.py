"""Batch summaries: the result line and durable files (records.py), resume bookkeeping
(progress.py), the resumable runner (runner.py), HTTP jobs and their worker (jobs.py), and the same
batch through OpenAI's Batch API (openai_batch.py)."""

from service.batch.jobs import BatchJobs, BatchWorker, JobStore
from service.batch.openai_batch import OpenAIBatchRunner, state_path
from service.batch.progress import Progress, resume, write_result
from service.batch.records import ResultLine, finished_lines, read_input
from service.batch.runner import BatchRunner

__all__ = [
    "BatchJobs",
    "BatchRunner",
    "BatchWorker",
    "JobStore",
    "OpenAIBatchRunner",
    "Progress",
    "ResultLine",
    "finished_lines",
    "read_input",
    "resume",
    "state_path",
    "write_result",
]
