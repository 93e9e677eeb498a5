"""Text search over papers: BM25 full text (DuckDB FTS) and LSA semantic vectors."""
