// Browser tests of the wallet flows (endorse, revoke, reciprocity) with an injected EIP-1193
// wallet backed by Hardhat dev keys, against the real host, chain and database.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { lowContrastText, overflowing, unnamedControls } from "./a11y.mjs";
import { installWallet } from "./eip1193.mjs";
import { root, startStack } from "./harness.mjs";
import { ApiClient, devWallet } from "./seed.mjs";

const shots = join(root, "screenshots");
mkdirSync(shots, { recursive: true });

let stack, api;
const supplier = devWallet(15).address.toLowerCase();

// An admin (Hardhat dev key #19) who can create a reward programme.
const admin = devWallet(19);

before(async () => {
  stack = await startStack({ env: { TRUSTLEDGER_ADMINS: admin.address, Rewards__PollInterval: "00:00:00.200" } });
  api = new ApiClient(stack.baseUrl, stack.chainId);
});

after(async () => {
  await stack?.stop();
});

async function walletPage(t, wallet) {
  const page = await stack.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });
  await installWallet(page, wallet, stack.chainId);
  return page;
}

async function connected(page, path) {
  await page.goto(stack.baseUrl + path);
  await page.locator("#main").getByRole("button", { name: "Connect wallet" }).click();
  await page.getByTestId("acting-as").waitFor();
}

