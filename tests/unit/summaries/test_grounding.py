from __future__ import annotations

from index.clean import quote_in
from service.summaries import CountItem, WhereItem, WhoItem
from service.summaries.grounding import verify_items

ARTICLE = (
    "Police in Peru freed 84 women on Tuesday. The operation, led by the \u201cnational\u201d police, "
    "also arrested twenty-three people linked to the Tren de Aragua gang."
)


def test_quotes_are_matched_after_folding_whitespace_and_quote_marks() -> None:
    assert quote_in('The operation, led by the "national"   police,', ARTICLE)
    assert not quote_in("The operation was led by the army.", ARTICLE)


def test_invented_count_is_dropped_and_counted() -> None:
    real = "Police in Peru freed 84 women on Tuesday."
    verified = verify_items(
        ARTICLE,
        who=[
            WhoItem(
                name="Tren de Aragua",
                quote="also arrested twenty-three people linked to the Tren de Aragua gang.",
            )
        ],
        where=[WhereItem(place="Peru", quote=real), WhereItem(place="Chile", quote=real)],
        how_many=[
            CountItem(count="84", of_what="women freed", quote=real),
            CountItem(count="23", of_what="people arrested", quote="also arrested twenty-three people"),
            CountItem(count="500", of_what="women freed", quote=real),  # number not in its quote
            CountItem(
                count="84", of_what="women freed", quote="Police freed 84 women in Lima."
            ),  # quote not in article
        ],
    )
    assert [c.count for c in verified.how_many] == ["84", "23"]
    assert [p.place for p in verified.where] == ["Peru"]
    assert [w.name for w in verified.who] == ["Tren de Aragua"]
    assert verified.dropped == 3


def test_counts_in_who_are_dropped() -> None:
    verified = verify_items(
        ARTICLE,
        who=[WhoItem(name="84 women", quote="Police in Peru freed 84 women on Tuesday.")],
        where=[],
        how_many=[],
    )
    assert verified.who == [] and verified.dropped == 1
