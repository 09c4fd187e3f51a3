"""Chat: conversations over the collection (service.py), the condense chain that makes a follow-up
standalone (condense.py), the conversation read into the rewriter ahead of a follow-up
(prewarm.py), and the OpenAI Chat Completions shape of a turn (openai_shape.py)."""

from service.chat.condense import build_condense_chain
from service.chat.openai_shape import MODEL_ID, Completion, models_listing
from service.chat.prewarm import RewritePrewarm
from service.chat.service import ChatAnswer, ChatResult, ChatService, Message, Turn, Usage

__all__ = [
    "MODEL_ID",
    "ChatAnswer",
    "ChatResult",
    "ChatService",
    "Completion",
    "Message",
    "RewritePrewarm",
    "Turn",
    "Usage",
    "build_condense_chain",
    "models_listing",
]
