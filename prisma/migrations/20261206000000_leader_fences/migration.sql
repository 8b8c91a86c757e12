-- Fencing for the roles that run as active/standby pairs (the feed, the engine). A leader elected by
-- its lease raises its role's fence to a token no earlier leader had; every write of the engine
-- asserts its token is still the newest, in the statement (or transaction) that writes, so a paused
-- old leader that wakes up after a new one took over can never write.
CREATE TABLE "leader_fences" (
  "role" VARCHAR(32) PRIMARY KEY,
  "token" BIGINT NOT NULL,
  "holder" VARCHAR(128) NOT NULL,
  "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- The next token of a role: above every earlier one, and no lower than the clock in milliseconds, so
-- tokens also order after the start-time epochs feeds used before fences existed.
CREATE FUNCTION tickwire_raise_fence(fence_role VARCHAR, fence_holder VARCHAR) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  now_ms BIGINT := floor(extract(epoch FROM clock_timestamp()) * 1000);
  raised BIGINT;
BEGIN
  INSERT INTO leader_fences (role, token, holder) VALUES (fence_role, now_ms, fence_holder)
  ON CONFLICT (role) DO UPDATE SET token = GREATEST(leader_fences.token + 1, now_ms), holder = fence_holder, raised_at = now()
  RETURNING token INTO raised;
  RETURN raised;
END
$$;

-- Aborts the statement that evaluates it (SQLSTATE TWF01) unless `fence_token` is the role's newest.
-- FOR SHARE holds the row until the writing transaction ends: a raise waits for writes under the old
-- token that already passed the check, and every check after the raise fails.
CREATE FUNCTION tickwire_assert_fence(fence_role VARCHAR, fence_token BIGINT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM leader_fences WHERE role = fence_role AND token = fence_token FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'fenced: % token % is no longer the newest', fence_role, fence_token USING ERRCODE = 'TWF01';
  END IF;
  RETURN TRUE;
END
$$;
