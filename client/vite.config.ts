import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/** `npm run dev` proxies the API and socket.io to the server on :3000; production is served by Express itself. */
export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: {
        name: 'Bazaar',
        short_name: 'Bazaar',
        description: 'Shop everyday things.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#111827',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // Our own worker (src/sw.ts): the offline page, the cart's offline queue and its replay on
      // `online` need code that generateSW cannot express. The build injects the precache list.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectManifest: { globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'] },
    }),
  ],
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/uploads': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 400,
    // The offline page is its own small entry (the service worker serves it); `manifest` lists each
    // chunk's imports so the first-load budget test can tell static from lazy ones.
    manifest: true,
    rolldownOptions: { input: { main: 'index.html', offline: 'offline.html' } },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test-setup.ts'],
    // Typing through user-event is slow on a loaded 2-core machine; a test is judged by what it asserts, not its speed.
    testTimeout: 20_000,
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
