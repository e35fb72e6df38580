// Browser tests of the dashboard against the real host, chain and database (see harness.mjs).
// Features whose API endpoint this host does not have yet are checked for their honest
// "not available yet" state, and the test says so in its diagnostics.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { installWallet } from "./eip1193.mjs";
import { root, startStack } from "./harness.mjs";
import { ApiClient, devWallet } from "./seed.mjs";

const shots = join(root, "screenshots");
mkdirSync(shots, { recursive: true });

let stack, api, supplier;
const endorsers = [devWallet(10), devWallet(11), devWallet(12)];

before(async () => {
  stack = await startStack();
  api = new ApiClient(stack.baseUrl);
  supplier = devWallet(15).address.toLowerCase();
  // Three partners endorse the supplier; one of them is endorsed back, so the graph has depth.
  const uids = await Promise.all(endorsers.map((w, i) => api.endorse(w, supplier, { rating: 5 - i, category: "delivery", comment: `On time, order #${100 + i}` })));
  uids.push(await api.endorse(devWallet(15), endorsers[0].address, { rating: 4, category: "payment", comment: "Pays within terms" }));
  await Promise.all(uids.map((uid) => api.waitFor(uid, "confirmed")));
});

after(async () => {
  await stack?.stop();
});

async function newPage(t) {
  const page = await stack.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });
  return page;
}

test("the host serves the dashboard at / and on deep links, while unknown API routes stay 404 problems", async () => {
  for (const path of ["/", `/supplier/${supplier}`, "/network", "/endorse"]) {
    const r = await fetch(stack.baseUrl + path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get("content-type"), /text\/html/, path);
    assert.match(await r.text(), /<title>TrustLedger<\/title>/, path);
  }
  const missing = await fetch(`${stack.baseUrl}/v1/no-such-route`);
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get("content-type"), /problem\+json/);
  const asset = (await (await fetch(stack.baseUrl + "/")).text()).match(/\/assets\/index-[^"]+\.js/)[0];
  const js = await fetch(stack.baseUrl + asset);
  assert.equal(js.status, 200);
  assert.match(js.headers.get("cache-control"), /immutable/);
});

test("supplier page: the on-chain evidence seeded through the API, and the score the API returns", async (t) => {
  const page = await newPage(t);
  await page.goto(`${stack.baseUrl}/`);
  await page.getByLabel("Address, name or sector").fill(supplier);
  await page.getByRole("button", { name: "Look up" }).click();
  await page.waitForURL(`**/supplier/${supplier}`);
  const rows = page.getByTestId("evidence-table").locator("tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3);
  for (let i = 0; i < 3; i++) assert.ok(await page.getByText(`On time, order #${100 + i}`).isVisible());

  if (await api.hasRoute(`/v1/reputation/${supplier}`)) {
    const reputation = await api.get(`/v1/reputation/${supplier}`);
    await page.getByTestId("score").waitFor();
    assert.equal(await page.getByTestId("score").textContent(), reputation.score.toFixed(1));
    assert.equal(await page.getByTestId("rank").textContent(), `#${reputation.rank}`);
    assert.equal(await page.getByTestId("endorsements").textContent(), String(reputation.evidence.endorsements));
  } else {
    t.diagnostic("GET /v1/reputation/{address} is not on this host yet: checked the page's not-available state");
    await page.getByText("Scores are not available yet.").waitFor();
  }
  await page.screenshot({ path: join(shots, "supplier.png"), fullPage: true });
});

test("network picture renders the supplier's neighbourhood; clicking a name opens that party", async (t) => {
  const page = await newPage(t);
  await page.goto(`${stack.baseUrl}/network/${supplier}`);
  const graph = page.getByTestId("graph");
  await page.waitForFunction(() => Number(document.querySelector("[data-testid=graph]")?.dataset.nodes) > 0);
  const nodes = Number(await graph.getAttribute("data-nodes"));
  if (!(await api.hasRoute(`/v1/network/graph?center=${supplier}&depth=2`))) {
    t.diagnostic("GET /v1/network/graph is not on this host yet: the picture is drawn from on-chain endorsements");
    assert.equal(nodes, 4, "the supplier and its three endorsers");
    assert.equal(Number(await graph.getAttribute("data-edges")), 4);
  } else {
    const api_graph = await api.get(`/v1/network/graph?center=${supplier}&depth=2`);
    assert.equal(nodes, api_graph.nodes.length);
  }
  // The canvas has pixels drawn on it (not an empty box).
  const inked = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll("[data-testid=graph] canvas")];
    return canvases.some((c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
      return false;
    });
  });
  assert.ok(inked, "the graph canvas is drawn");
  await page.screenshot({ path: join(shots, "network.png"), fullPage: true });
  await page.getByText(`Parties in this picture (${nodes})`).click();
  await page.locator(".party-list a").first().click();
  await page.waitForURL(/\/supplier\/0x[0-9a-f]{40}$/);
});

test("endorse flow with an EIP-1193 wallet ends confirmed with its transaction; the endorsement is listed and can be revoked", async (t) => {
  const page = await newPage(t);
  const wallet = devWallet(13);
  await installWallet(page, wallet, stack.chainId);
  await page.goto(`${stack.baseUrl}/endorse?subject=${supplier}`);
  await page.locator("#main").getByRole("button", { name: "Connect wallet" }).click();
  await page.getByTestId("acting-as").waitFor();
  assert.equal(await page.getByTestId("acting-as").textContent(), wallet.address);
  const form = page.getByRole("region", { name: "New endorsement" });
  assert.equal(await form.getByLabel("Partner's address").inputValue(), supplier);
  await form.getByLabel("Rating").selectOption("4");
  await form.getByLabel("Category").fill("quality");
  await form.getByLabel("Comment").fill("Browser-signed endorsement");
  await form.getByRole("button", { name: "Sign and send" }).click();
  const status = page.getByTestId("endorse-status");
  await page.waitForFunction(() => ["confirmed", "failed"].includes(document.querySelector("[data-testid=endorse-status]")?.dataset.state), null, { timeout: 60_000 });
  assert.equal(await status.getAttribute("data-state"), "confirmed", await status.textContent());
  const uid = await status.getAttribute("data-uid");
  const onChain = await api.get(`/v1/attestations/${uid}`);
  assert.equal(onChain.status, "confirmed");
  assert.equal(onChain.attester, wallet.address.toLowerCase());
  assert.equal(onChain.fields.comment, "Browser-signed endorsement");
  assert.equal(await page.getByTestId("endorse-tx").textContent(), onChain.txHash);

  const row = page.locator(`[data-testid=my-endorsements] tr[data-uid="${uid}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Browser-signed endorsement/);
  await page.screenshot({ path: join(shots, "endorse.png"), fullPage: true });

  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: /Revoke/ }).click();
  await page.locator(`[data-testid=my-endorsements] tr[data-uid="${uid}"] .pill-revoked`).waitFor({ timeout: 60_000 });
  assert.equal((await api.get(`/v1/attestations/${uid}`)).status, "revoked");
});
