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
      workbox: {
        // The app shell is precached; any storefront route opens it offline.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/uploads\//, /^\/socket\.io\//, /^\/sitemap\.xml$/, /^\/robots\.txt$/],
        runtimeCaching: [
          {
            // Catalog reads: show what we have at once, refresh in the background (and offline).
            urlPattern: ({ url, request }) => request.method === 'GET' && /^\/api\/v1\/(categories|products|search)/.test(url.pathname),
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'catalog-api', expiration: { maxEntries: 300, maxAgeSeconds: 7 * 24 * 3600 } },
          },
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/uploads/'),
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'images', expiration: { maxEntries: 500, maxAgeSeconds: 30 * 24 * 3600 } },
          },
          {
            // Cart changes made offline are queued and replayed when the connection returns.
            urlPattern: ({ url }) => url.pathname.startsWith('/api/v1/cart/'),
            method: 'POST',
            handler: 'NetworkOnly',
            options: { backgroundSync: { name: 'cart-changes', options: { maxRetentionTime: 24 * 60 } } },
          },
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/api/v1/cart/'),
            method: 'PATCH',
            handler: 'NetworkOnly',
            options: { backgroundSync: { name: 'cart-changes-patch', options: { maxRetentionTime: 24 * 60 } } },
          },
        ],
      },
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
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 400 },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
