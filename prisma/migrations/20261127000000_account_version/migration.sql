-- The engine decides a batch of orders from an unlocked read of the accounts and writes it only if no
-- other writer changed them since. Every writer bumps the version: the batch write itself, and every
-- transaction that takes the account lock (resting fills, cancels, a reset from the web).
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
