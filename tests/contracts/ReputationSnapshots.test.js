// ReputationSnapshots on Hardhat's simulated chain. Trees are built with OpenZeppelin's
// StandardMerkleTree (the off-the-shelf tool third parties would use), so a passing test also
// shows that outsiders can rebuild and verify our roots.
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { network } from "hardhat";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const LEAF_ENCODING = ["address", "uint256", "uint256", "uint256"];
const PUBLISHER_ROLE = ethers.id("PUBLISHER_ROLE");
const VECTORS = JSON.parse(
  readFileSync(new URL("../TrustLedger.Core.Tests/Snapshots/Fixtures/standard-tree-vectors.json", import.meta.url)),
);

/** count parties with deterministic addresses and scores; [party, score, rank, evidenceCount] */
function makeValues(count, salt = "parties") {
  return Array.from({ length: count }, (_, i) => {
    const seed = BigInt(ethers.id(`${salt}/${i}`));
    return [ethers.getAddress(ethers.id(`${salt}/addr/${i}`).slice(0, 42)), seed % 10_001n, BigInt(i + 1), seed % 97n];
  });
}

const treeOf = (values) => StandardMerkleTree.of(values, LEAF_ENCODING);

async function snapshotOf(tree, overrides = {}) {
  // One confirmation behind the head: eth_call (staticCall) runs with block.number = head, and
  // the contract only accepts blocks below block.number.
  const head = await ethers.provider.getBlockNumber();
  return {
    merkleRoot: tree.root,
    parametersHash: ethers.id("scoring-params-v1"),
    computedAtBlock: head - 1,
    scoringVersion: 1,
    partyCount: tree.length,
    ...overrides,
  };
}

const asTuple = (s) => [s.merkleRoot, s.parametersHash, s.computedAtBlock, s.scoringVersion, s.partyCount];

