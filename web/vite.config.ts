import { defineConfig } from "vite";

// The page is served by the ChainAtlas service itself (embedded in its binary), so it is built
// for the site root; `npm run dev` proxies the API to a locally running service.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // ECharts is one chunk of its own, so a change to the page does not re-download it.
    rollupOptions: {
      output: {
        manualChunks: (id: string) => (id.includes("node_modules") ? "vendor" : undefined),
      },
    },
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
