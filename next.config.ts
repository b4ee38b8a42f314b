import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native and WASM packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', 'ollama', 'chromadb'],
  // The app is local-only; nothing to gain from telemetry-ish headers.
  poweredByHeader: false,
  // A second build folder lets two checkouts' builds (or a build and a running server) not collide.
  distDir: process.env.CA_DIST_DIR || '.next',
};

export default config;
