// Independent check that the URLs our credentials name resolve, with ordinary tools: jsonld 9
// expands and canonicalizes (RDFC-1.0, safe mode: an undefined term or a bad IRI is an error) each
// credential with a document loader that fetches our context from the service over HTTP (and the
// W3C contexts from @digitalbazaar/credentials-context, as every JS verifier does), and ajv 8
// (draft 2020-12, ajv-formats) validates it against the credentialSchema fetched from the service.
// Only URLs under `base` are fetched; anything else is refused. Every other URL the credential
// names under `base` (status list, status) is fetched too, to show it resolves.
// stdin: {base, credentials: [credential...]}. stdout: [{quads, types, schema: {valid, errors}, fetched: {url: {status, contentType}}, error}].
import jsonld from "jsonld";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { contexts as w3c } from "@digitalbazaar/credentials-context";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { base, credentials } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const fetched = {};
async function get(url, accept) {
  if (!url.startsWith(base + "/")) throw new Error(`refusing to fetch ${url} (not under ${base})`);
  const response = await fetch(url, { headers: { accept }, redirect: "error" });
  fetched[url] = { status: response.status, contentType: response.headers.get("content-type"), etag: response.headers.get("etag") };
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response;
}

async function documentLoader(url) {
  if (w3c.has(url)) return { contextUrl: null, documentUrl: url, document: w3c.get(url) };
  const response = await get(url, "application/ld+json");
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("application/ld+json")) throw new Error(`${url} is served as ${type}, not application/ld+json`);
  return { contextUrl: null, documentUrl: url, document: await response.json() };
}

const ajv = new Ajv2020({
  allErrors: true, strict: true,
  loadSchema: async (uri) => {
    const response = await get(uri, "application/schema+json");
    const type = response.headers.get("content-type") ?? "";
    if (!type.startsWith("application/schema+json")) throw new Error(`${uri} is served as ${type}`);
    return response.json();
  },
});
addFormats(ajv);

function urlsIn(value, found = new Set()) {
  if (typeof value === "string" && value.startsWith(base + "/")) found.add(value.split("#")[0]);
  else if (Array.isArray(value)) value.forEach((v) => urlsIn(v, found));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => urlsIn(v, found));
  return found;
}

const results = [];
for (const secured of credentials) {
  const result = {};
  // The EIP-712 proof's own members (eip712: types and domain) have no JSON-LD definitions in the
  // VC 2.0 context; what is checked here is the credential the proof secures (the JWS payload is that already).
  const { proof, ...credential } = secured;
  try {
    const nquads = await jsonld.canonize(credential, { algorithm: "RDFC-1.0", format: "application/n-quads", documentLoader, safe: true });
    result.quads = nquads.trim().split("\n").length;
    const [expanded] = await jsonld.expand(credential, { documentLoader, safe: true });
    result.types = expanded["@type"];
    result.subjectPredicates = Object.keys(expanded["https://www.w3.org/2018/credentials#credentialSubject"][0]).sort();
    const schemaId = credential.credentialSchema?.id;
    if (schemaId) {
      const validate = await ajv.compileAsync({ $ref: schemaId });
      const valid = validate(credential);
      result.schema = { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}: ${e.message}`) };
    }
    for (const url of urlsIn(credential)) if (!(url in fetched)) await get(url, "*/*").catch(() => {});
  } catch (error) {
    result.error = `${error.name}: ${error.message}`;
  }
  results.push(result);
}
process.stdout.write(JSON.stringify({ results, fetched }));
