"""LangChain Runnables built by functions (`prompt | model | parser`), with no I/O at import."""
