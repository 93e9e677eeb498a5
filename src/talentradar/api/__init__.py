"""The REST API and web pages (FastAPI); a thin adapter over the library."""
