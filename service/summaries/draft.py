"""A summary draft (the model's verdicts on names and tagged numbers) turned into items that each
carry the sentence of the section they rest on; what has no such sentence is dropped and counted.
The model never writes a quote or a number: both come from the article here."""

from __future__ import annotations

import re
from typing import Any

from index.sentences import split_sentences
from service.summaries.grounding import sentence_with
from service.summaries.models import CountItem, WhereItem, WhoItem
from service.summaries.sections import SectionInput
from service.text.names import is_demonym, known_places

TAG = re.compile(r" \(N\d+\)")  # a mention's tag, as the model may echo it in its gist
MAX_COUNTS = 8


def draft_to_items(
    draft: dict[str, Any], section: SectionInput
) -> tuple[list[WhoItem], list[WhereItem], list[CountItem], int]:
    """Attach to each draft item the sentence it rests on; items with no such sentence are dropped."""
    sentences = split_sentences(section.text)
    dropped = 0
    who, where, how_many = [], [], []
    verdicts = draft.get("names") or {}
    named = [(str(k).strip(), v) for k, v in verdicts.items()]
    named += [(n.strip(), "person") for n in draft.get("more_who") or [] if isinstance(n, str)]
    for name, kind in named:
        if is_demonym(name):
            kind = "other"  # small models call nationalities people
        elif name.casefold() in known_places():
            kind = "place"  # small models call countries people; a gazetteer settles the obvious ones
        if kind not in ("person", "organisation", "place"):
            continue
        quote = sentence_with(section.text, name, sentences)
        if quote is None:
            dropped += 1
        elif kind == "place":
            where.append(WhereItem(place=name, quote=quote))
        else:
            who.append(WhoItem(name=name, role=kind, quote=quote))
    numbers = draft.get("numbers") or {}
    for key, verdict in numbers.items():
        index = str(key).strip().upper().lstrip("N")
        if not isinstance(verdict, dict) or not verdict.get("salient"):
            continue
        if not index.isdigit() or not 1 <= int(index) <= len(section.mentions):
            dropped += 1
            continue
        mention = section.mentions[int(index) - 1]
        quote = next((s.text for s in sentences if s.start <= mention.start < s.end), None)
        if quote is None:
            dropped += 1
            continue
        how_many.append(
            CountItem(count=mention.text, of_what=str(verdict.get("of_what", "")).strip(), quote=quote)
        )
    return who, where, how_many[:MAX_COUNTS], dropped
