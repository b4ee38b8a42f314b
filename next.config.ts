import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native and WASM packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', 'ollama', 'chromadb'],
  // The app is local-only; nothing to gain from telemetry-ish headers.
  poweredByHeader: false,
};

export default config;
