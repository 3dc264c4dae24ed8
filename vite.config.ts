import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  resolve: {
    alias: [
      // monaco-yaml's worker (through monaco-worker-manager) imports Monaco's worker by its pre-0.50
      // path, which monaco-editor 0.57's exports map no longer resolves.
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: 'monaco-editor/$1' },
    ],
  },
  // The Monaco editor chunk is large but loaded lazily, after the first paint.
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/apiSchema.ts'],
    testTimeout: 60_000,
  },
});
