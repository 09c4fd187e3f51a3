"""`newsdesk prepare`: everything a first start would otherwise do slowly (run by `make setup`)."""

from __future__ import annotations

from typing import Annotated

import typer


def prepare(
    model: Annotated[
        str | None, typer.Option(help="qwen2.5-1.5b or qwen2.5-0.5b (default: the configured)")
    ] = None,
) -> None:
    """Join and checksum the GGUF weights, check the embedder's files and build its OpenVINO IR, and
    check and load spaCy's pipeline (run by `make setup`, so the first start does not convert)."""
    from index.cpu import native_precision
    from index.encoders import ensure_ir
    from index.weights import PINNED_SHA256, verify_model_files
    from service.config import get_settings
    from service.llm.weights import MODELS, ensure_model_file
    from service.text.nlp import NewsNlp, model_path

    settings = get_settings()
    folder = verify_model_files()
    if settings.embed_backend == "openvino":
        precision = native_precision() if settings.embed_precision == "auto" else settings.embed_precision
        ir = ensure_ir(folder, PINNED_SHA256["model.safetensors"], int8=precision == "int8")
        typer.echo(f"embedder IR ok: {ir}")
    path = ensure_model_file(MODELS[model or settings.llm_model], settings.models_path)
    _ = NewsNlp().pipeline  # checks every file's hash, then loads
    typer.echo(f"embedder ok: {folder}\nllm ok: {path}\nnlp ok: {model_path()}")
