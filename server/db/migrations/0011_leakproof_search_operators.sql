-- Row-level security lets the planner use an index for a condition only if the condition's function is
-- LEAKPROOF (it cannot reveal rows the policy hides). The built-in functions behind the search and filter
-- operators are not marked so, which would make every keyword search, tag, custom-field and trigram filter on
-- customers and contacts scan the whole organisation instead of its GIN index. None of them can reveal a row:
-- they raise no error that depends on the data compared. Marking them needs a superuser; without one the
-- migration leaves a notice, and a DBA runs these four statements once (see docs/decisions/0005).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION arraycontains(anyarray, anyarray) LEAKPROOF;
    ALTER FUNCTION arrayoverlap(anyarray, anyarray) LEAKPROOF;
    ALTER FUNCTION jsonb_contains(jsonb, jsonb) LEAKPROOF;
    ALTER FUNCTION textlike(text, text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'kehu: not a superuser; ask a DBA to mark arraycontains, arrayoverlap, jsonb_contains and textlike LEAKPROOF (docs/decisions/0005)';
  END IF;
END
$$;
