-- Stop-market and stop-limit orders, fill-or-kill, post-only and amends.
ALTER TYPE "OrderType" ADD VALUE 'stop_market';
ALTER TYPE "OrderType" ADD VALUE 'stop_limit';
ALTER TYPE "TimeInForce" ADD VALUE 'FOK';

ALTER TABLE "orders" ADD COLUMN "stop_price" DECIMAL(24,8);
ALTER TABLE "orders" ADD COLUMN "post_only" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "orders" ADD COLUMN "triggered_at" TIMESTAMPTZ(3);
-- The terms as placed, set by the first amend (null = never amended).
ALTER TABLE "orders" ADD COLUMN "placed_quantity" DECIMAL(24,8);
ALTER TABLE "orders" ADD COLUMN "placed_price" DECIMAL(24,8);
