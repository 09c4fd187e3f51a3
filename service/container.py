"""Builds every long-lived part once, in data-flow order: registry + embeddings + Chroma -> indexer
-> retriever -> LLM provider and chains -> the capabilities' services -> batch jobs, keys, limits.
With NEWSDESK_DATABASE_URL the shared state (registry, keyword search, batch jobs, rate limits) is
built on Postgres instead, here and nowhere else.

The lifespan (service/api/app.py), the CLI and the eval all start here, so a part is wired one way
wherever it runs; tests pass a scripted `provider` (and may share `embeddings`) to build the same
thing around a model they control."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from index.embed import MiniLMEmbeddings
from index.pipeline import Indexer
from index.registry import Registry
from index.shared import Database, PostgresRegistry
from index.store import ChunkStore, make_client
from service.access import ApiKeys, RateLimiter, SharedRateLimiter
from service.answers import AskService, build_answer_chain
from service.articles import ArticleService
from service.batch import BatchWorker, Jobs, JobStore, JobWorker, SharedBatchWorker, SharedJobStore
from service.chat import ChatService, build_condense_chain
from service.config import Settings
from service.llm import LlmProvider, build_provider, offline_provider
from service.retrieval import FullTextSearch, HybridRetriever
from service.sources import (
    AddressPolicy,
    FeedPoller,
    FeedService,
    FeedStore,
    GuardedClient,
    PageIngest,
    PageReader,
)
from service.summaries import SummaryService, build_collapse_chain
from service.text import tokenize

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    registry: Registry
    embeddings: MiniLMEmbeddings
    store: ChunkStore
    indexer: Indexer
    retriever: HybridRetriever
    provider: LlmProvider
    articles: ArticleService
    asker: AskService
    chat: ChatService
    summarizer: SummaryService
    jobs: Jobs
    batch_worker: JobWorker  # built here, started by the lifespan
    keys: ApiKeys
    limiter: RateLimiter | None
    fetcher: GuardedClient  # the only way anything is fetched from the web
    pages: PageIngest
    feeds: FeedService  # its background poller is started by the lifespan
    database: Database | None = None  # the shared database, when NEWSDESK_DATABASE_URL is set

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        with_llm: bool = True,
        provider: LlmProvider | None = None,
        embeddings: MiniLMEmbeddings | None = None,
    ) -> Container:
        """`with_llm=False` (commands that only index) starts no model; `provider` replaces the one
        the settings pick (tests: a scripted model); `embeddings` shares an embedder already loaded."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = shared_database(settings)
        registry = (
            PostgresRegistry(database, tokenize) if database else Registry(settings.data_dir / "newsdesk.db")
        )
        embeddings = embeddings or MiniLMEmbeddings(
            threads=settings.embed_threads,
            batch_size=settings.embed_batch_size,
            backend=settings.embed_backend,
            precision=settings.embed_precision,
        )
        client = make_client(settings.data_dir / "chroma", settings.chroma_host, settings.chroma_port)
        store = ChunkStore(client, settings.collection, embeddings)
        indexer = Indexer(
            registry,
            store,
            embeddings,
            settings.chunk_max_tokens,
            settings.chunk_overlap_sentences,
            settings.chunk_min_tokens,
        )
        rolled_back = indexer.recover()
        if rolled_back:
            log.warning("rolled back %d ingest(s) interrupted by a crash", rolled_back)
        retriever = HybridRetriever(store, registry, fulltext=FullTextSearch(database) if database else None)
        if provider is None:
            provider = build_provider(settings) if with_llm else offline_provider(settings)
        articles = ArticleService(indexer, registry, settings)
        asker = AskService(
            registry,
            retriever,
            embeddings,
            build_answer_chain(provider.chat_model(max_tokens=200)),
            settings.retrieval_k,
            context_chars=settings.ask_context_chars,
        )
        summarizer = SummaryService(
            registry,
            provider,
            build_collapse_chain(provider.chat_model(max_tokens=120)),
            settings.summary_section_chars,
        )
        jobs: Jobs
        worker: JobWorker
        if database:
            jobs = SharedJobStore(database, settings.batch_lease_s)
            worker = SharedBatchWorker(jobs, articles, summarizer, settings.batch_concurrency)
        else:
            jobs = JobStore(settings.data_dir / "batches")
            worker = BatchWorker(jobs, articles, summarizer, settings.batch_concurrency)
        keys = ApiKeys(settings.api_key_list)
        # Per key: without keys the service is loopback-only, and its only callers are local tools
        # (tests, benches, the CLI) that a per-address budget would just throttle.
        limiter = None
        if settings.rate_limit_per_minute and keys.required:
            per_minute = settings.rate_limit_per_minute
            limiter = SharedRateLimiter(database, per_minute) if database else RateLimiter(per_minute)
        fetcher = GuardedClient(
            AddressPolicy.parse(settings.fetch_allow),
            max_bytes=settings.fetch_max_bytes,
            timeout_s=settings.fetch_timeout_s,
            max_redirects=settings.fetch_max_redirects,
            per_host=settings.fetch_per_host,
            user_agent=settings.fetch_user_agent,
        )
        reader = PageReader(fetcher, settings.min_page_chars)
        feed_store = FeedStore(registry)
        poller = FeedPoller(
            feed_store, fetcher, reader, articles, settings.feed_max_items, settings.feed_lease_s
        )
        feeds = FeedService(
            feed_store,
            fetcher,
            poller,
            settings.feed_poll_minutes,
            settings.feed_max_items,
            settings.feed_lease_s,
        )
        return cls(
            settings=settings,
            registry=registry,
            embeddings=embeddings,
            store=store,
            indexer=indexer,
            retriever=retriever,
            provider=provider,
            articles=articles,
            asker=asker,
            chat=ChatService(asker, build_condense_chain(provider.chat_model(max_tokens=64))),
            summarizer=summarizer,
            jobs=jobs,
            batch_worker=worker,
            keys=keys,
            limiter=limiter,
            fetcher=fetcher,
            pages=PageIngest(reader, articles, settings.max_urls_per_request),
            feeds=feeds,
            database=database,
        )

    def close(self) -> None:
        self.feeds.stop()
        self.fetcher.close()
        self.provider.close()
        self.registry.close()  # on Postgres, the registry closes the shared database's pool


def shared_database(settings: Settings) -> Database | None:
    """The shared database with its schema in place, or None for the embedded default."""
    if settings.database_url is None:
        return None
    database = Database(settings.database_url.get_secret_value())
    database.create_schema()
    if not settings.chroma_host:
        log.warning("NEWSDESK_DATABASE_URL without CHROMA_HOST: vectors stay in this host's data dir")
    return database
