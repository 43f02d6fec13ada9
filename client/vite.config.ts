import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/ but imports protocol types and limits from
// shared/, so the dev server may read the whole repository.
const clientRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  root: clientRoot,
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Libraries change less often than the app: separate chunks stay cached across
    // upgrades of Parley, and no single chunk grows past Vite's size warning.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: server },
      '/.well-known': { target: server },
      '/health': { target: server },
      '/socket.io': { target: server, ws: true },
    },
  },
});
