// Rebuilds a tree that the C# side wrote, with OpenZeppelin's StandardMerkleTree, and prints what
// the library computes, for SnapshotJsInteropTests to compare with its own tree.
//   node standard-tree-check.mjs LEAVES.json LEAVES.csv STANDARD_DUMP.json
// LEAVES.json is our trustledger-snapshot-leaves-v1 file, LEAVES.csv our CSV, STANDARD_DUMP.json
// the library's own standard-v1 format. Prints one JSON object.
import { readFileSync } from "node:fs";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

const [jsonPath, csvPath, dumpPath] = process.argv.slice(2);
const ENCODING = ["address", "uint256", "uint256", "uint256"];

const leafSet = JSON.parse(readFileSync(jsonPath, "utf8"));
const fromJson = StandardMerkleTree.of(
  leafSet.leaves.map((l) => [l.party, l.score, l.rank, l.evidenceCount]),
  leafSet.leafEncoding,
);
const leafHashesMatch = leafSet.leaves.every((l, i) => fromJson.leafHash(fromJson.at(i)) === l.leafHash);

const [header, ...rows] = readFileSync(csvPath, "utf8").trim().split("\n");
const fromCsv = StandardMerkleTree.of(
  rows.map((row) => row.split(",").slice(0, 4)),
  ENCODING,
);

const loaded = StandardMerkleTree.load(JSON.parse(readFileSync(dumpPath, "utf8"))); // validates every node

console.log(JSON.stringify({
  rootFromJson: fromJson.root,
  rootFromCsv: fromCsv.root,
  rootFromDump: loaded.root,
  csvHeader: header,
  leafHashesMatch,
  // proofs by leaf position in our file (tree order), for the C# side to compare
  proofs: leafSet.leaves.map((_, i) => fromJson.getProof(i)),
}));
