"""Who may call the service and how often: API keys (keys.py) and per-key rate limits
(ratelimit.py). The HTTP side of both is service/api/middleware/security.py."""

from service.access.keys import ApiKeys
from service.access.ratelimit import RateLimiter

__all__ = ["ApiKeys", "RateLimiter"]
