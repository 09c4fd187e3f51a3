"""Who may call the service and how often: API keys (keys.py) and per-key rate limits
(ratelimit.py; shared_limits.py counts them across hosts in the shared database). The HTTP side of
both is service/api/middleware/security.py."""

from service.access.keys import ApiKeys
from service.access.ratelimit import RateLimiter
from service.access.shared_limits import SharedRateLimiter

__all__ = ["ApiKeys", "RateLimiter", "SharedRateLimiter"]
