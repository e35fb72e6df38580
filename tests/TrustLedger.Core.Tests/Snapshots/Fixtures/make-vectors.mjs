// Regenerates standard-tree-vectors.json: leaf sets with the root, leaf hashes and proofs that
// OpenZeppelin's StandardMerkleTree (the off-the-shelf tool) computes for them. The C# tree must
// reproduce them bit for bit (SnapshotVectorTests), and the contract tests verify them on chain.
// Run from the repo root: node tests/TrustLedger.Core.Tests/Snapshots/Fixtures/make-vectors.mjs
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, keccak256, toUtf8Bytes } from "ethers";

const require = createRequire(import.meta.url);
const LEAF_ENCODING = ["address", "uint256", "uint256", "uint256"];
const U64_MAX = (1n << 64n) - 1n;

// Deterministic pseudo-random values derived from a label, so the file regenerates identically.
const word = (label) => BigInt(keccak256(toUtf8Bytes(label)));
const addressOf = (label) => getAddress("0x" + keccak256(toUtf8Bytes(label)).slice(2, 42));

function randomLeaves(name, count) {
  const leaves = [];
  for (let i = 0; i < count; i++) {
    leaves.push({
      party: addressOf(`${name}/party/${i}`),
      score: (word(`${name}/score/${i}`) % 10_001n).toString(),
      rank: String(i + 1),
      evidenceCount: (word(`${name}/evidence/${i}`) % 500n).toString(),
    });
  }
  return leaves;
}

const edgeLeaves = [
  { party: "0x0000000000000000000000000000000000000000", score: "0", rank: "5", evidenceCount: "0" },
  { party: "0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF", score: "10000", rank: "1", evidenceCount: U64_MAX.toString() },
  { party: "0x0000000000000000000000000000000000000001", score: "1", rank: "4", evidenceCount: "1" },
  { party: addressOf("edge/a"), score: "9999", rank: "2", evidenceCount: "4294967296" },
  { party: addressOf("edge/b"), score: "5000", rank: "3", evidenceCount: "18" },
];

const cases = [
  ["single", randomLeaves("single", 1)],
  ["pair", randomLeaves("pair", 2)],
  ["three", randomLeaves("three", 3)],
  ["edge-values", edgeLeaves],
  ["odd-33", randomLeaves("odd-33", 33)],
  ["random-200", randomLeaves("random-200", 200)],
].map(([name, leaves]) => {
  const tree = StandardMerkleTree.of(
    leaves.map((l) => [l.party, l.score, l.rank, l.evidenceCount]),
    LEAF_ENCODING,
  );
  return {
    name,
    root: tree.root,
    leaves: leaves.map((l, i) => ({ ...l, leafHash: tree.leafHash(tree.at(i)) })),
    proofs: leaves.map((_, i) => tree.getProof(i)),
  };
});

const version = require("@openzeppelin/merkle-tree/package.json").version;
const out = new URL("./standard-tree-vectors.json", import.meta.url);
writeFileSync(
  out,
  JSON.stringify(
    {
      generator: `make-vectors.mjs with @openzeppelin/merkle-tree ${version} (StandardMerkleTree.of, default sortLeaves)`,
      leafEncoding: LEAF_ENCODING,
      cases,
    },
    null,
    1,
  ) + "\n",
);
console.log(`wrote ${cases.length} cases to ${out.pathname}`);
