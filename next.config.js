// Next.js configuration. The app is served by the custom server in bin/tickwire.ts,
// which also mounts the WebSocket gateway on /ws.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The SSE route handlers stream; compressing them would buffer events (and costs CPU for little gain).
  compress: false,
  // Node-only packages used by route handlers through the process runtime; never bundle them.
  serverExternalPackages: ['pino', 'ioredis', 'pg', '@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/client', '@prisma/adapter-pg', 'prom-client', 'ws'],
  typescript: { ignoreBuildErrors: true }, // `npm test` type-checks the whole project once; the build need not repeat it.
  async headers() {
    return [
      {
        // Every page refuses to be framed (clickjacking), except the ticker widget, whose route sets its
        // own frame-ancestors at request time from EMBED_FRAME_ANCESTORS: these headers are fixed at build
        // time, and Next would keep them over the route's. API routes are not pages.
        source: '/:path((?!embed/ticker$|api/).*)',
        headers: [
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
