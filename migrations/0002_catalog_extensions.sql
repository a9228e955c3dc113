-- Trigram similarity for typo-tolerant catalog search ("hamer" finds "hammer"); must exist before the catalog's gin_trgm_ops index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