test("endorse flow with an EIP-1193 wallet ends confirmed with its transaction; the endorsement is listed and can be revoked", async (t) => {
  const wallet = devWallet(13);
  const page = await walletPage(t, wallet);
  await connected(page, `/endorse?subject=${supplier}`);
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
  // Connected and with results on screen, the page stays labelled, legible and phone-sized.
  assert.deepEqual(await unnamedControls(page), []);
  assert.deepEqual(await lowContrastText(page), []);
  await page.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await overflowing(page), []);
  await page.screenshot({ path: join(shots, "endorse-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: /Revoke/ }).click();
  await page.locator(`[data-testid=my-endorsements] tr[data-uid="${uid}"] .pill-revoked`).waitFor({ timeout: 60_000 });
  assert.equal((await api.get(`/v1/attestations/${uid}`)).status, "revoked");
});

test("reciprocity: A proposes and B confirms in their own wallets; the event ends confirmed, its credential downloads, and the programme reward shows on the rewards page", async (t) => {
  const [a, b] = [devWallet(7), devWallet(8)];
  if (!(await api.hasRoute("/v1/reciprocity-events/0x" + "0".repeat(64)))) {
    t.diagnostic("/v1/reciprocity-events is not on this host yet: checked the page's not-available state");
    const page = await walletPage(t, a);
    await connected(page, "/endorse");
    await page.getByText("Reciprocity events: not available yet.").waitFor();
    return;
  }
  // A community programme that rewards both sides of a confirmed reciprocity event.
  const program = await createRewardProgram(t);
  const pageA = await walletPage(t, a);
  await connected(pageA, "/endorse");
  const region = pageA.getByRole("region", { name: "Reciprocity events" });
  await region.getByLabel("Counterparty's address").fill(b.address);
  await region.getByLabel("What happened").selectOption("delivery");
  await region.getByLabel("Reference").fill("PO-7781");
  await region.getByRole("button", { name: "Propose and sign" }).click();
  await pageA.waitForFunction(() => document.querySelector("[data-testid=reciprocity-status]")?.dataset.state, null, { timeout: 60_000 });
  const status = pageA.getByTestId("reciprocity-status");
  assert.equal(await status.getAttribute("data-state"), "confirmed", await status.textContent());
  const id = await status.getAttribute("data-id");
  assert.equal((await api.get(`/v1/reciprocity-events/${id}`)).status, "proposed");
  await pageA.locator(`[data-testid=reciprocity-mine] [data-event="${id}"]`).getByText("awaiting counterparty").waitFor();

  const pageB = await walletPage(t, b);
  await connected(pageB, "/endorse");
  const proposal = pageB.locator(`[data-testid=reciprocity-inbox] [data-event="${id}"]`);
  assert.match(await proposal.textContent(), /delivery.*PO-7781/);
  await proposal.getByLabel("Your rating of them").selectOption("4");
  await proposal.getByRole("button", { name: "Confirm and sign" }).click();
  await proposal.waitFor({ state: "detached", timeout: 60_000 });
  let event;
  for (let i = 0; i < 100 && (event = await api.get(`/v1/reciprocity-events/${id}`)).status !== "confirmed"; i++) await new Promise((r) => setTimeout(r, 200));
  assert.equal(event.status, "confirmed");
  assert.equal(event.confirmation.attester, b.address.toLowerCase());
  assert.equal(event.confirmation.fields.rating, 4);
  await pageA.reload();
  await pageA.locator("#main").getByRole("button", { name: "Connect wallet" }).click();
  const mine = pageA.locator(`[data-testid=reciprocity-mine] [data-event="${id}"]`);
  await mine.locator(".pill-confirmed").waitFor();
  // Both sides confirmed: the service issues the event's ReciprocityCredential, saved from the page.
  const [download] = await Promise.all([pageA.waitForEvent("download"), mine.getByRole("button", { name: "Download ReciprocityCredential" }).click()]);
  const vc = JSON.parse(Buffer.concat(await (await download.createReadStream()).toArray()).toString());
  assert.ok(vc.type.includes("ReciprocityCredential"), JSON.stringify(vc.type));
  assert.match(JSON.stringify(vc.credentialSubject).toLowerCase(), new RegExp(b.address.slice(2).toLowerCase()));
  if (!program) return;

  // The programme paid A for the event; the rewards page shows what the API says A holds.
  const member = await api.poll(`/v1/reward-programs/${program.id}/members/${a.address.toLowerCase()}`, (m) => m.minted !== "0" && m.pending === "0", 60_000);
  await pageA.goto(`${stack.baseUrl}/rewards/${a.address.toLowerCase()}`);
  const card = pageA.getByRole("region", { name: `${program.name} (${program.symbol})` });
  assert.equal(await card.getByTestId("reward-balance").textContent(), `${member.balance} ${member.symbol}`);
  const row = card.getByTestId("reward-history").locator("tbody tr").first();
  assert.match(await row.textContent(), /reciprocity/);
  assert.match(await row.textContent(), /minted/);
  await pageA.screenshot({ path: join(shots, "rewards.png"), fullPage: true });
});

/** Creates a programme as the admin and waits for its token; null (with a diagnostic) when the host has no rewards. */
async function createRewardProgram(t) {
  if (!(await api.hasRoute("/v1/reward-programs"))) {
    t.diagnostic("/v1/reward-programs is not on this host yet: no reward checked");
    return null;
  }
  const body = {
    name: "Market Association Points", symbol: "MAP", epochLengthSeconds: 86_400, epochCap: "1000", budget: "0", transferable: false,
    rules: { rewards: [{ schema: "reciprocity", amount: "10", recipients: "both" }] },
  };
  const created = await api.call("POST", "/v1/reward-programs", body, await api.tokenFor(admin));
  assert.ok(created.status === 201 || created.status === 202, `create programme: ${created.status} ${JSON.stringify(created.body)}`);
  return api.poll(`/v1/reward-programs/${created.body.id}`, (p) => p.token, 60_000);
}

test("sign-in with Ethereum from the header, then the party edits its own profile", async (t) => {
  const wallet = devWallet(9);
  const page = await walletPage(t, wallet);
  await connected(page, "/endorse");
  await page.locator("header").getByRole("button", { name: "Sign in" }).click();
  if (!(await api.hasRoute("/v1/auth/login"))) {
    t.diagnostic("POST /v1/auth/nonce is not on this host yet: checked the page's not-available message");
    await page.locator("header").getByText("Sign-in is not available on this server yet").waitFor();
    return;
  }
  await page.locator("header").getByText("Signed in").waitFor();
  // Signed in, the party edits its own profile.
  const form = page.getByRole("region", { name: "Your business profile" });
  await form.getByLabel("Business name").fill("Browser Test Traders");
  await form.getByLabel("Sector").fill("textiles");
  await form.getByRole("button", { name: "Save profile" }).click();
  await page.locator("[data-testid=profile-status][data-state=saved]").waitFor();
  const saved = await api.get(`/v1/parties/${wallet.address.toLowerCase()}`);
  assert.equal(saved.name, "Browser Test Traders");
  assert.equal(saved.sector, "textiles");
});
