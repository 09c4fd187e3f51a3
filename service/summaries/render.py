"""Human-readable renderings of product objects."""

from __future__ import annotations

from service.summaries.models import Summary


def summary_markdown(summary: Summary) -> str:
    lines = [f"## Brief: {summary.article_id}", "", f"**What:** {summary.what}", "", "**Who**"]
    lines += [
        f"- {w.name}" + (f" ({w.role})" if w.role else "") + f' — "{w.quote}"' for w in summary.who
    ] or ["- none"]
    lines += ["", "**Where**"]
    lines += [f'- {p.place} — "{p.quote}"' for p in summary.where] or ["- none"]
    lines += ["", "**How many**"]
    lines += [f'- {c.count}: {c.of_what} — "{c.quote}"' for c in summary.how_many] or ["- none"]
    lines += [
        "",
        f"_{summary.dropped} unverified item(s) dropped · model {summary.model} · {summary.prompt_version}_",
    ]
    return "\n".join(lines) + "\n"
