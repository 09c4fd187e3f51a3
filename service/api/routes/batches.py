"""Batch summaries over HTTP: submit a JSONL upload or stored ids, follow the job, read its results."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from service.api.deps import BatchesDep, RegistryDep
from service.articles import require_known
from service.errors import InvalidInput

router = APIRouter(prefix="/batches", tags=["batches"])


# The body is read by hand (JSONL or JSON, told apart by content type), so FastAPI cannot infer it:
# described here so the OpenAPI spec, and clients and fuzzers built from it, know both shapes.
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "one article object per line"}
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "article_ids": {"type": "array", "items": {"type": "string"}, "minItems": 1}
                    },
                    "required": ["article_ids"],
                }
            },
        },
    }
}


@router.post("", status_code=202, openapi_extra=_BODY)
async def create_batch(request: Request, registry: RegistryDep, batches: BatchesDep) -> dict[str, Any]:
    """A JSONL upload (one article per line, `application/x-ndjson`), or JSON `{"article_ids": [...]}`
    for stored articles. Returns the job at once; the work runs in the background."""
    body = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind == "application/json":
        try:
            payload = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:  # bytes that are not UTF-8 at all
            raise InvalidInput("request body is not valid JSON") from exc
        ids = payload.get("article_ids") if isinstance(payload, dict) else None
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise InvalidInput('expected {"article_ids": ["id", ...]} or a JSONL upload')
        require_known(registry, ids)
        lines = [json.dumps({"id": i}) for i in ids]
    else:
        try:
            lines = body.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise InvalidInput("the JSONL upload is not UTF-8 text") from exc
    return batches.create(lines)


@router.get("/{job_id}")
def get_batch(job_id: str, batches: BatchesDep) -> dict[str, Any]:
    """Status (queued, running, done, failed), counts, rate per minute and ETA."""
    return batches.get(job_id)


@router.get("/{job_id}/results")
def batch_results(job_id: str, batches: BatchesDep) -> StreamingResponse:
    """The JSONL written so far: one line per input line, a summary or an `error`."""
    return StreamingResponse(batches.result_lines(job_id), media_type="application/x-ndjson")
