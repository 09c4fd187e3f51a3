"""Questions that need two articles, end to end on the embedded default (real HTTP, MiniLM, Chroma,
llama.cpp): a choice between two companies by a figure and by date names the right one first and
cites both articles; a latest-figure question answers from the newer of two reports. The articles
are invented for the project; each holds other figures the model must not take instead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Service

ARTICLES = [
    {
        "id": "choice-pellow",
        "title": "Pellow Dairies to cut 640 jobs and close Rusk creamery",
        "published_at": "2025-04-09",
        "text": "Pellow Dairies, which makes Greyfield cheese, is to cut 640 jobs and close its Rusk "
        "creamery after milk prices rose by 18% in a year.\n\nThe company employs about 5,200 people "
        "at 14 sites. Chief executive Imogen Tarr said 85 new jobs would be created at its larger "
        "plant in Haddow, where production will move by March.",
    },
    {
        "id": "choice-marston",
        "title": "Marston Freight to cut 1,150 jobs as parcel volumes fall",
        "published_at": "2025-02-20",
        "text": "Marston Freight, one of the largest parcel carriers in the north, said it would cut "
        "1,150 jobs, about 9% of its workforce, after a second year of falling volumes.\n\nThe firm "
        "will close four of its 31 sorting hubs and sell 600 vans. Chief executive Omar Fenn said "
        "the cuts would save dollars 210m a year.",
    },
    {
        "id": "choice-orrin-march",
        "title": "Orrin council may close three swimming pools",
        "published_at": "2025-03-04",
        "text": "Three of Orrin's eight public swimming pools could close next year under plans to be "
        "put to Orrin council next month, as the borough tries to close a budget gap of pounds 9.2m."
        "\n\nThe pools at Bell Street, Kinross Road and Dunford would shut in April.",
    },
    {
        "id": "choice-orrin-may",
        "title": "Orrin votes to close two swimming pools as Dunford is saved",
        "published_at": "2025-05-20",
        "text": "Orrin council has voted to close two of its swimming pools, but Dunford pool will stay "
        "open after a community trust offered to run it.\n\nCouncillors voted by 29 to 20 on Tuesday "
        "night to shut the Bell Street and Kinross Road pools at the end of June.",
    },
]


@pytest.fixture(scope="module")
def svc(embedded: Service) -> Iterator[Service]:
    response = embedded.http.post("/articles", json=ARTICLES)
    assert response.status_code == 200, response.text
    yield embedded
    for article in ARTICLES:
        embedded.http.delete(f"/articles/{article['id']}")


def _ask(svc: Service, question: str) -> dict:
    response = svc.http.post("/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("question", "first", "figures"),
    [
        (
            "Which company is cutting more jobs, Pellow Dairies or Marston Freight?",
            "Marston Freight",
            ("1,150", "640"),
        ),
        (
            "Which company is cutting fewer jobs, Pellow Dairies or Marston Freight?",
            "Pellow Dairies",
            ("640", "1,150"),
        ),
    ],
)
def test_a_choice_by_figure_names_the_winner_first_and_cites_both(
    svc: Service, question: str, first: str, figures: tuple[str, str]
) -> None:
    body = _ask(svc, question)
    assert not body["abstained"], body
    assert body["answer"].startswith(f"{first}: {figures[0]} [1], against {figures[1]}"), body["answer"]
    assert {c["article_id"] for c in body["citations"]} == {"choice-pellow", "choice-marston"}


def test_a_choice_by_date_goes_by_when_each_was_reported(svc: Service) -> None:
    body = _ask(svc, "Which company announced its job cuts first, Pellow Dairies or Marston Freight?")
    assert body["answer"].startswith("Marston Freight: reported on 20 February 2025 [1]"), body["answer"]
    assert {c["article_id"] for c in body["citations"]} == {"choice-pellow", "choice-marston"}


def test_the_latest_figure_comes_from_the_newer_report(svc: Service) -> None:
    body = _ask(svc, "According to the most recent report, how many swimming pools will Orrin council close?")
    assert not body["abstained"], body
    assert "two" in body["answer"].lower() and "three" not in body["answer"].lower(), body["answer"]
    assert [c["article_id"] for c in body["citations"]] == ["choice-orrin-may"]
