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


# The rewriter's niceness (llama_server.py `nice`): its prewarm yields to answers under contention.
REWRITER_NICE = 10


@dataclass
class LlmProvider:
    name: str  # "embedded" or "openai"
    model_id: str
    base_url: str | None
    api_key: str
    timeout_s: float
    max_retries: int
    server: LlamaServer | None = None
    # The embedded backend's second process for the chat's rewrites (Settings.llm_rewriter_process).
    rewriter: LlamaServer | None = None

    def chat_model(self, max_tokens: int = 512, rewrites: bool = False, **kwargs: Any) -> ChatOpenAI:
        """A client of the model; `rewrites`: for the chat's condense step, on the rewriter process
        when there is one (the same model either way)."""
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=self.model_id,
            base_url=self.rewriter.base_url if rewrites and self.rewriter else self.base_url,
            api_key=self.api_key,  # type: ignore[arg-type]
            timeout=self.timeout_s,
            max_retries=self.max_retries,
            temperature=0,
            max_tokens=max_tokens,  # type: ignore[call-arg]
            **kwargs,
        )

    def alive(self) -> bool:
        return all(s.alive() for s in (self.server, self.rewriter) if s is not None)

    def close(self) -> None:
        for server in (self.server, self.rewriter):
            if server is not None:
                server.stop()


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

    def server(n_ctx: int, log: str, nice: int = 0) -> LlamaServer:
        return LlamaServer(
            path,
            model.repo_id,
            settings.llm_threads,
            n_ctx,
            settings.data_dir / "logs" / log,
            prompt_cache_mb=settings.llm_prompt_cache_mb,
            flash_attn=settings.llm_flash_attn,
            prompt_lookup=settings.llm_prompt_lookup,
            nice=nice,
        )

    main = server(settings.llm_ctx, "llama.log")
    rewriter = (
        server(settings.llm_rewriter_ctx, "llama-rewriter.log", REWRITER_NICE)
        if settings.llm_rewriter_process
        else None
    )
    try:
        for started in (main, rewriter):
            if started is not None:
                started.start(settings.llm_start_timeout_s)
    except Exception:
        main.stop()
        raise
    # The local server is ours and single-tenant: retries only re-queue work behind a busy model.
    return LlmProvider(
        name="embedded",
        model_id=model.repo_id,
        base_url=main.base_url,
        api_key="embedded",
        timeout_s=settings.llm_timeout_s,
        max_retries=0,
        server=main,
        rewriter=rewriter,
    )


def offline_provider(settings: Settings) -> LlmProvider:
    """For commands that only index (`newsdesk ingest`): the chains exist but no model is started,
    and a call would fail at once (port 9 on loopback: discard)."""
    return LlmProvider("none", "none", "http://127.0.0.1:9/v1", "none", settings.llm_timeout_s, 0)
