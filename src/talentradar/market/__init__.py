"""Market: compensation benchmarks, offer comparison, layoffs and job postings, joined to orgs."""
