import { expect } from "chai";
import {
  ATTEST_TYPES,
  REVOKE_TYPES,
  SCORE_SCHEMA,
  ZERO_HASH,
  attestationRequest,
  encodeScore,
  signAttestation,
  signRevocation,
  toHighS,
  uidOf,
} from "./helpers/attestations.js";
import { deployRegistry, ethers, networkHelpers, now, schemaUid } from "./helpers/fixture.js";

const { loadFixture, time } = networkHelpers;

describe("AttestationRegistry delegation (EIP-712, ERC-1271, relayer batches)", function () {
  async function fixture() {
    const f = await loadFixture(deployRegistry);
    const data = encodeScore(f.bob.address, 4, "joint delivery, both sides signed");
    const deadline = (await now()) + 3_600n;
    const request = (overrides = {}) =>
      attestationRequest({ schema: f.schemas.score, subject: f.bob.address, nonce: 1n, data, ...overrides });
    const relayed = f.registry.connect(f.relayer);
    return { ...f, data, deadline, request, relayed };
  }

  const errorData = (contract, name, args) => contract.interface.encodeErrorResult(name, args);

  describe("EIP-712 domain and digests", function () {
    it("exposes its domain through eip712Domain (ERC-5267)", async function () {
      const { registry } = await fixture();
      const d = await registry.eip712Domain();
      expect(d.fields).to.equal("0x0f");
      expect([d.name, d.version, d.chainId, d.verifyingContract]).to.deep.equal([
        "TrustLedger Attestations",
        "1",
        31337n,
        await registry.getAddress(),
      ]);
      expect(d.salt).to.equal(ZERO_HASH);
      expect(d.extensions).to.deep.equal([]);
    });

    it("computes the same type hashes and digests as a wallet's eth_signTypedData_v4 encoder", async function () {
      const { registry, domain, alice, deadline, request } = await fixture();
      expect(await registry.ATTEST_TYPEHASH()).to.equal(ethers.id(ethers.TypedDataEncoder.from(ATTEST_TYPES).encodeType("Attest")));
      expect(await registry.REVOKE_TYPEHASH()).to.equal(ethers.id(ethers.TypedDataEncoder.from(REVOKE_TYPES).encodeType("Revoke")));
      const r = request({ expiration: 123_456n, refUID: ethers.id("ref"), nonce: 2n ** 96n - 1n });
      const signed = await signAttestation(alice, domain, r, deadline);
      const value = { attester: alice.address, ...r, deadline };
      expect(await registry.attestationDigest(signed)).to.equal(ethers.TypedDataEncoder.hash(domain, ATTEST_TYPES, value));
      const revocation = { revoker: alice.address, uid: ethers.id("x"), nonce: 7n, deadline };
      expect(await registry.revocationDigest({ ...revocation, signature: "0x" })).to.equal(
        ethers.TypedDataEncoder.hash(domain, REVOKE_TYPES, revocation),
      );
    });
  });

  describe("attestByDelegation", function () {
    it("records a request signed through the node's eth_signTypedData_v4 under the uid known before mining", async function () {
      const { registry, relayed, domain, schemas, alice, bob, data, deadline, request } = await fixture();
      const signed = await signAttestation(alice, domain, request({ nonce: 42n }), deadline);
      const uid = uidOf(alice.address, 42n);
      expect(await relayed.attestByDelegation.staticCall(signed)).to.equal(uid);
      await expect(relayed.attestByDelegation(signed))
        .to.emit(registry, "Attested")
        .withArgs(schemas.score, alice.address, bob.address, uid, ZERO_HASH, 0n, data);
      expect(await registry.isValid(uid)).to.equal(true);
      expect(await registry.isNonceUsed(alice.address, 42n)).to.equal(true);
    });

    it("accepts a deadline equal to the block time and rejects DeadlinePassed one second later", async function () {
      const { relayed, registry, domain, alice, request } = await fixture();
      const t = (await now()) + 100n;
      const onTime = await signAttestation(alice, domain, request({ nonce: 1n }), t);
      await time.setNextBlockTimestamp(t);
      await expect(relayed.attestByDelegation(onTime)).to.emit(registry, "Attested");
      const late = await signAttestation(alice, domain, request({ nonce: 2n }), t);
      await time.setNextBlockTimestamp(t + 1n);
      await expect(relayed.attestByDelegation(late))
        .to.be.revertedWithCustomError(registry, "DeadlinePassed")
        .withArgs(t, t + 1n);
    });

    it("rejects a signature for another chain, another contract, another signer or altered content", async function () {
      const { registry, relayed, domain, alice, mallory, deadline, request } = await fixture();
      const other = await ethers.deployContract("AttestationRegistry");
      const cases = [
        await signAttestation(alice, { ...domain, chainId: 1n }, request(), deadline),
        await signAttestation(alice, { ...domain, verifyingContract: await other.getAddress() }, request(), deadline),
        await signAttestation(mallory, domain, request(), deadline, alice.address),
        { ...(await signAttestation(alice, domain, request(), deadline)), request: request({ data: "0x01" }) },
        { ...(await signAttestation(alice, domain, request(), deadline)), deadline: deadline + 1n },
      ];
      for (const signed of cases) {
        await expect(relayed.attestByDelegation(signed))
          .to.be.revertedWithCustomError(registry, "InvalidSignature")
          .withArgs(alice.address, await registry.attestationDigest(signed));
      }
    });

    it("rejects a replay with NonceUsed", async function () {
      const { registry, relayed, domain, alice, deadline, request } = await fixture();
      const signed = await signAttestation(alice, domain, request({ nonce: 5n }), deadline);
      await relayed.attestByDelegation(signed);
      await expect(relayed.attestByDelegation(signed))
        .to.be.revertedWithCustomError(registry, "NonceUsed")
        .withArgs(alice.address, 5n);
    });

    it("rejects a request whose nonce the attester cancelled", async function () {
      const { registry, relayed, domain, alice, deadline, request } = await fixture();
      const signed = await signAttestation(alice, domain, request({ nonce: 5n }), deadline);
      await registry.connect(alice).cancelNonces([5n]);
      await expect(relayed.attestByDelegation(signed))
        .to.be.revertedWithCustomError(registry, "NonceUsed")
        .withArgs(alice.address, 5n);
    });

    it("rejects the high-s twin of a valid signature although ecrecover accepts it", async function () {
      const { registry, relayed, domain, alice, deadline, request } = await fixture();
      const signed = await signAttestation(alice, domain, request(), deadline);
      const malleable = { ...signed, signature: toHighS(signed.signature) };
      const digest = await registry.attestationDigest(signed);
      const sig = ethers.getBytes(malleable.signature);
      const input = ethers.concat([digest, ethers.zeroPadValue(ethers.toBeHex(sig[64]), 32), sig.slice(0, 32), sig.slice(32, 64)]);
      const recovered = await ethers.provider.call({ to: "0x0000000000000000000000000000000000000001", data: input });
      expect(ethers.getAddress(ethers.dataSlice(recovered, 12))).to.equal(alice.address);

      await expect(relayed.attestByDelegation(malleable))
        .to.be.revertedWithCustomError(registry, "InvalidSignature")
        .withArgs(alice.address, digest);
      await expect(relayed.attestByDelegation(signed)).to.emit(registry, "Attested");
    });

    it("rejects malformed signatures: 64-byte compact, v = 0, empty", async function () {
      const { registry, relayed, domain, alice, deadline, request } = await fixture();
      const signed = await signAttestation(alice, domain, request(), deadline);
      const compact = ethers.Signature.from(signed.signature).compactSerialized;
      const vZero = ethers.concat([ethers.dataSlice(signed.signature, 0, 64), "0x00"]);
      const digest = await registry.attestationDigest(signed);
      for (const signature of [compact, vZero, "0x"]) {
        await expect(relayed.attestByDelegation({ ...signed, signature }))
          .to.be.revertedWithCustomError(registry, "InvalidSignature")
          .withArgs(alice.address, digest);
      }
    });

    it("checks every attestation rule for delegated requests too", async function () {
      const { registry, relayed, domain, alice, deadline, request } = await fixture();
      const self = await signAttestation(alice, domain, request({ subject: alice.address }), deadline);
      await expect(relayed.attestByDelegation(self)).to.be.revertedWithCustomError(registry, "SelfAttestation").withArgs(alice.address);
      const schema = ethers.id("unregistered");
      const unknown = await signAttestation(alice, domain, request({ schema }), deadline);
      await expect(relayed.attestByDelegation(unknown)).to.be.revertedWithCustomError(registry, "UnknownSchema").withArgs(schema);
    });
  });

  describe("ERC-1271 wallets", function () {
    it("accepts a request the wallet validates (signed by its owner) with the wallet as attester", async function () {
      const { registry, relayed, wallet, domain, schemas, carol, bob, data, deadline, request } = await fixture();
      const walletAddress = await wallet.getAddress();
      const signed = await signAttestation(carol, domain, request({ nonce: 3n }), deadline, walletAddress);
      const uid = uidOf(walletAddress, 3n);
      await expect(relayed.attestByDelegation(signed))
        .to.emit(registry, "Attested")
        .withArgs(schemas.score, walletAddress, bob.address, uid, ZERO_HASH, 0n, data);

      const revocation = await signRevocation(carol, domain, { uid, nonce: 4n, deadline }, walletAddress);
      await expect(relayed.revokeByDelegation(revocation)).to.emit(registry, "Revoked").withArgs(uid, walletAddress, bob.address);
    });

    it("rejects a request the wallet refuses (signed by someone else)", async function () {
      const { registry, relayed, wallet, domain, mallory, deadline, request } = await fixture();
      const walletAddress = await wallet.getAddress();
      const signed = await signAttestation(mallory, domain, request(), deadline, walletAddress);
      await expect(relayed.attestByDelegation(signed))
        .to.be.revertedWithCustomError(registry, "InvalidSignature")
        .withArgs(walletAddress, await registry.attestationDigest(signed));
    });

    it("the test wallet only executes for its owner (NotOwner otherwise)", async function () {
      const { registry, wallet, mallory } = await fixture();
      await expect(wallet.connect(mallory).execute(await registry.getAddress(), "0x"))
        .to.be.revertedWithCustomError(wallet, "NotOwner")
        .withArgs(mallory.address);
    });

    it("lets the wallet attest directly as msg.sender", async function () {
      const { registry, wallet, carol, request } = await fixture();
      const call = registry.interface.encodeFunctionData("attest", [request({ nonce: 8n })]);
      await expect(wallet.connect(carol).execute(await registry.getAddress(), call)).to.emit(registry, "Attested");
      expect(await registry.isValid(uidOf(await wallet.getAddress(), 8n))).to.equal(true);
    });
  });

  describe("revokeByDelegation", function () {
    async function withAttestation() {
      const f = await fixture();
      await f.registry.connect(f.alice).attest(f.request({ nonce: 1n }));
      return { ...f, uid: uidOf(f.alice.address, 1n) };
    }

    it("revokes for the attester and consumes the revocation's nonce", async function () {
      const { registry, relayed, domain, alice, bob, deadline, uid } = await withAttestation();
      const signed = await signRevocation(alice, domain, { uid, nonce: 2n, deadline });
      await expect(relayed.revokeByDelegation(signed)).to.emit(registry, "Revoked").withArgs(uid, alice.address, bob.address);
      expect(await registry.isValid(uid)).to.equal(false);
      expect(await registry.isNonceUsed(alice.address, 2n)).to.equal(true);
      await expect(relayed.revokeByDelegation(signed))
        .to.be.revertedWithCustomError(registry, "NonceUsed")
        .withArgs(alice.address, 2n);
    });

    it("rejects a nonce already used by an attestation (one nonce space per signer)", async function () {
      const { registry, relayed, domain, alice, deadline, uid } = await withAttestation();
      const signed = await signRevocation(alice, domain, { uid, nonce: 1n, deadline });
      await expect(relayed.revokeByDelegation(signed)).to.be.revertedWithCustomError(registry, "NonceUsed").withArgs(alice.address, 1n);
    });

    it("rejects DeadlinePassed, InvalidSignature, and NotAttester for someone else's attestation", async function () {
      const { registry, relayed, domain, alice, mallory, uid } = await withAttestation();
      const t = (await now()) + 10n;
      const late = await signRevocation(alice, domain, { uid, nonce: 2n, deadline: t });
      await time.setNextBlockTimestamp(t + 1n);
      await expect(relayed.revokeByDelegation(late)).to.be.revertedWithCustomError(registry, "DeadlinePassed").withArgs(t, t + 1n);

      const deadline = t + 3_600n;
      const forged = await signRevocation(mallory, domain, { uid, nonce: 2n, deadline }, alice.address);
      await expect(relayed.revokeByDelegation(forged))
        .to.be.revertedWithCustomError(registry, "InvalidSignature")
        .withArgs(alice.address, await registry.revocationDigest(forged));
      const own = await signRevocation(mallory, domain, { uid, nonce: 2n, deadline });
      await expect(relayed.revokeByDelegation(own)).to.be.revertedWithCustomError(registry, "NotAttester").withArgs(uid, mallory.address);
    });
  });

  describe("relayer batches (skip a bad item, keep the rest)", function () {
    it("records a batch from several attesters and returns the uids", async function () {
      const { registry, relayed, domain, alice, carol, mallory, deadline, request } = await fixture();
      const signers = [alice, carol, mallory, alice];
      const batch = [];
      for (const [i, signer] of signers.entries()) batch.push(await signAttestation(signer, domain, request({ nonce: BigInt(100 - i) }), deadline));
      const uids = signers.map((s, i) => uidOf(s.address, BigInt(100 - i)));
      expect(await relayed.multiAttestByDelegation.staticCall(batch)).to.deep.equal(uids);
      await expect(relayed.multiAttestByDelegation(batch)).not.to.emit(registry, "BatchItemSkipped");
      for (const uid of uids) expect(await registry.isValid(uid)).to.equal(true);
    });

    it("skips a bad item with BatchItemSkipped carrying the error, leaves its nonce unused, records the others", async function () {
      const { registry, relayed, relayer, domain, alice, carol, mallory, deadline, request } = await fixture();
      const good = await signAttestation(alice, domain, request({ nonce: 1n }), deadline);
      const forged = await signAttestation(mallory, domain, request({ nonce: 2n }), deadline, carol.address);
      const duplicate = good;
      const self = await signAttestation(carol, domain, request({ nonce: 3n, subject: carol.address }), deadline);
      const alsoGood = await signAttestation(carol, domain, request({ nonce: 4n }), deadline);
      const batch = [good, forged, duplicate, self, alsoGood];

      expect(await relayed.multiAttestByDelegation.staticCall(batch)).to.deep.equal([
        uidOf(alice.address, 1n),
        ZERO_HASH,
        ZERO_HASH,
        ZERO_HASH,
        uidOf(carol.address, 4n),
      ]);
      await expect(relayed.multiAttestByDelegation(batch))
        .to.emit(registry, "BatchItemSkipped")
        .withArgs(1n, carol.address, 2n, relayer.address, errorData(registry, "InvalidSignature", [carol.address, await registry.attestationDigest(forged)]))
        .and.to.emit(registry, "BatchItemSkipped")
        .withArgs(2n, alice.address, 1n, relayer.address, errorData(registry, "NonceUsed", [alice.address, 1n]))
        .and.to.emit(registry, "BatchItemSkipped")
        .withArgs(3n, carol.address, 3n, relayer.address, errorData(registry, "SelfAttestation", [carol.address]));
      expect(await registry.isNonceUsed(carol.address, 2n)).to.equal(false);
      expect(await registry.isNonceUsed(carol.address, 3n)).to.equal(false);
      expect(await registry.isValid(uidOf(carol.address, 4n))).to.equal(true);
    });

    it("skips an item whose schema hook vetoes it, and an item past its deadline", async function () {
      const { registry, relayed, relayer, hook, domain, schemas, alice, carol, deadline, request } = await fixture();
      await hook.setRejecting(true, false);
      const vetoed = await signAttestation(alice, domain, request({ schema: schemas.hooked }), deadline);
      const t = (await now()) + 20n;
      const late = await signAttestation(carol, domain, request(), t - 1n);
      const fine = await signAttestation(carol, domain, request({ nonce: 2n }), deadline);
      await time.setNextBlockTimestamp(t);
      await expect(relayed.multiAttestByDelegation([vetoed, late, fine]))
        .to.emit(registry, "BatchItemSkipped")
        .withArgs(0n, alice.address, 1n, relayer.address, errorData(hook, "AttestRejected", [uidOf(alice.address, 1n)]))
        .and.to.emit(registry, "BatchItemSkipped")
        .withArgs(1n, carol.address, 1n, relayer.address, errorData(registry, "DeadlinePassed", [t - 1n, t]))
        .and.to.emit(registry, "Attested");
    });

    it("names the submitter in BatchItemSkipped, so a hook's own batch inside a relayer's batch is told apart", async function () {
      const { registry, relayed, relayer, domain, alice, carol, deadline, request } = await fixture();
      const forger = await ethers.deployContract("TestForgingHook", [await registry.getAddress()]);
      await registry.registerSchema(SCORE_SCHEMA, await forger.getAddress(), true);
      const hooked = schemaUid(SCORE_SCHEMA, await forger.getAddress(), true);
      await forger.impersonate(alice.address, 7n, 2n); // the victim's (signer, nonce), twice
      const trigger = await signAttestation(carol, domain, request({ schema: hooked, nonce: 1n }), deadline);
      const victim = await signAttestation(alice, domain, request({ nonce: 7n }), deadline);

      const receipt = await (await relayed.multiAttestByDelegation([trigger, victim])).wait();

      const skips = receipt.logs.map((l) => registry.interface.parseLog(l)).filter((e) => e?.name === "BatchItemSkipped");
      expect(skips.map((e) => [e.args.index, e.args.signer, e.args.nonce, e.args.submitter])).to.deep.equal([
        [0n, alice.address, 7n, await forger.getAddress()],
        [1n, alice.address, 7n, await forger.getAddress()],
      ]);
      expect(skips.some((e) => e.args.submitter === relayer.address)).to.equal(false);
      expect(await registry.isValid(uidOf(alice.address, 7n))).to.equal(true); // the victim's item went through
    });

    it("multiRevokeByDelegation revokes the good items and skips the bad", async function () {
      const { registry, relayed, relayer, domain, alice, bob, carol, deadline, request } = await fixture();
      await registry.connect(alice).multiAttest([request({ nonce: 1n }), request({ nonce: 2n })]);
      const [a, b] = [uidOf(alice.address, 1n), uidOf(alice.address, 2n)];
      const ok = await signRevocation(alice, domain, { uid: a, nonce: 10n, deadline });
      const notHis = await signRevocation(carol, domain, { uid: b, nonce: 1n, deadline });
      const again = await signRevocation(alice, domain, { uid: a, nonce: 11n, deadline });
      expect(await relayed.multiRevokeByDelegation.staticCall([ok, notHis, again])).to.deep.equal([true, false, false]);
      await expect(relayed.multiRevokeByDelegation([ok, notHis, again]))
        .to.emit(registry, "Revoked")
        .withArgs(a, alice.address, bob.address)
        .and.to.emit(registry, "BatchItemSkipped")
        .withArgs(1n, carol.address, 1n, relayer.address, errorData(registry, "NotAttester", [b, carol.address]))
        .and.to.emit(registry, "BatchItemSkipped")
        .withArgs(2n, alice.address, 11n, relayer.address, errorData(registry, "AlreadyRevoked", [a]));
      expect(await registry.isNonceUsed(alice.address, 11n)).to.equal(false);
      expect(await registry.isValid(b)).to.equal(true);
    });

    it("accepts empty batches as no-ops", async function () {
      const { relayed } = await fixture();
      expect(await relayed.multiAttestByDelegation.staticCall([])).to.deep.equal([]);
      expect(await relayed.multiRevokeByDelegation.staticCall([])).to.deep.equal([]);
    });
  });
});
