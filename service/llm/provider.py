"""The one place that picks the LLM backend: `embedded` (llama.cpp) or `openai`.

Either way the chains get a LangChain `ChatOpenAI`: the embedded backend starts llama-cpp-python's
OpenAI-compatible server as a child on 127.0.0.1 and points the client at it. langchain-openai is
imported when a model is first asked for, so importing this module costs little."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from service.config import Settings
from service.llm.llama_server import LlamaServer
from service.llm.weights import MODELS, ensure_model_file

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI


@dataclass
class LlmProvider:
    name: str  # "embedded" or "openai"
    model_id: str
    base_url: str | None
    api_key: str
    timeout_s: float
    max_retries: int
    server: LlamaServer | None = None

    def chat_model(self, max_tokens: int = 512, **kwargs: Any) -> ChatOpenAI:
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=self.model_id,
            base_url=self.base_url,
            api_key=self.api_key,  # type: ignore[arg-type]
            timeout=self.timeout_s,
            max_retries=self.max_retries,
            temperature=0,
            max_tokens=max_tokens,  # type: ignore[call-arg]
            **kwargs,
        )

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


def build_provider(settings: Settings) -> LlmProvider:
    if settings.provider == "openai":
        return LlmProvider(
            name="openai",
            model_id=settings.openai_model,
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key or "",
            timeout_s=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
        )
    model = MODELS[settings.llm_model]
    path = ensure_model_file(model, settings.models_path)
    server = LlamaServer(
        path,
        model.repo_id,
        settings.llm_threads,
        settings.llm_ctx,
        settings.data_dir / "logs" / "llama.log",
        prompt_cache_mb=settings.llm_prompt_cache_mb,
        flash_attn=settings.llm_flash_attn,
        prompt_lookup=settings.llm_prompt_lookup,
    )
    server.start(settings.llm_start_timeout_s)
    # The local server is ours and single-tenant: retries only re-queue work behind a busy model.
    return LlmProvider(
        name="embedded",
        model_id=model.repo_id,
        base_url=server.base_url,
        api_key="embedded",
        timeout_s=settings.llm_timeout_s,
        max_retries=0,
        server=server,
    )


def offline_provider(settings: Settings) -> LlmProvider:
    """For commands that only index (`newsdesk ingest`): the chains exist but no model is started,
    and a call would fail at once (port 9 on loopback: discard)."""
    return LlmProvider("none", "none", "http://127.0.0.1:9/v1", "none", settings.llm_timeout_s, 0)
