-- pg_trgm declares word_similarity's operators as cheap as `=` (COST 1), so on a table small enough
-- for a full index-only scan the planner filters every row with `<%` (~10 µs each: 23 ms on 2,600
-- products) instead of asking the trigram index (2 ms). COST 100 states what they really cost.
-- Not fatal where the role does not own the extension's functions: search still works, only slower.
DO $$
BEGIN
  ALTER FUNCTION word_similarity_op(text, text) COST 100;
  ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'pg_trgm operator costs left unchanged: %', SQLERRM;
END
$$;
