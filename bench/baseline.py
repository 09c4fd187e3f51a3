"""The baseline: what a competent engineer writes in an afternoon with LangChain and Chroma.

- RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200), the tutorial defaults;
- the same all-MiniLM-L6-v2 weights through sentence-transformers (CPU torch, its default batch 32);
- langchain_chroma.Chroma, `add_documents` one article at a time (its default collection config);
- a stuff-the-top-4 QA chain (the classic "use the following pieces of context" prompt), and a
  stuff summary chain, on the same LLM client Newsdesk uses (same server, same max_tokens).

Every benchmark builds this in the same run as Newsdesk, so ratios hold on a noisy machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common import SentenceTransformerEmbeddings

QA_TEMPLATE = """Use the following pieces of context to answer the question at the end. If you don't know the answer, just say that you don't know, don't try to make up an answer.

{context}

Question: {question}
Helpful Answer:"""

SUMMARY_TEMPLATE = """Write a concise summary of the following news article: who is involved, what happened, where, and the key numbers.

"{text}"

CONCISE SUMMARY:"""


class Baseline:
    def __init__(self, persist_dir: Path, embeddings: Any | None = None) -> None:
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self.embeddings = embeddings or SentenceTransformerEmbeddings()
        self.splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        self.store = Chroma(
            collection_name="baseline",
            embedding_function=self.embeddings,  # type: ignore[arg-type]
            persist_directory=str(persist_dir),
        )
        self.chunks_added = 0

    def split(self, article: dict[str, str]) -> list[Any]:
        meta = {"article_id": article["id"], "title": article["title"]}
        return self.splitter.create_documents([article["text"]], metadatas=[meta])

    def ingest(self, article: dict[str, str]) -> int:
        docs = self.split(article)
        self.store.add_documents(docs)
        self.chunks_added += len(docs)
        return len(docs)

    def retriever(self, k: int = 4) -> Any:
        return self.store.as_retriever(search_kwargs={"k": k})

    def qa_chain(self, llm: Any) -> Any:
        """retriever -> stuff the top 4 into one prompt -> LLM -> text."""
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import PromptTemplate
        from langchain_core.runnables import RunnablePassthrough

        def stuff(docs: list[Any]) -> str:
            return "\n\n".join(d.page_content for d in docs)

        prompt = PromptTemplate.from_template(QA_TEMPLATE)
        setup = {"context": self.retriever() | stuff, "question": RunnablePassthrough()}
        return setup | prompt | llm | StrOutputParser()

    @staticmethod
    def summary_chain(llm: Any) -> Any:
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import PromptTemplate

        return PromptTemplate.from_template(SUMMARY_TEMPLATE) | llm | StrOutputParser()
