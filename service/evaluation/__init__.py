"""`newsdesk eval`: pure scoring (scoring.py), two-turn follow-ups (followups.py, with the packaged
pairs for the shared dev set in data/), the runner that drives the real parts (runner.py), and
invented distractor articles to hide a gold set among (distractors.py, imported on its own:
`python -m service.evaluation.distractors 1000 > distractors.jsonl`)."""

from service.evaluation.runner import PARTS, run_eval
from service.evaluation.scoring import answer_matches, count_matches, name_matches, precision, recall

__all__ = ["PARTS", "answer_matches", "count_matches", "name_matches", "precision", "recall", "run_eval"]
