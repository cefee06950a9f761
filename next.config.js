// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Broker clients and the store open sockets and files: keep them as plain Node modules, not bundled.
  serverExternalPackages: ['@platformatic/kafka', 'amqplib', 'pino', 'pg', '@electric-sql/pglite', 'prom-client'],
  // The test run builds into its own folder so it never disturbs a running demo.
  distDir: process.env.WHARF_DIST_DIR || '.next',
  typescript: { ignoreBuildErrors: false },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
