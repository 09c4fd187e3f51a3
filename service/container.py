"""Builds every long-lived part once, in data-flow order: registry + embeddings + Chroma -> indexer
-> retriever -> LLM provider and chains -> the capabilities' services -> batch jobs, keys, limits,
web sources. With NEWSDESK_DATABASE_URL the shared state (registry, keyword search, batch jobs, rate
limits, feeds) is built on Postgres instead, here and nowhere else.

`Container(settings)` is where the lifespan (service/api/app.py), the CLI and the eval all start, so a part is wired one way
wherever it runs; tests pass a scripted `provider` (and may share `embeddings`) to build the same
thing around a model they control. Routes read its parts through service/api/deps.py."""

from __future__ import annotations

import logging

from index.embed import MiniLMEmbeddings
from index.pipeline import Indexer
from index.registry import Registry
from index.shared import Database, PostgresRegistry
from index.store import ChunkStore, make_client
from service.access import ApiKeys, RateLimiter, SharedRateLimiter
from service.answers import AskService, KeptVectors, build_again_chain, build_answer_chain
from service.articles import ArticleService
from service.batch import (
    BatchJobs,
    BatchWorker,
    Jobs,
    JobStore,
    JobWorker,
    SharedBatchWorker,
    SharedJobStore,
)
from service.chat import ChatService, RewritePrewarm, build_condense_chain
from service.config import Settings
from service.llm import LlmProvider, build_provider, offline_provider
from service.observability.status import ServiceStatus
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
from service.summaries import SummaryService
from service.text import tokenize
from service.text.nlp import NewsNlp

log = logging.getLogger(__name__)


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
    batches: BatchJobs
    keys: ApiKeys
    limiter: RateLimiter | None
    fetcher: GuardedClient  # the only way anything is fetched from the web
    pages: PageIngest
    feeds: FeedService  # its background poller is started by the lifespan
    status: ServiceStatus
    database: Database | None  # the shared database, when NEWSDESK_DATABASE_URL is set

    def __init__(
        self,
        settings: Settings,
        *,
        with_llm: bool = True,
        provider: LlmProvider | None = None,
        embeddings: MiniLMEmbeddings | None = None,
    ) -> None:
        """`with_llm=False` (commands that only index) starts no model; `provider` replaces the one
        the settings pick (tests: a scripted model); `embeddings` shares an embedder already loaded."""
        self.settings = settings
        self._index(settings, embeddings)
        self.provider = provider or (build_provider(settings) if with_llm else offline_provider(settings))
        self.articles = ArticleService(self.indexer, self.registry, settings)
        nlp = NewsNlp()  # one spaCy pipeline for answers and summaries, loaded at first use
        answer_model = self.provider.chat_model(max_tokens=200)
        self.asker = AskService(
            self.registry,
            self.retriever,
            KeptVectors(self.embeddings),  # the tight context's sentence vectors, kept by text
            build_answer_chain(answer_model),
            build_again_chain(answer_model),
            nlp,
            settings.retrieval_k,
            settings.ask_context_chars,
        )
        prewarm = (
            RewritePrewarm(self.provider.chat_model(max_tokens=1, rewrites=True))
            if self.provider.rewriter is not None and settings.llm_rewriter_prewarm
            else None
        )
        self.chat = ChatService(
            self.asker, build_condense_chain(self.provider.chat_model(max_tokens=64, rewrites=True)), prewarm
        )
        self.summarizer = SummaryService(self.registry, self.provider, nlp)
        self._batches(settings)
        self.keys = ApiKeys(settings.api_key_list)
        # Per key: without keys the service is loopback-only, and its only callers are local tools
        # (tests, benches, the CLI) that a per-address budget would just throttle.
        per_minute = settings.rate_limit_per_minute
        self.limiter = None
        if per_minute and self.keys.required:
            shared = self.database
            self.limiter = SharedRateLimiter(shared, per_minute) if shared else RateLimiter(per_minute)
        self._sources(settings)
        self.status = ServiceStatus(self.provider, self.embeddings, self.registry, self.store)

    def _index(self, settings: Settings, embeddings: MiniLMEmbeddings | None) -> None:
        """Registry, embedder and Chroma, the indexer over them (interrupted writes finished or undone
        before anything reads), and the retriever."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.database = shared_database(settings)
        self.registry = (
            PostgresRegistry(self.database, tokenize)
            if self.database
            else Registry(settings.data_dir / "newsdesk.db")
        )
        self.embeddings = embeddings or MiniLMEmbeddings(
            threads=settings.embed_threads,
            batch_size=settings.embed_batch_size,
            backend=settings.embed_backend,
            precision=settings.embed_precision,
        )
        client = make_client(settings.data_dir / "chroma", settings.chroma_host, settings.chroma_port)
        self.store = ChunkStore(client, settings.collection, self.embeddings)
        chunking = (settings.chunk_max_tokens, settings.chunk_overlap_sentences, settings.chunk_min_tokens)
        self.indexer = Indexer(self.registry, self.store, self.embeddings, *chunking)
        rolled_back = self.indexer.recover()
        if rolled_back:
            log.warning("rolled back %d ingest(s) interrupted by a crash", rolled_back)
        fulltext = FullTextSearch(self.database) if self.database else None
        self.retriever = HybridRetriever(self.store, self.registry, fulltext=fulltext)

    def _batches(self, settings: Settings) -> None:
        """Batch jobs: folders under the data dir, or a queue in the shared database that every
        host's worker takes lines from."""
        concurrency = settings.batch_concurrency
        if self.database:
            shared = SharedJobStore(self.database, settings.batch_lease_s)
            self.jobs = shared
            self.batch_worker = SharedBatchWorker(shared, self.articles, self.summarizer, concurrency)
        else:
            local = JobStore(settings.data_dir / "batches")
            self.jobs = local
            self.batch_worker = BatchWorker(local, self.articles, self.summarizer, concurrency)
        self.batches = BatchJobs(self.jobs, self.batch_worker)

    def _sources(self, settings: Settings) -> None:
        """Pages and feeds from the web, through the one guarded client."""
        self.fetcher = GuardedClient(
            AddressPolicy.parse(settings.fetch_allow),
            max_bytes=settings.fetch_max_bytes,
            timeout_s=settings.fetch_timeout_s,
            max_redirects=settings.fetch_max_redirects,
            per_host=settings.fetch_per_host,
            user_agent=settings.fetch_user_agent,
        )
        reader = PageReader(self.fetcher, settings.min_page_chars)
        self.pages = PageIngest(reader, self.articles, settings.max_urls_per_request)
        feed_store = FeedStore(self.registry)
        poller = FeedPoller(
            feed_store, self.fetcher, reader, self.articles, settings.feed_max_items, settings.feed_lease_s
        )
        self.feeds = FeedService(
            feed_store,
            self.fetcher,
            poller,
            settings.feed_poll_minutes,
            settings.feed_max_items,
            settings.feed_lease_s,
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
