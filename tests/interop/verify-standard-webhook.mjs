// Independent check of our webhook signatures: the Standard Webhooks reference library (npm
// standardwebhooks) verifies each delivery as a receiver would, from the raw body and its headers.
// stdin: JSON array of {secret, headers: {webhook-id, webhook-timestamp, webhook-signature}, body}.
// stdout: JSON array of {verified: true, payload} or {verified: false, error}.
import standardwebhooks from "standardwebhooks";

const { Webhook } = standardwebhooks;
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = items.map(({ secret, headers, body }) => {
  try {
    return { verified: true, payload: new Webhook(secret).verify(body, headers) };
  } catch (e) {
    return { verified: false, error: String(e.message ?? e) };
  }
});
process.stdout.write(JSON.stringify(results));
