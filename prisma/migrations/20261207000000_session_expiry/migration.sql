-- Sessions end: after an idle timeout (since last_seen_at) and at an absolute expiry (expires_at, set
-- when the session is opened). Sessions opened before this migration get the default lifetime of 30
-- days from their creation; the running setting may only shorten it.
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "sessions" ADD COLUMN "expires_at" TIMESTAMPTZ(3);
UPDATE "sessions" SET "expires_at" = "created_at" + INTERVAL '30 days';
ALTER TABLE "sessions" ALTER COLUMN "expires_at" SET NOT NULL;

-- The pruner deletes by either limit.
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");
CREATE INDEX "sessions_last_seen_at_idx" ON "sessions"("last_seen_at");
