// Independent did:ethr resolution: uPort/Veramo's ethr-did-resolver 11.1.3 (the reference
// resolver) against the ERC-1056 registry on the local node. stdin: {rpcUrl, chainId, registry,
// dids: [did or did?versionId=N]}. stdout: {results: {did: {didDocument, didDocumentMetadata, didResolutionMetadata}}}.
import { Resolver } from "did-resolver";
import { getResolver } from "ethr-did-resolver";
import { JsonRpcProvider } from "ethers";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { rpcUrl, chainId, registry, dids } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1 });
const resolver = new Resolver(getResolver({ networks: [{ chainId, provider, registry }] }));
const results = {};
for (const did of dids) results[did] = await resolver.resolve(did);
process.stdout.write(JSON.stringify({ results }));
provider.destroy();
