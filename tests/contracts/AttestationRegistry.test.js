import { expect } from "chai";
import { SCORE_SCHEMA, ZERO_ADDRESS, ZERO_HASH, attestationRequest, encodeScore, uidOf } from "./helpers/attestations.js";
import { deployRegistry, ethers, networkHelpers, now, schemaUid } from "./helpers/fixture.js";

const { loadFixture, time } = networkHelpers;

describe("AttestationRegistry", function () {
  async function fixture() {
    const f = await loadFixture(deployRegistry);
    const data = encodeScore(f.bob.address, 5, "delivered 40 pallets on schedule");
    const request = (overrides = {}) =>
      attestationRequest({ schema: f.schemas.score, subject: f.bob.address, nonce: 1n, data, ...overrides });
    return { ...f, data, request };
  }

  describe("schemas", function () {
    it("registers a schema under keccak256(schema, hook, revocable) and emits SchemaRegistered", async function () {
      const { registry, hook, alice } = await fixture();
      const definition = "uint8 rating,bytes32 category,string comment";
      const uid = schemaUid(definition, await hook.getAddress(), false);
      expect(await registry.connect(alice).registerSchema.staticCall(definition, hook, false)).to.equal(uid);
      await expect(registry.connect(alice).registerSchema(definition, hook, false))
        .to.emit(registry, "SchemaRegistered")
        .withArgs(uid, alice.address, await hook.getAddress(), false, definition);
      const stored = await registry.getSchema(uid);
      expect([stored.uid, stored.hook, stored.revocable]).to.deep.equal([uid, await hook.getAddress(), false]);
    });

    it("reverts SchemaAlreadyRegistered for the same schema, hook and flag", async function () {
      const { registry, schemas, mallory } = await fixture();
      await expect(registry.connect(mallory).registerSchema(SCORE_SCHEMA, ZERO_ADDRESS, true))
        .to.be.revertedWithCustomError(registry, "SchemaAlreadyRegistered")
        .withArgs(schemas.score);
    });

    it("reverts HookNotAContract for a hook address without code", async function () {
      const { registry, mallory } = await fixture();
      await expect(registry.registerSchema(SCORE_SCHEMA, mallory.address, true))
        .to.be.revertedWithCustomError(registry, "HookNotAContract")
        .withArgs(mallory.address);
    });

    it("returns an all-zero record for an unknown schema", async function () {
      const { registry } = await fixture();
      const stored = await registry.getSchema(ethers.id("nothing"));
      expect([stored.uid, stored.hook, stored.revocable]).to.deep.equal([ZERO_HASH, ZERO_ADDRESS, false]);
    });
  });

  describe("attest", function () {
    it("records the attestation under uid = attester << 96 | nonce and emits everything an indexer needs", async function () {
      const { registry, schemas, alice, bob, data, request } = await fixture();
      const expiration = (await now()) + 86_400n;
      const r = request({ nonce: 77n, expiration });
      const uid = uidOf(alice.address, 77n);
      expect(await registry.connect(alice).attest.staticCall(r)).to.equal(uid);
      await expect(registry.connect(alice).attest(r))
        .to.emit(registry, "Attested")
        .withArgs(schemas.score, alice.address, bob.address, uid, ZERO_HASH, expiration, data);

      expect(await registry.isValid(uid)).to.equal(true);
      expect(await registry.isNonceUsed(alice.address, 77n)).to.equal(true);
      expect(await registry.uidOf(alice.address, 77n)).to.equal(uid);
      const a = await registry.getAttestation(uid);
      expect([a.uid, a.schema, a.attester, a.subject, a.expiration, a.revocable, a.revoked]).to.deep.equal([
        uid,
        schemas.score,
        alice.address,
        bob.address,
        expiration,
        true,
        false,
      ]);
    });

    it("accepts nonces in any order and gives distinct uids to distinct attesters with the same nonce", async function () {
      const { registry, alice, carol, request } = await fixture();
      for (const nonce of [900n, 3n, 2n ** 96n - 1n, 0n]) await registry.connect(alice).attest(request({ nonce }));
      await registry.connect(carol).attest(request({ nonce: 3n }));
      for (const nonce of [900n, 3n, 2n ** 96n - 1n, 0n]) expect(await registry.isValid(uidOf(alice.address, nonce))).to.equal(true);
      expect(await registry.isValid(uidOf(carol.address, 3n))).to.equal(true);
      expect(await registry.isNonceUsed(carol.address, 900n)).to.equal(false);
    });

    it("reverts UnknownSchema for an unregistered schema", async function () {
      const { registry, alice, request } = await fixture();
      const schema = ethers.id("unregistered");
      await expect(registry.connect(alice).attest(request({ schema })))
        .to.be.revertedWithCustomError(registry, "UnknownSchema")
        .withArgs(schema);
    });

    it("reverts SelfAttestation when the subject is the attester", async function () {
      const { registry, alice, request } = await fixture();
      await expect(registry.connect(alice).attest(request({ subject: alice.address })))
        .to.be.revertedWithCustomError(registry, "SelfAttestation")
        .withArgs(alice.address);
    });

    it("reverts ZeroSubject for the zero address", async function () {
      const { registry, alice, request } = await fixture();
      await expect(registry.connect(alice).attest(request({ subject: ZERO_ADDRESS })))
        .to.be.revertedWithCustomError(registry, "ZeroSubject")
        .withArgs();
    });

    it("reverts ExpirationInPast for an expiration at or before the block time", async function () {
      const { registry, alice, request } = await fixture();
      for (const back of [0n, 1n]) {
        const t = (await now()) + 10n;
        await time.setNextBlockTimestamp(t);
        await expect(registry.connect(alice).attest(request({ expiration: t - back })))
          .to.be.revertedWithCustomError(registry, "ExpirationInPast")
          .withArgs(t - back, t);
      }
    });

    it("reverts UnknownRefUID for a reference to nothing or to a burnt nonce", async function () {
      const { registry, alice, carol, request } = await fixture();
      const nowhere = uidOf(carol.address, 5n);
      await expect(registry.connect(alice).attest(request({ refUID: nowhere })))
        .to.be.revertedWithCustomError(registry, "UnknownRefUID")
        .withArgs(nowhere);
      await registry.connect(carol).cancelNonces([5n]);
      await expect(registry.connect(alice).attest(request({ refUID: nowhere })))
        .to.be.revertedWithCustomError(registry, "UnknownRefUID")
        .withArgs(nowhere);
    });

    it("reverts NonceUsed for a nonce already used or cancelled", async function () {
      const { registry, alice, request } = await fixture();
      await registry.connect(alice).attest(request({ nonce: 1n }));
      await expect(registry.connect(alice).attest(request({ nonce: 1n })))
        .to.be.revertedWithCustomError(registry, "NonceUsed")
        .withArgs(alice.address, 1n);
      await registry.connect(alice).cancelNonces([2n]);
      await expect(registry.connect(alice).attest(request({ nonce: 2n })))
        .to.be.revertedWithCustomError(registry, "NonceUsed")
        .withArgs(alice.address, 2n);
    });

    it("is valid until its expiration and invalid from then on", async function () {
      const { registry, alice, request } = await fixture();
      const expiration = (await now()) + 100n;
      await registry.connect(alice).attest(request({ expiration }));
      const uid = uidOf(alice.address, 1n);
      await time.increaseTo(expiration - 1n);
      expect(await registry.isValid(uid)).to.equal(true);
      await time.increaseTo(expiration);
      expect(await registry.isValid(uid)).to.equal(false);
    });

    it("multiAttest records every item and returns the uids in order", async function () {
      const { registry, schemas, alice, bob, carol, data, request } = await fixture();
      const requests = [request({ nonce: 10n }), request({ nonce: 11n, subject: carol.address })];
      const uids = [uidOf(alice.address, 10n), uidOf(alice.address, 11n)];
      expect(await registry.connect(alice).multiAttest.staticCall(requests)).to.deep.equal(uids);
      await expect(registry.connect(alice).multiAttest(requests))
        .to.emit(registry, "Attested")
        .withArgs(schemas.score, alice.address, bob.address, uids[0], ZERO_HASH, 0n, data)
        .and.to.emit(registry, "Attested")
        .withArgs(schemas.score, alice.address, carol.address, uids[1], ZERO_HASH, 0n, data);
    });

    it("multiAttest is atomic: one bad item reverts the batch with that item's error", async function () {
      const { registry, alice, request } = await fixture();
      const requests = [request({ nonce: 10n }), request({ nonce: 11n }), request({ nonce: 12n, subject: alice.address })];
      await expect(registry.connect(alice).multiAttest(requests))
        .to.be.revertedWithCustomError(registry, "SelfAttestation")
        .withArgs(alice.address);
      expect(await registry.isNonceUsed(alice.address, 10n)).to.equal(false);
    });
  });

  describe("revoke", function () {
    it("revokes the attester's own attestation, emits Revoked and makes it invalid", async function () {
      const { registry, alice, bob, request } = await fixture();
      await registry.connect(alice).attest(request());
      const uid = uidOf(alice.address, 1n);
      await expect(registry.connect(alice).revoke(uid)).to.emit(registry, "Revoked").withArgs(uid, alice.address, bob.address);
      expect(await registry.isValid(uid)).to.equal(false);
      expect((await registry.getAttestation(uid)).revoked).to.equal(true);
    });

    it("reverts UnknownAttestation for an unknown uid or a burnt nonce", async function () {
      const { registry, alice } = await fixture();
      const uid = uidOf(alice.address, 9n);
      await expect(registry.connect(alice).revoke(uid)).to.be.revertedWithCustomError(registry, "UnknownAttestation").withArgs(uid);
      await registry.connect(alice).cancelNonces([9n]);
      await expect(registry.connect(alice).revoke(uid)).to.be.revertedWithCustomError(registry, "UnknownAttestation").withArgs(uid);
    });

    it("reverts NotAttester for anyone but the attester, the subject and the deployer included", async function () {
      const { registry, alice, bob, deployer, mallory, request } = await fixture();
      await registry.connect(alice).attest(request());
      const uid = uidOf(alice.address, 1n);
      for (const caller of [bob, deployer, mallory]) {
        await expect(registry.connect(caller).revoke(uid))
          .to.be.revertedWithCustomError(registry, "NotAttester")
          .withArgs(uid, caller.address);
      }
    });

    it("reverts NotRevocable under an irrevocable schema", async function () {
      const { registry, schemas, alice, request } = await fixture();
      await registry.connect(alice).attest(request({ schema: schemas.irrevocable }));
      const uid = uidOf(alice.address, 1n);
      expect((await registry.getAttestation(uid)).revocable).to.equal(false);
      await expect(registry.connect(alice).revoke(uid)).to.be.revertedWithCustomError(registry, "NotRevocable").withArgs(uid);
    });

    it("reverts AlreadyRevoked the second time", async function () {
      const { registry, alice, request } = await fixture();
      await registry.connect(alice).attest(request());
      const uid = uidOf(alice.address, 1n);
      await registry.connect(alice).revoke(uid);
      await expect(registry.connect(alice).revoke(uid)).to.be.revertedWithCustomError(registry, "AlreadyRevoked").withArgs(uid);
    });

    it("can revoke an expired attestation", async function () {
      const { registry, alice, bob, request } = await fixture();
      const expiration = (await now()) + 60n;
      await registry.connect(alice).attest(request({ expiration }));
      await time.increaseTo(expiration + 5n);
      const uid = uidOf(alice.address, 1n);
      await expect(registry.connect(alice).revoke(uid)).to.emit(registry, "Revoked").withArgs(uid, alice.address, bob.address);
    });

    it("multiRevoke revokes all, atomically", async function () {
      const { registry, alice, bob, request } = await fixture();
      await registry.connect(alice).multiAttest([request({ nonce: 1n }), request({ nonce: 2n })]);
      const [a, b] = [uidOf(alice.address, 1n), uidOf(alice.address, 2n)];
      await expect(registry.connect(alice).multiRevoke([a, b, a])).to.be.revertedWithCustomError(registry, "AlreadyRevoked").withArgs(a);
      expect(await registry.isValid(a)).to.equal(true);
      await expect(registry.connect(alice).multiRevoke([a, b]))
        .to.emit(registry, "Revoked")
        .withArgs(a, alice.address, bob.address)
        .and.to.emit(registry, "Revoked")
        .withArgs(b, alice.address, bob.address);
    });
  });

  describe("reciprocity", function () {
    async function withEvent() {
      const f = await fixture();
      await f.registry.connect(f.alice).attest(f.request({ nonce: 1n }));
      const event = uidOf(f.alice.address, 1n);
      const answer = (overrides = {}) => f.request({ subject: f.alice.address, refUID: event, nonce: 2n, ...overrides });
      return { ...f, event, answer, confirmation: uidOf(f.bob.address, 2n) };
    }

    it("the counterparty's attestation referencing the event confirms it", async function () {
      const { registry, bob, event, answer, confirmation } = await withEvent();
      expect(await registry.isConfirmed(event)).to.equal(false);
      await expect(registry.connect(bob).attest(answer())).to.emit(registry, "Confirmed").withArgs(event, confirmation);
      expect(await registry.isConfirmed(event)).to.equal(true);
      expect(await registry.confirmationOf(event)).to.equal(confirmation);
    });

    it("a reference from a third party or in the same direction does not confirm", async function () {
      const { registry, alice, bob, carol, event, answer, request } = await withEvent();
      await expect(registry.connect(carol).attest(answer())).not.to.emit(registry, "Confirmed");
      await expect(registry.connect(alice).attest(request({ nonce: 5n, refUID: event }))).not.to.emit(registry, "Confirmed");
      await expect(registry.connect(bob).attest(answer({ subject: carol.address }))).not.to.emit(registry, "Confirmed");
      expect(await registry.isConfirmed(event)).to.equal(false);
    });

    it("stops being confirmed when either side revokes, and can be confirmed again", async function () {
      const { registry, alice, bob, event, answer, confirmation } = await withEvent();
      await registry.connect(bob).attest(answer());
      await registry.connect(bob).revoke(confirmation);
      expect(await registry.isConfirmed(event)).to.equal(false);
      const again = uidOf(bob.address, 3n);
      await expect(registry.connect(bob).attest(answer({ nonce: 3n }))).to.emit(registry, "Confirmed").withArgs(event, again);
      expect(await registry.isConfirmed(event)).to.equal(true);
      await registry.connect(alice).revoke(event);
      expect(await registry.isConfirmed(event)).to.equal(false);
    });

    it("keeps the first valid confirmation and ignores later ones", async function () {
      const { registry, bob, event, answer, confirmation } = await withEvent();
      await registry.connect(bob).attest(answer());
      await expect(registry.connect(bob).attest(answer({ nonce: 3n }))).not.to.emit(registry, "Confirmed");
      expect(await registry.confirmationOf(event)).to.equal(confirmation);
    });

    it("does not confirm a revoked event and ends with an expired one", async function () {
      const { registry, alice, bob, event, answer, request } = await withEvent();
      await registry.connect(alice).revoke(event);
      await expect(registry.connect(bob).attest(answer())).not.to.emit(registry, "Confirmed");

      const expiration = (await now()) + 50n;
      await registry.connect(alice).attest(request({ nonce: 8n, expiration }));
      const shortLived = uidOf(alice.address, 8n);
      await registry.connect(bob).attest(answer({ nonce: 9n, refUID: shortLived }));
      expect(await registry.isConfirmed(shortLived)).to.equal(true);
      await time.increaseTo(expiration);
      expect(await registry.isConfirmed(shortLived)).to.equal(false);
    });
  });

  describe("hooks", function () {
    it("calls onAttest with the attestation's fields", async function () {
      const { registry, hook, schemas, alice, bob, data, request } = await fixture();
      const uid = uidOf(alice.address, 1n);
      await expect(registry.connect(alice).attest(request({ schema: schemas.hooked })))
        .to.emit(hook, "AttestSeen")
        .withArgs(uid, schemas.hooked, alice.address, bob.address, ZERO_HASH, 0n, data);
    });

    it("lets onAttest veto: the attestation reverts with the hook's error", async function () {
      const { registry, hook, schemas, alice, request } = await fixture();
      await hook.setRejecting(true, false);
      await expect(registry.connect(alice).attest(request({ schema: schemas.hooked })))
        .to.be.revertedWithCustomError(hook, "AttestRejected")
        .withArgs(uidOf(alice.address, 1n));
    });

    it("calls onRevoke, and a failing onRevoke cannot block the revocation", async function () {
      const { registry, hook, schemas, alice, bob, request } = await fixture();
      await registry.connect(alice).multiAttest([request({ schema: schemas.hooked }), request({ schema: schemas.hooked, nonce: 2n })]);
      const [first, second] = [uidOf(alice.address, 1n), uidOf(alice.address, 2n)];
      await expect(registry.connect(alice).revoke(first))
        .to.emit(hook, "RevokeSeen")
        .withArgs(first, schemas.hooked, alice.address, bob.address);
      await hook.setRejecting(false, true);
      await expect(registry.connect(alice).revoke(second))
        .to.emit(registry, "RevocationHookFailed")
        .withArgs(second, await hook.getAddress())
        .and.to.emit(registry, "Revoked")
        .withArgs(second, alice.address, bob.address);
      expect(await registry.isValid(second)).to.equal(false);
    });

    it("the test hook only answers the registry (NotRegistry otherwise)", async function () {
      const { hook, schemas, mallory } = await fixture();
      await expect(hook.connect(mallory).onRevoke(ZERO_HASH, schemas.hooked, mallory.address, mallory.address))
        .to.be.revertedWithCustomError(hook, "NotRegistry")
        .withArgs(mallory.address);
    });

    it("does not call any hook for a schema without one", async function () {
      const { registry, hook, alice, request } = await fixture();
      await expect(registry.connect(alice).attest(request())).not.to.emit(hook, "AttestSeen");
      await expect(registry.connect(alice).revoke(uidOf(alice.address, 1n))).not.to.emit(hook, "RevokeSeen");
    });
  });

  describe("nonces and views", function () {
    it("cancelNonces burns unused nonces and emits NonceCancelled for each", async function () {
      const { registry, alice } = await fixture();
      await expect(registry.connect(alice).cancelNonces([4n, 6n]))
        .to.emit(registry, "NonceCancelled")
        .withArgs(alice.address, 4n)
        .and.to.emit(registry, "NonceCancelled")
        .withArgs(alice.address, 6n);
      expect(await registry.isNonceUsed(alice.address, 4n)).to.equal(true);
      expect(await registry.isValid(uidOf(alice.address, 4n))).to.equal(false);
      expect((await registry.getAttestation(uidOf(alice.address, 4n))).uid).to.equal(ZERO_HASH);
    });

    it("cancelNonces reverts NonceUsed for a used nonce and cancels nothing", async function () {
      const { registry, alice, request } = await fixture();
      await registry.connect(alice).attest(request({ nonce: 3n }));
      await expect(registry.connect(alice).cancelNonces([2n, 3n]))
        .to.be.revertedWithCustomError(registry, "NonceUsed")
        .withArgs(alice.address, 3n);
      expect(await registry.isNonceUsed(alice.address, 2n)).to.equal(false);
      expect(await registry.isValid(uidOf(alice.address, 3n))).to.equal(true);
    });

    it("reports unknown uids as invalid, unconfirmed and all-zero", async function () {
      const { registry } = await fixture();
      const uid = ethers.id("unknown");
      expect(await registry.isValid(uid)).to.equal(false);
      expect(await registry.isConfirmed(uid)).to.equal(false);
      expect(await registry.confirmationOf(uid)).to.equal(ZERO_HASH);
      expect((await registry.getAttestation(uid)).attester).to.equal(ZERO_ADDRESS);
    });

    it("has no admin: the only state-changing functions are the public attestation rules", async function () {
      const { registry } = await fixture();
      const writes = registry.interface.fragments
        .filter((f) => f.type === "function" && !f.constant)
        .map((f) => f.name)
        .sort();
      expect(writes).to.deep.equal([
        "attest",
        "attestByDelegation",
        "cancelNonces",
        "multiAttest",
        "multiAttestByDelegation",
        "multiRevoke",
        "multiRevokeByDelegation",
        "registerSchema",
        "revoke",
        "revokeByDelegation",
      ]);
    });
  });
});
