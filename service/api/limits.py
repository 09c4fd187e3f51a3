"""Request limits that come from the settings, checked in one place: a question's length, and a
chat's message count and message lengths. Over a limit is 413 with the limit named. (Body size is
the body_limit middleware's; an article's limits are the articles service's.)"""

from __future__ import annotations

from collections.abc import Sequence

from service.chat import Message
from service.config import Settings
from service.errors import TooLarge


def check_question(question: str, settings: Settings) -> None:
    if len(question) > settings.max_question_chars:
        raise TooLarge(f"question is {len(question)} characters; the limit is {settings.max_question_chars}")


def check_messages(messages: Sequence[Message], settings: Settings) -> None:
    """The last message is the question; earlier ones are history with their own, looser limit."""
    if len(messages) > settings.max_chat_messages:
        raise TooLarge(f"{len(messages)} messages in one chat; the limit is {settings.max_chat_messages}")
    for n, message in enumerate(messages[:-1]):
        if len(message.content) > settings.max_message_chars:
            raise TooLarge(
                f"message {n} is {len(message.content)} characters; the limit is {settings.max_message_chars}"
            )
    check_question(messages[-1].content, settings)
