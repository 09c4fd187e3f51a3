"""Builds every long-lived part once, in data-flow order: registry + embeddings + Chroma -> indexer
-> retriever -> LLM provider and chains -> the capabilities' services -> batch jobs, keys, limits,
web sources.

`Container(settings)` is where the lifespan (service/api/app.py), the CLI and the eval all start, so a part is wired one way
wherever it runs; tests pass a scripted `provider` (and may share `embeddings`) to build the same
thing around a model they control. Routes read its parts through service/api/deps.py."""

from __future__ import annotations

import logging

from index.embed import MiniLMEmbeddings
from index.pipeline import Indexer
from index.registry import Registry
from index.store import ChunkStore, make_client
from service.access import ApiKeys, RateLimiter
from service.answers import AskService, build_again_chain, build_answer_chain
from service.articles import ArticleService
from service.batch import BatchJobs, BatchWorker, JobStore
from service.chat import ChatService, build_condense_chain
from service.config import Settings
from service.llm import LlmProvider, build_provider, offline_provider
from service.observability.status import ServiceStatus
from service.retrieval import HybridRetriever
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
    jobs: JobStore
    batch_worker: BatchWorker  # built here, started by the lifespan
    batches: BatchJobs
    keys: ApiKeys
    limiter: RateLimiter | None
    fetcher: GuardedClient  # the only way anything is fetched from the web
    pages: PageIngest
    feeds: FeedService  # its background poller is started by the lifespan
    status: ServiceStatus

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
            self.embeddings,
            build_answer_chain(answer_model),
            build_again_chain(answer_model),
            nlp,
            settings.retrieval_k,
            settings.ask_context_chars,
        )
        self.chat = ChatService(self.asker, build_condense_chain(self.provider.chat_model(max_tokens=64)))
        self.summarizer = SummaryService(self.registry, self.provider, nlp)
        self.jobs = JobStore(settings.data_dir / "batches")
        self.batch_worker = BatchWorker(self.jobs, self.articles, self.summarizer, settings.batch_concurrency)
        self.batches = BatchJobs(self.jobs, self.batch_worker)
        self.keys = ApiKeys(settings.api_key_list)
        # Per key: without keys the service is loopback-only, and its only callers are local tools
        # (tests, benches, the CLI) that a per-address budget would just throttle.
        per_minute = settings.rate_limit_per_minute
        self.limiter = RateLimiter(per_minute) if per_minute and self.keys.required else None
        self._sources(settings)
        self.status = ServiceStatus(self.provider, self.embeddings, self.registry, self.store)

    def _index(self, settings: Settings, embeddings: MiniLMEmbeddings | None) -> None:
        """Registry, embedder and Chroma, the indexer over them (interrupted writes finished or undone
        before anything reads), and the retriever."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.registry = Registry(settings.data_dir / "newsdesk.db")
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
        self.retriever = HybridRetriever(self.store, self.registry)

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
        self.registry.close()