describe("ReputationSnapshots", function () {
  async function deploy(threshold) {
    const [admin, p1, p2, p3, outsider] = await ethers.getSigners();
    // The first publishers come with the deployment: no publisher key ever needs the admin role to start.
    const snapshots = await ethers.deployContract("ReputationSnapshots", [admin.address, threshold, [p1.address, p2.address, p3.address]]);
    return { snapshots, admin, p1, p2, p3, outsider };
  }
  const singlePublisher = () => deploy(1);
  const twoOfThree = () => deploy(2);

  describe("deployment", function () {
    it("grants the admin role and the initial publishers, and stores the threshold", async function () {
      const { snapshots, admin, p1, p2, p3 } = await loadFixture(twoOfThree);
      expect(await snapshots.hasRole(await snapshots.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await snapshots.hasRole(PUBLISHER_ROLE, admin.address)).to.equal(false);
      for (const p of [p1, p2, p3]) {
        expect(await snapshots.hasRole(PUBLISHER_ROLE, p.address)).to.equal(true);
        expect(await snapshots.hasRole(await snapshots.DEFAULT_ADMIN_ROLE(), p.address)).to.equal(false);
      }
      expect(await snapshots.publisherCount()).to.equal(3);
      expect(await snapshots.threshold()).to.equal(2);
      expect(await snapshots.latestEpoch()).to.equal(0);
      expect(await snapshots.MAX_SCORE()).to.equal(10_000);
    });

    it("rejects a zero admin, a zero threshold, a zero publisher and a threshold above the publishers", async function () {
      const [admin, p1, p2] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("ReputationSnapshots");
      await expect(factory.deploy(ethers.ZeroAddress, 1, [p1.address]))
        .to.be.revertedWithCustomError(factory, "InvalidAdmin")
        .withArgs(ethers.ZeroAddress);
      await expect(factory.deploy(admin.address, 0, [p1.address]))
        .to.be.revertedWithCustomError(factory, "InvalidThreshold")
        .withArgs(0);
      await expect(factory.deploy(admin.address, 1, [ethers.ZeroAddress]))
        .to.be.revertedWithCustomError(factory, "InvalidPublisher")
        .withArgs(ethers.ZeroAddress);
      await expect(factory.deploy(admin.address, 3, [p1.address, p2.address, p1.address])) // a duplicate counts once
        .to.be.revertedWithCustomError(factory, "ThresholdAbovePublishers")
        .withArgs(3, 2);
      const none = await factory.deploy(admin.address, 1, []); // publishers granted later by the admin
      expect(await none.publisherCount()).to.equal(0);
    });
  });

  describe("leaf encoding", function () {
    it("matches StandardMerkleTree's leaf hash", async function () {
      const { snapshots } = await loadFixture(singlePublisher);
      const values = makeValues(5);
      const tree = treeOf(values);
      for (const v of values) expect(await snapshots.leafHash(...v)).to.equal(tree.leafHash(v));
    });
  });

  describe("single publisher (threshold 1)", function () {
    it("publishes in one transaction and verifies every leaf on chain and off chain", async function () {
      const { snapshots, p1 } = await loadFixture(singlePublisher);
      const values = makeValues(37);
      const tree = treeOf(values);
      const snap = await snapshotOf(tree);
      const hash = await snapshots.hashSnapshot(snap);
      expect(hash).to.equal(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(
        ["tuple(bytes32,bytes32,uint64,uint32,uint32)"], [asTuple(snap)])));

      expect(await snapshots.connect(p1).publish.staticCall(1, snap)).to.equal(true);
      await expect(snapshots.connect(p1).publish(1, snap))
        .to.emit(snapshots, "SnapshotPublished")
        .withArgs(1, tree.root, hash, snap.parametersHash, snap.computedAtBlock, 1, 37);

      expect(await snapshots.latestEpoch()).to.equal(1);
      expect(await snapshots.snapshotAt(1)).to.deep.equal(asTuple(snap));
      for (const [i, v] of tree.entries()) {
        const proof = tree.getProof(i);
        expect(StandardMerkleTree.verify(tree.root, LEAF_ENCODING, v, proof)).to.equal(true);
        expect(await snapshots.verifyScore(1, ...v, proof)).to.equal(true);
        expect(await snapshots.verifyLeaf(1, tree.leafHash(v), proof)).to.equal(true);
      }
    });

    it("rejects a tampered leaf or proof", async function () {
      const { snapshots, p1 } = await loadFixture(singlePublisher);
      const tree = treeOf(makeValues(50));
      await snapshots.connect(p1).publish(1, await snapshotOf(tree));
      const [party, score, rank, evidence] = tree.at(7);
      const proof = tree.getProof(7);
      const other = tree.at(8);
      expect(await snapshots.verifyScore(1, party, score, rank, evidence, proof)).to.equal(true);

      expect(await snapshots.verifyScore(1, party, score + 1n, rank, evidence, proof)).to.equal(false);
      expect(await snapshots.verifyScore(1, party, score, rank + 1n, evidence, proof)).to.equal(false);
      expect(await snapshots.verifyScore(1, party, score, rank, evidence + 1n, proof)).to.equal(false);
      expect(await snapshots.verifyScore(1, other[0], score, rank, evidence, proof)).to.equal(false);

      const flipped = [...proof];
      flipped[2] = ethers.toBeHex(BigInt(flipped[2]) ^ 1n, 32);
      expect(await snapshots.verifyScore(1, party, score, rank, evidence, flipped)).to.equal(false);
      expect(await snapshots.verifyScore(1, party, score, rank, evidence, proof.slice(0, -1))).to.equal(false);
      expect(await snapshots.verifyScore(1, party, score, rank, evidence, tree.getProof(8))).to.equal(false);
      expect(await snapshots.verifyScore(1, party, score, rank, evidence, [])).to.equal(false);
      // An inner node is not a leaf: double hashing stops second-preimage tricks.
      expect(await snapshots.verifyLeaf(1, proof.at(-1), [tree.root])).to.equal(false);
    });

    it("keeps past roots readable and verifiable after later epochs", async function () {
      const { snapshots, p1 } = await loadFixture(singlePublisher);
      const trees = [treeOf(makeValues(10, "e1")), treeOf(makeValues(12, "e2")), treeOf(makeValues(9, "e3"))];
      const snaps = [];
      for (const [i, tree] of trees.entries()) {
        snaps.push(await snapshotOf(tree, { scoringVersion: 1 + i }));
        await snapshots.connect(p1).publish(i + 1, snaps[i]);
      }
      expect(await snapshots.latestEpoch()).to.equal(3);
      for (const [i, tree] of trees.entries()) {
        expect(await snapshots.snapshotAt(i + 1)).to.deep.equal(asTuple(snaps[i]));
        expect(await snapshots.verifyScore(i + 1, ...tree.at(0), tree.getProof(0))).to.equal(true);
      }
      expect(await snapshots.verifyScore(2, ...trees[0].at(0), trees[0].getProof(0))).to.equal(false);
    });

    it("costs the same gas whatever the number of parties", async function () {
      const gasFor = async (parties) => {
        const { snapshots, p1 } = await loadFixture(singlePublisher);
        const snap = await snapshotOf(treeOf(makeValues(3)), { partyCount: parties });
        return (await (await snapshots.connect(p1).publish(1, snap)).wait()).gasUsed;
      };
      const small = await gasFor(3);
      const large = await gasFor(4_000_000_000);
      // Only calldata bytes of partyCount differ (zero vs non-zero bytes: 12 gas each).
      expect(large - small).to.be.lessThanOrEqual(48n);
    });
  });

  describe("access and epoch rules", function () {
    it("rejects a caller without the publisher role, admin included", async function () {
      const { snapshots, admin, outsider } = await loadFixture(singlePublisher);
      const snap = await snapshotOf(treeOf(makeValues(3)));
      for (const caller of [outsider, admin]) {
        await expect(snapshots.connect(caller).publish(1, snap))
          .to.be.revertedWithCustomError(snapshots, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, PUBLISHER_ROLE);
      }
      await expect(snapshots.connect(outsider).setThreshold(3))
        .to.be.revertedWithCustomError(snapshots, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, await snapshots.DEFAULT_ADMIN_ROLE());
    });

    it("rejects a publisher after its role was revoked", async function () {
      const { snapshots, admin, p1 } = await loadFixture(singlePublisher);
      await snapshots.connect(admin).revokeRole(PUBLISHER_ROLE, p1.address);
      await expect(snapshots.connect(p1).publish(1, await snapshotOf(treeOf(makeValues(3)))))
        .to.be.revertedWithCustomError(snapshots, "AccessControlUnauthorizedAccount")
        .withArgs(p1.address, PUBLISHER_ROLE);
    });

    it("only accepts the next epoch", async function () {
      const { snapshots, p1 } = await loadFixture(singlePublisher);
      const snap = await snapshotOf(treeOf(makeValues(3)));
      await expect(snapshots.connect(p1).publish(0, snap))
        .to.be.revertedWithCustomError(snapshots, "EpochNotOpen").withArgs(0, 1);
      await expect(snapshots.connect(p1).publish(2, snap))
        .to.be.revertedWithCustomError(snapshots, "EpochNotOpen").withArgs(2, 1);
      await snapshots.connect(p1).publish(1, snap);
      await expect(snapshots.connect(p1).publish(1, snap))
        .to.be.revertedWithCustomError(snapshots, "EpochNotOpen").withArgs(1, 2);
    });

    it("reverts reads of an unpublished epoch", async function () {
      const { snapshots } = await loadFixture(singlePublisher);
      const tree = treeOf(makeValues(3));
      await expect(snapshots.snapshotAt(1)).to.be.revertedWithCustomError(snapshots, "EpochNotPublished").withArgs(1);
      await expect(snapshots.snapshotAt(0)).to.be.revertedWithCustomError(snapshots, "EpochNotPublished").withArgs(0);
      await expect(snapshots.verifyScore(1, ...tree.at(0), tree.getProof(0)))
        .to.be.revertedWithCustomError(snapshots, "EpochNotPublished").withArgs(1);
    });

    it("rejects empty snapshots and blocks out of order", async function () {
      const { snapshots, p1 } = await loadFixture(singlePublisher);
      const tree = treeOf(makeValues(3));
      const zeroRoot = await snapshotOf(tree, { merkleRoot: ethers.ZeroHash });
      await expect(snapshots.connect(p1).publish(1, zeroRoot))
        .to.be.revertedWithCustomError(snapshots, "EmptySnapshot").withArgs(1, ethers.ZeroHash, 3);
      await expect(snapshots.connect(p1).publish(1, await snapshotOf(tree, { partyCount: 0 })))
        .to.be.revertedWithCustomError(snapshots, "EmptySnapshot").withArgs(1, tree.root, 0);

      const next = (await ethers.provider.getBlockNumber()) + 1; // the block the transaction lands in
      await expect(snapshots.connect(p1).publish(1, await snapshotOf(tree, { computedAtBlock: next })))
        .to.be.revertedWithCustomError(snapshots, "SnapshotBlockInFuture").withArgs(next, next);

      const first = await snapshotOf(tree);
      await snapshots.connect(p1).publish(1, first);
      await expect(snapshots.connect(p1).publish(2, await snapshotOf(tree, { computedAtBlock: first.computedAtBlock - 1 })))
        .to.be.revertedWithCustomError(snapshots, "SnapshotBlockBeforePrevious")
        .withArgs(first.computedAtBlock - 1, first.computedAtBlock);
      // Same height again is allowed (e.g. a new scoring version over the same chain state).
      await expect(snapshots.connect(p1).publish(2, { ...first, scoringVersion: 2 })).to.emit(snapshots, "SnapshotPublished");
    });

    it("lets only the admin change the threshold, never to zero", async function () {
      const { snapshots, admin } = await loadFixture(twoOfThree);
      await expect(snapshots.connect(admin).setThreshold(3)).to.emit(snapshots, "ThresholdChanged").withArgs(2, 3);
      expect(await snapshots.threshold()).to.equal(3);
      await expect(snapshots.connect(admin).setThreshold(0))
        .to.be.revertedWithCustomError(snapshots, "InvalidThreshold").withArgs(0);
    });

    it("refuses a threshold above the number of publishers", async function () {
      const { snapshots, admin, outsider } = await loadFixture(twoOfThree);
      await expect(snapshots.connect(admin).setThreshold(4))
        .to.be.revertedWithCustomError(snapshots, "ThresholdAbovePublishers").withArgs(4, 3);
      await snapshots.connect(admin).grantRole(PUBLISHER_ROLE, outsider.address);
      expect(await snapshots.publisherCount()).to.equal(4);
      await expect(snapshots.connect(admin).setThreshold(4)).to.emit(snapshots, "ThresholdChanged").withArgs(2, 4);
    });

    it("refuses revoking or renouncing a publisher below the threshold; lowering the threshold first works", async function () {
      const { snapshots, admin, p1, p2, p3 } = await loadFixture(twoOfThree);
      await snapshots.connect(admin).revokeRole(PUBLISHER_ROLE, p1.address); // 2 left, threshold 2: fine
      expect(await snapshots.publisherCount()).to.equal(2);
      await expect(snapshots.connect(admin).revokeRole(PUBLISHER_ROLE, p2.address))
        .to.be.revertedWithCustomError(snapshots, "PublishersBelowThreshold").withArgs(1, 2);
      await expect(snapshots.connect(p3).renounceRole(PUBLISHER_ROLE, p3.address))
        .to.be.revertedWithCustomError(snapshots, "PublishersBelowThreshold").withArgs(1, 2);
      expect(await snapshots.hasRole(PUBLISHER_ROLE, p2.address)).to.equal(true);

      await snapshots.connect(admin).setThreshold(1);
      await snapshots.connect(admin).revokeRole(PUBLISHER_ROLE, p2.address);
      await snapshots.connect(admin).revokeRole(PUBLISHER_ROLE, p3.address); // threshold 1 may run out of publishers
      expect(await snapshots.publisherCount()).to.equal(0);
      await snapshots.connect(admin).revokeRole(PUBLISHER_ROLE, p3.address); // revoking a non-holder counts nothing
      expect(await snapshots.publisherCount()).to.equal(0);
    });
  });

  describe("2-of-3 publishers", function () {
    it("does not let a single publisher finalize, and finalizes on the second identical approval", async function () {
      const { snapshots, p1, p2 } = await loadFixture(twoOfThree);
      const tree = treeOf(makeValues(20));
      const snap = await snapshotOf(tree);
      const hash = await snapshots.hashSnapshot(snap);

      expect(await snapshots.connect(p1).publish.staticCall(1, snap)).to.equal(false);
      const first = snapshots.connect(p1).publish(1, snap);
      await expect(first).to.emit(snapshots, "SnapshotProposed")
        .withArgs(1, hash, p1.address, (s) => s.merkleRoot === tree.root && s.partyCount === 20n);
      await expect(first).to.emit(snapshots, "SnapshotApproved").withArgs(1, hash, p1.address, 1, 2);
      await expect(first).not.to.emit(snapshots, "SnapshotPublished");
      expect(await snapshots.latestEpoch()).to.equal(0);
      expect(await snapshots.approvalOf(1, p1.address)).to.equal(hash);
      await expect(snapshots.verifyScore(1, ...tree.at(0), tree.getProof(0)))
        .to.be.revertedWithCustomError(snapshots, "EpochNotPublished").withArgs(1);

      await expect(snapshots.connect(p1).publish(1, snap))
        .to.be.revertedWithCustomError(snapshots, "AlreadyApproved").withArgs(1, p1.address, hash);

      const second = snapshots.connect(p2).publish(1, snap);
      await expect(second).to.emit(snapshots, "SnapshotApproved").withArgs(1, hash, p2.address, 2, 2);
      await expect(second).to.emit(snapshots, "SnapshotPublished")
        .withArgs(1, tree.root, hash, snap.parametersHash, snap.computedAtBlock, 1, 20);
      await expect(second).not.to.emit(snapshots, "SnapshotProposed");
      expect(await snapshots.latestEpoch()).to.equal(1);
      expect(await snapshots.verifyScore(1, ...tree.at(3), tree.getProof(3))).to.equal(true);
    });

    it("treats any difference in content as a conflicting proposal", async function () {
      const { snapshots, p1, p2, p3 } = await loadFixture(twoOfThree);
      const honest = await snapshotOf(treeOf(makeValues(20)));
      const forged = { ...honest, merkleRoot: treeOf(makeValues(20, "forged")).root };
      const honestHash = await snapshots.hashSnapshot(honest);
      const forgedHash = await snapshots.hashSnapshot(forged);

      await snapshots.connect(p1).publish(1, honest);
      await expect(snapshots.connect(p2).publish(1, forged))
        .to.emit(snapshots, "ConflictingSnapshotProposed").withArgs(1, forgedHash, honestHash, p2.address)
        .and.not.to.emit(snapshots, "SnapshotPublished");
      // Same root but another parameters hash is another snapshot too.
      const otherParams = { ...honest, parametersHash: ethers.id("other") };
      await expect(snapshots.connect(p3).publish(1, otherParams))
        .to.emit(snapshots, "ConflictingSnapshotProposed")
        .withArgs(1, await snapshots.hashSnapshot(otherParams), honestHash, p3.address);
      expect(await snapshots.latestEpoch()).to.equal(0);
      expect(await snapshots.approvalCount(1, honestHash)).to.equal(1);
      expect(await snapshots.approvalCount(1, forgedHash)).to.equal(1);

      // The split resolves when a publisher withdraws and approves the honest snapshot.
      await expect(snapshots.connect(p3).withdrawApproval(1))
        .to.emit(snapshots, "ApprovalWithdrawn").withArgs(1, await snapshots.hashSnapshot(otherParams), p3.address);
      expect(await snapshots.approvalOf(1, p3.address)).to.equal(ethers.ZeroHash);
      await expect(snapshots.connect(p3).publish(1, honest))
        .to.emit(snapshots, "SnapshotPublished").withArgs(1, honest.merkleRoot, honestHash, anyValue, anyValue, anyValue, anyValue);
      expect((await snapshots.snapshotAt(1)).merkleRoot).to.equal(honest.merkleRoot);
    });

    it("stops counting a publisher whose role was revoked", async function () {
      const { snapshots, admin, p1, p2, p3 } = await loadFixture(twoOfThree);
      const snap = await snapshotOf(treeOf(makeValues(5)));
      const hash = await snapshots.hashSnapshot(snap);
      await snapshots.connect(p1).publish(1, snap);
      await snapshots.connect(admin).revokeRole(PUBLISHER_ROLE, p1.address);
      expect(await snapshots.approvalCount(1, hash)).to.equal(0);
      await expect(snapshots.connect(p2).publish(1, snap))
        .to.emit(snapshots, "SnapshotApproved").withArgs(1, hash, p2.address, 1, 2)
        .and.not.to.emit(snapshots, "SnapshotPublished");
      await expect(snapshots.connect(p3).publish(1, snap)).to.emit(snapshots, "SnapshotPublished");
    });

    it("rejects withdrawing without an approval or from a closed epoch", async function () {
      const { snapshots, p1, p2 } = await loadFixture(twoOfThree);
      await expect(snapshots.connect(p1).withdrawApproval(1))
        .to.be.revertedWithCustomError(snapshots, "NoApprovalToWithdraw").withArgs(1, p1.address);
      const snap = await snapshotOf(treeOf(makeValues(5)));
      await snapshots.connect(p1).publish(1, snap);
      await snapshots.connect(p2).publish(1, snap);
      await expect(snapshots.connect(p1).withdrawApproval(1))
        .to.be.revertedWithCustomError(snapshots, "EpochNotOpen").withArgs(1, 2);
    });

    it("does not call re-proposing withdrawn content a conflict", async function () {
      const { snapshots, p1 } = await loadFixture(twoOfThree);
      const snap = await snapshotOf(treeOf(makeValues(5)));
      await snapshots.connect(p1).publish(1, snap);
      await snapshots.connect(p1).withdrawApproval(1);
      await expect(snapshots.connect(p1).publish(1, snap))
        .to.emit(snapshots, "SnapshotProposed")
        .and.not.to.emit(snapshots, "ConflictingSnapshotProposed");
    });
  });

  describe("cross-implementation vectors", function () {
    it("rebuilds the shared vectors with StandardMerkleTree and verifies them on chain", async function () {
      const { snapshots, p1 } = await loadFixture(singlePublisher);
      for (const [i, vector] of VECTORS.cases.entries()) {
        const values = vector.leaves.map((l) => [l.party, l.score, l.rank, l.evidenceCount]);
        const tree = treeOf(values);
        expect(tree.root, vector.name).to.equal(vector.root);
        await snapshots.connect(p1).publish(i + 1, await snapshotOf(tree));
        for (const [j, leaf] of vector.leaves.entries()) {
          expect(await snapshots.leafHash(...values[j])).to.equal(leaf.leafHash);
          expect(await snapshots.verifyScore(i + 1, ...values[j], vector.proofs[j])).to.equal(true);
        }
      }
    });
  });
});
