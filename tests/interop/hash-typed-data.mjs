// ethers v6 TypedDataEncoder as a second EIP-712 implementation for differential tests.
// stdin: JSON array of typed data {types, domain, primaryType, message}.
// stdout: JSON array of 0x digests (or {error} where ethers refuses the input).
import { TypedDataEncoder } from "ethers";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString("utf8"));
process.stdout.write(JSON.stringify(items.map(({ types, domain, primaryType, message }) => {
  try {
    const { EIP712Domain, ...rest } = types;
    // ethers picks the primary type itself; check it agrees with the one given.
    const encoder = TypedDataEncoder.from(rest);
    if (encoder.primaryType !== primaryType) return { error: `primary type ${encoder.primaryType}` };
    return TypedDataEncoder.hash(domain, rest, message);
  } catch (e) {
    return { error: String(e.message ?? e) };
  }
})));
