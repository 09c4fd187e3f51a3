"""The indexing side: load, clean, chunk, embed and store articles in Chroma."""
