// Builds the renderer into dist/renderer: served by Electron's app:// protocol and by browser mode.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Paths from import.meta.url without node:url: the renderer folder's lint rule bars Node imports.
const here = (relative: string) => decodeURIComponent(new URL(relative, import.meta.url).pathname);

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('../dist/renderer'),
    emptyOutDir: true,
    // No inline scripts or data: modules: the CSP allows script-src 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
