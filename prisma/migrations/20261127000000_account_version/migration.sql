-- The engine decides a batch of orders from an unlocked read of the accounts and writes it only if no
-- other writer changed them since. Every account write outside the engine (a reset from the web) bumps
-- the version; the engine's own writes run one at a time and never overlap its reads.
ALTER TABLE "users" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;

-- Aborts the statement that evaluates it (SQLSTATE 40001, serialization_failure) unless `ok`, so a
-- write made of several data-modifying CTEs happens whole or not at all.
CREATE FUNCTION tickwire_assert_unchanged(ok BOOLEAN) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
  IF NOT ok THEN
    RAISE EXCEPTION 'an account changed since the engine read it' USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN TRUE;
END
$$;
