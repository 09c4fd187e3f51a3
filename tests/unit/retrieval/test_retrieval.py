"""Pure parts of hybrid retrieval: tokens, filters, fusion, the keyword index."""

from __future__ import annotations

from datetime import date

from service.retrieval import Filters, KeywordIndex, rrf
from service.text.terms import tokenize


def test_tokenize_keeps_names_and_amounts_whole() -> None:
    tokens = tokenize("Trade rose to dollars 186.3m; 1,080 lines; the Tocoron prison; 6.5% growth")
    assert {"186.3m", "1080", "tocoron", "6.5%", "dollar"} <= set(tokens)
    assert "the" not in tokens


def test_rrf_rewards_agreement_between_rankings() -> None:
    fused = rrf([["a", "b", "c"], ["c", "b", "d"]])
    assert set(fused[:2]) == {"b", "c"} and fused.index("a") < fused.index("d")
    assert rrf([["x"], []]) == ["x"]


def test_filters_where_and_matches_agree() -> None:
    f = Filters(
        article_ids=("a1",), sources=("bbc",), published_from=date(2005, 1, 1), published_to=date(2005, 1, 31)
    )
    where = f.where()
    assert where is not None and len(where["$and"]) == 4
    inside = {"article_id": "a1", "source": "bbc", "published_ts": 1105747200}  # 2005-01-15
    assert f.matches(inside)
    assert not f.matches({**inside, "article_id": "a2"})
    assert not f.matches({**inside, "source": "seed"})
    assert not f.matches({**inside, "published_ts": 1107302400})  # 2005-02-02
    assert not f.matches({"article_id": "a1", "source": "bbc"})  # undated is outside a date range
    assert Filters().where() is None and Filters().matches({})
    # The last day of the range counts whole.
    assert Filters(published_to=date(2005, 1, 15)).matches({"published_ts": 1105747200 + 86_000})


def test_bm25_search_applies_the_filter_and_finds_exact_tokens() -> None:
    texts = [
        "The gang rose from the Tocoron prison.",
        "Police freed 84 women in Lima.",
        "Tocoron is named again in another story.",
    ]
    metas = [{"article_id": "a"}, {"article_id": "a"}, {"article_id": "b"}]
    index = KeywordIndex(["1", "2", "3"], texts, metas)
    assert set(index.search("Tocoron", 5, lambda m: True)) == {0, 2}
    assert index.search("Tocoron", 5, Filters(article_ids=("a",)).matches) == [0]
    assert index.search("the of", 5, lambda m: True) == []  # only stop words: nothing to match
    assert KeywordIndex([], [], []).search("Tocoron", 5, lambda m: True) == []


def test_postings_scores_equal_rank_bm25_scores() -> None:
    texts = ["84 women freed in Lima", "women and minors freed", "the Tocoron prison gang", "Lima police"] * 3
    index = KeywordIndex([str(i) for i in range(len(texts))], texts, [{} for _ in texts])
    assert index.model is not None
    for query in ("women freed Lima", "Tocoron", "minors police gang 84"):
        expected = index.model.get_scores(tokenize(query))
        assert [round(x, 9) for x in index.scores(query)] == [round(x, 9) for x in expected]


def test_a_country_adjective_finds_the_country_and_back() -> None:
    texts = [
        "Britain is to give a pounds 4m grant to survivors of the genocide.",
        "The dig was funded by a grant of dollars 706,500 from the Halcyon Trust.",
        "A grant of pounds 2m went to the Tessary laboratory.",
    ]
    index = KeywordIndex(["uk", "dig", "lab"], texts, [{} for _ in texts])
    assert index.search("How much is the British grant?", 1, lambda m: True) == [0]
    fans = ["Spanish fans chanted.", "French fans sang.", "German fans waved.", "Welsh fans cheered."]
    spanish = KeywordIndex(["es", "fr", "de", "cy"], fans, [{} for _ in fans])
    assert spanish.search("What did fans in Spain do?", 1, lambda m: True) == [0]
