// The real stack for the browser tests: a Hardhat node (the one scripts/test.sh started, named by
// TRUSTLEDGER_TEST_RPC_URL, else one of our own), the real API host (the Debug build) on a free
// port with fresh contracts, a temp SQLite DB and freshly funded service keys, and Debian's
// Chromium driven by playwright-core with a throwaway profile. stop() ends all we started.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { HDNodeWallet, Wallet } from "ethers";
import { chromium } from "playwright-core";

export const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const apiDll = join(root, "src/TrustLedger.Api/bin/Debug/net10.0/TrustLedger.Api.dll");
const chromiumPath = "/usr/bin/chromium";

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

export async function rpc(url, method, params = []) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function waitUntil(what, check, timeoutMs, child) {
  const started = Date.now();
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}`);
    try {
      if (await check()) return;
    } catch { /* not up yet */ }
    if (Date.now() - started > timeoutMs) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Debian's chromium, installed on a fresh machine (CI starts without it). */
function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  console.error("installing chromium (apt-get)");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

function ensureBuilt() {
  if (!existsSync(apiDll)) throw new Error(`${apiDll} is missing: run dotnet build src/TrustLedger.Api first`);
  if (!existsSync(join(root, "src/TrustLedger.Api/wwwroot/index.html"))) {
    execFileSync("npm", ["run", "--silent", "build:web"], { cwd: root, stdio: "inherit" });
  }
}

/** options.env: extra settings for the host (e.g. TRUSTLEDGER_ADMINS). */
export async function startStack(options = {}) {
  ensureChromium();
  ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), "trustledger-web-"));
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => { child.once("exit", r); setTimeout(r, 5000); });
      }
    }
    rmSync(work, { recursive: true, force: true });
  };
  try {
    let rpcUrl = process.env.TRUSTLEDGER_TEST_RPC_URL;
    if (!rpcUrl) {
      const port = await freePort();
      // The hardhat binary itself (not npx), so stopping it stops the node.
      const node = spawn(join(root, "node_modules/.bin/hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(port)], { cwd: root, stdio: "ignore" });
      children.push(node);
      rpcUrl = `http://127.0.0.1:${port}`;
      await waitUntil("the Hardhat node did not answer", () => rpc(rpcUrl, "eth_chainId"), 60_000, node);
    }
    // Service keys of our own, so nothing another test left on the node (nonces) gets in the way.
    const mnemonic = Wallet.createRandom().mnemonic.phrase;
    for (let i = 0; i < 4; i++) {
      const { address } = HDNodeWallet.fromPhrase(mnemonic, undefined, `m/44'/60'/0'/0/${i}`);
      await rpc(rpcUrl, "hardhat_setBalance", [address, "0x3635C9ADC5DEA00000"]);
    }
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const log = join(work, "api.log");
    writeFileSync(log, "");
    const api = spawn("dotnet", [apiDll], {
      cwd: work,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ASPNETCORE_URLS: baseUrl,
        ASPNETCORE_ENVIRONMENT: "Testing",
        TRUSTLEDGER_RPC_URL: rpcUrl,
        TRUSTLEDGER_DEPLOYMENTS_DIR: join(work, "deployments"),
        TRUSTLEDGER_DB: `Data Source=${join(work, "trustledger.db")}`,
        TRUSTLEDGER_MNEMONIC: mnemonic,
        Chain__DeployIfMissing: "true",
        Dashboard__Root: join(root, "src/TrustLedger.Api/wwwroot"),
        ...options.env,
      },
    });
    children.push(api);
    const output = [];
    api.stdout.on("data", (d) => output.push(d));
    api.stderr.on("data", (d) => output.push(d));
    try {
      await waitUntil("the API did not report healthy", async () => (await fetch(`${baseUrl}/health`)).ok, 120_000, api);
    } catch (error) {
      throw new Error(`${error.message}\n${Buffer.concat(output).toString().slice(-3000)}`);
    }
    const profile = mkdtempSync(join(tmpdir(), "trustledger-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1280, height: 900 },
    });
    const health = await (await fetch(`${baseUrl}/health`)).json();
    return {
      baseUrl,
      rpcUrl,
      chainId: health.chain.chainId,
      context,
      apiLog: () => Buffer.concat(output).toString(),
      stop: async () => {
        await context.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
