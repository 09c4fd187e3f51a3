"""The provider hands the chat's rewrites to the rewriter process when there is one, and is alive
only while every process it started is."""

from __future__ import annotations

from pathlib import Path

from service.llm import LlmProvider
from service.llm.llama_server import LlamaServer


def server(tmp_path: Path, name: str) -> LlamaServer:
    return LlamaServer(tmp_path / "model.gguf", "model", 1, 1024, tmp_path / f"{name}.log")


def test_rewrites_go_to_the_rewriter_process(tmp_path: Path) -> None:
    main, rewriter = server(tmp_path, "main"), server(tmp_path, "rewriter")
    llm = LlmProvider("embedded", "model", main.base_url, "x", 5.0, 0, main, rewriter)
    assert str(llm.chat_model(rewrites=True).openai_api_base) == rewriter.base_url
    assert str(llm.chat_model().openai_api_base) == main.base_url
    single = LlmProvider("embedded", "model", main.base_url, "x", 5.0, 0, main)
    assert str(single.chat_model(rewrites=True).openai_api_base) == main.base_url


def test_a_provider_is_alive_only_while_all_its_processes_are(tmp_path: Path) -> None:
    main, rewriter = server(tmp_path, "main"), server(tmp_path, "rewriter")
    assert not LlmProvider("embedded", "model", main.base_url, "x", 5.0, 0, main, rewriter).alive()
    assert LlmProvider("openai", "gpt", None, "sk", 5.0, 0).alive()  # nothing of ours to watch
