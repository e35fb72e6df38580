import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

// The dashboard is served by the API host itself (no second server in production): the build
// lands in the host's wwwroot. `npx vite --config web/vite.config.ts` is a dev server that
// forwards API calls to a host started with scripts/run.sh.
const api = process.env.TRUSTLEDGER_API_URL ?? "http://127.0.0.1:5080";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL("../src/TrustLedger.Api/wwwroot", import.meta.url)),
    emptyOutDir: true,
    // ethers is one chunk; cytoscape is loaded only by the network page.
    chunkSizeWarningLimit: 700,
  },
  server: {
    host: "127.0.0.1",
    proxy: { "/v1": api, "/health": api },
  },
});
