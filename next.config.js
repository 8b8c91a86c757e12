// Next.js configuration. The app is served by the custom server in bin/tickwire.ts,
// which also mounts the WebSocket gateway on /ws. next-intl's plugin points `next-intl/config` at
// i18n/request.ts (the request's locale and messages); no i18n routing, so no URL changes.
import createNextIntlPlugin from 'next-intl/plugin';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The SSE route handlers stream; compressing them would buffer events (and costs CPU for little gain).
  compress: false,
  // Node-only packages used by route handlers through the process runtime; never bundle them.
  serverExternalPackages: ['pino', 'ioredis', 'pg', '@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/client', '@prisma/adapter-pg', 'prom-client', 'ws'],
  typescript: { ignoreBuildErrors: true }, // `npm test` type-checks the whole project once; the build need not repeat it.
  // Security headers (the pages' nonce-based Content-Security-Policy, X-Frame-Options, nosniff, HSTS)
  // are set per request by proxy.ts: a nonce cannot be fixed at build time as headers() here would be.
};

export default createNextIntlPlugin('./i18n/request.ts')(nextConfig);
