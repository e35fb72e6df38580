// The API docs (/docs, Scalar) in a real browser: every request the page makes goes to this host
// (no fonts, scripts, telemetry or proxy from elsewhere), and it shows what a newcomer needs to
// propose and confirm a reciprocity event: the four steps and the data encoding (issue 15).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "./harness.mjs";

let stack;

before(async () => {
  stack = await startStack();
});

after(async () => {
  await stack?.stop();
});

test("the docs load nothing from outside this host and describe the reciprocity flow", async () => {
  const page = await stack.context.newPage();
  const requested = [];
  page.on("request", (request) => requested.push(request.url()));
  await page.goto(`${stack.baseUrl}/docs`, { waitUntil: "networkidle" });
  await page.getByText("Reciprocity events").first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");

  const outside = requested.filter((url) => !url.startsWith(stack.baseUrl) && !url.startsWith("data:") && !url.startsWith("blob:"));
  assert.deepEqual(outside, [], `the docs fetched from elsewhere: ${outside.join(", ")}`);
  assert.ok(requested.some((url) => url.endsWith("/openapi/v1.json")), "the docs read the OpenAPI document");

  const document = await (await fetch(`${stack.baseUrl}/openapi/v1.json`)).json();
  const proposal = document.paths["/v1/reciprocity-events/typed-data"].get;
  assert.match(proposal.description, /bytes32 kind,uint8 rating,string reference/);
  assert.match(proposal.description, /confirmation\/typed-data/);
  // Scalar renders a tag's operations once it is opened.
  await page.getByText("Reciprocity events").first().click();
  await page.getByText("Step 1: the typed data a proposer signs").first().waitFor({ state: "attached", timeout: 30_000 });
  await page.close();
});
