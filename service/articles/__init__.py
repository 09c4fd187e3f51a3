"""Articles: the record every input path validates (models.py), limits and ingest (service.py),
bulk ingest of files for the CLI (bulk.py), lookups by id, and the sweeper that finishes writes a
store failure interrupted."""

from service.articles.lookup import require_article, require_known
from service.articles.models import ArticleIn, NonBlank
from service.articles.service import ArticleService

__all__ = ["ArticleIn", "ArticleService", "NonBlank", "require_article", "require_known"]
