// Seeded randomized property tests. Reproduce a failure with PROPERTY_SEED=<seed printed in the title>;
// raise PROPERTY_ROUNDS for a longer run. Each property keeps an independent model and compares the chain
// to it item by item: outcome, exact revert data, nonce usage, validity.
import { expect } from "chai";
import {
  ATTEST_TYPES,
  REVOKE_TYPES,
  ZERO_ADDRESS,
  attestationRequest,
  encodeScore,
  signAttestation,
  signRevocation,
  toHighS,
  uidOf,
} from "./helpers/attestations.js";
import { deployRegistry, ethers, networkHelpers, now } from "./helpers/fixture.js";

const SEED = Number(process.env.PROPERTY_SEED ?? 20261126);
const ROUNDS = Number(process.env.PROPERTY_ROUNDS ?? 150);

/** mulberry32: small, fast, good enough to drive test cases, reproducible from one 32-bit seed. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p) => next() < p,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

describe(`AttestationRegistry properties (seed ${SEED}, ${ROUNDS} rounds)`, function () {
  this.timeout(300_000);

  /** Attesters: six EOAs (local keys) and one ERC-1271 wallet owned by the first. */
  async function world(seed) {
    const f = await networkHelpers.loadFixture(deployRegistry);
    const rnd = prng(seed);
    const keys = Array.from({ length: 6 }, (_, i) => new ethers.Wallet(ethers.id(`property-key-${seed}-${i}`)));
    const contractWallet = await ethers.deployContract("TestERC1271Wallet", [keys[0].address]);
    const attesters = [
      ...keys.map((key) => ({ address: key.address, key })),
      { address: await contractWallet.getAddress(), key: keys[0] },
    ];
    const subjects = (await ethers.getSigners()).slice(10, 14).map((s) => s.address);
    return { ...f, rnd, keys, attesters, subjects, used: new Set(), records: new Map() };
  }

  const nonceKey = (address, nonce) => `${address}:${nonce}`;
  const encodeError = (registry, name, args) => registry.interface.encodeErrorResult(name, args);

  /** Decodes a delegated batch's receipt into one outcome per item, in order. */
  function outcomes(registry, receipt) {
    return receipt.logs
      .map((log) => registry.interface.parseLog(log))
      .filter((e) => e && (e.name === "Attested" || e.name === "BatchItemSkipped" || e.name === "Revoked"))
      .map((e) => (e.name === "BatchItemSkipped" ? { skipped: e.args.reason } : { done: e.args.uid }));
  }

  it("a delegated attestation is recorded iff signed by the attester, within its deadline, with an unused nonce", async function () {
    const w = await world(SEED);
    const { registry, rnd, domain } = w;
    let items = 0;
    let recorded = 0;
    const kinds = new Set();
    for (let round = 0; round < ROUNDS; round++) {
      const t = (await now()) + 10n;
      const batch = [];
      const expected = [];
      const size = 1 + rnd.int(10);
      for (let i = 0; i < size; i++) {
        const attester = rnd.pick(w.attesters);
        const nonce = BigInt(rnd.int(48)); // small range: reuse across and within batches happens often
        const deadline = t + BigInt(rnd.pick([-7, -1, 0, 0, 1, 600, 600]));
        const request = attestationRequest({
          schema: w.schemas.score,
          subject: rnd.pick(w.subjects),
          nonce,
          data: encodeScore(rnd.pick(w.subjects), rnd.int(6), `round ${round} item ${i}`),
          expiration: rnd.chance(0.2) ? t + 10_000n : 0n,
        });
        const wrongKey = rnd.chance(0.2);
        const key = wrongKey ? rnd.pick(w.keys.filter((k) => k !== attester.key)) : attester.key;
        let signed = await signAttestation(key, domain, request, deadline, attester.address);
        const mutation = rnd.pick(["none", "none", "none", "none", "highS", "tamper"]);
        if (mutation === "highS") signed = { ...signed, signature: toHighS(signed.signature) };
        if (mutation === "tamper") signed = { ...signed, request: { ...request, subject: rnd.pick(w.subjects.filter((s) => s !== request.subject)) } };

        const digest = ethers.TypedDataEncoder.hash(domain, ATTEST_TYPES, { attester: attester.address, ...signed.request, deadline });
        const goodSignature = !wrongKey && mutation === "none";
        const key_ = nonceKey(attester.address, nonce);
        let error;
        if (deadline < t) error = ["DeadlinePassed", [deadline, t]];
        else if (!goodSignature) error = ["InvalidSignature", [attester.address, digest]];
        else if (w.used.has(key_)) error = ["NonceUsed", [attester.address, nonce]];
        kinds.add(error?.[0] ?? (attester.address === w.attesters[6].address ? "recorded-erc1271" : "recorded"));
        if (error) expected.push({ skipped: encodeError(registry, ...error) });
        else {
          w.used.add(key_);
          w.records.set(uidOf(attester.address, nonce), { attester: attester.address, revoked: false });
          expected.push({ done: uidOf(attester.address, nonce) });
          recorded++;
        }
        batch.push(signed);
      }
      items += size;
      await networkHelpers.time.setNextBlockTimestamp(t);
      const receipt = await (await registry.connect(w.relayer).multiAttestByDelegation(batch)).wait();
      expect(outcomes(registry, receipt), `round ${round}`).to.deep.equal(expected);
    }
    for (const attester of w.attesters) {
      for (let nonce = 0n; nonce < 48n; nonce++) {
        const used = w.used.has(nonceKey(attester.address, nonce));
        expect(await registry.isNonceUsed(attester.address, nonce)).to.equal(used);
        expect(await registry.isValid(uidOf(attester.address, nonce))).to.equal(used);
      }
    }
    // The generator must exercise every outcome, or the property proves little.
    expect([...kinds].sort()).to.deep.equal(["DeadlinePassed", "InvalidSignature", "NonceUsed", "recorded", "recorded-erc1271"]);
    expect(recorded).to.be.greaterThan(items / 5);
  });

  it("a delegated revocation succeeds iff signed by the attester, within its deadline, unused nonce, not revoked yet", async function () {
    const w = await world(SEED + 1);
    const { registry, rnd, domain } = w;
    // Every attester attests to each subject once (nonces 1000..), directly or through its wallet owner.
    for (const attester of w.attesters) {
      const batch = [];
      for (const [i, subject] of w.subjects.entries()) {
        const request = attestationRequest({ schema: w.schemas.score, subject, nonce: 1000n + BigInt(i), data: "0x" });
        batch.push(await signAttestation(attester.key, domain, request, (await now()) + 600n, attester.address));
        w.used.add(nonceKey(attester.address, 1000n + BigInt(i)));
        w.records.set(uidOf(attester.address, 1000n + BigInt(i)), { attester: attester.address, revoked: false });
      }
      await registry.connect(w.relayer).multiAttestByDelegation(batch);
    }
    const uids = [...w.records.keys(), uidOf(ZERO_ADDRESS, 1n)];
    let revoked = 0;
    const kinds = new Set();
    for (let round = 0; round < ROUNDS; round++) {
      const t = (await now()) + 10n;
      const batch = [];
      const expected = [];
      for (let i = 0, size = 1 + rnd.int(8); i < size; i++) {
        const uid = rnd.pick(uids);
        const record = w.records.get(uid);
        const revoker = record && rnd.chance(0.75) ? w.attesters.find((a) => a.address === record.attester) : rnd.pick(w.attesters);
        const nonce = BigInt(rnd.int(40));
        const deadline = t + BigInt(rnd.pick([-3, 0, 600, 600]));
        const wrongKey = rnd.chance(0.15);
        const key = wrongKey ? rnd.pick(w.keys.filter((k) => k !== revoker.key)) : revoker.key;
        let signed = await signRevocation(key, domain, { uid, nonce, deadline }, revoker.address);
        const highS = rnd.chance(0.1);
        if (highS) signed = { ...signed, signature: toHighS(signed.signature) };

        const digest = ethers.TypedDataEncoder.hash(domain, REVOKE_TYPES, { revoker: revoker.address, uid, nonce, deadline });
        const nk = nonceKey(revoker.address, nonce);
        let error;
        if (deadline < t) error = ["DeadlinePassed", [deadline, t]];
        else if (w.used.has(nk)) error = ["NonceUsed", [revoker.address, nonce]];
        else if (wrongKey || highS) error = ["InvalidSignature", [revoker.address, digest]];
        else if (!record) error = ["UnknownAttestation", [uid]];
        else if (record.attester !== revoker.address) error = ["NotAttester", [uid, revoker.address]];
        else if (record.revoked) error = ["AlreadyRevoked", [uid]];
        kinds.add(error?.[0] ?? "revoked");
        if (error) expected.push({ skipped: encodeError(registry, ...error) });
        else {
          w.used.add(nk);
          record.revoked = true;
          expected.push({ done: uid });
          revoked++;
        }
        batch.push(signed);
      }
      await networkHelpers.time.setNextBlockTimestamp(t);
      const receipt = await (await registry.connect(w.relayer).multiRevokeByDelegation(batch)).wait();
      expect(outcomes(registry, receipt), `round ${round}`).to.deep.equal(expected);
    }
    for (const [uid, record] of w.records) expect(await registry.isValid(uid)).to.equal(!record.revoked);
    expect([...kinds].sort()).to.deep.equal([
      "AlreadyRevoked",
      "DeadlinePassed",
      "InvalidSignature",
      "NonceUsed",
      "NotAttester",
      "UnknownAttestation",
      "revoked",
    ]);
    expect(revoked).to.be.greaterThan(5);
  });

  it("a direct batch is all-or-nothing and fails with its first bad item's error", async function () {
    const w = await world(SEED + 2);
    const { registry, rnd } = w;
    const [, alice] = await ethers.getSigners();
    let committed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const requests = [];
      const pending = new Set();
      let firstError;
      for (let i = 0, size = 1 + rnd.int(6); i < size; i++) {
        const nonce = BigInt(rnd.int(64));
        const subject = rnd.pick([...w.subjects, ...w.subjects, ...w.subjects, alice.address, ZERO_ADDRESS]);
        requests.push(attestationRequest({ schema: w.schemas.score, subject, nonce, data: "0x" }));
        const k = nonceKey(alice.address, nonce);
        let error;
        if (subject === alice.address) error = ["SelfAttestation", [alice.address]];
        else if (subject === ZERO_ADDRESS) error = ["ZeroSubject", []];
        else if (w.used.has(k) || pending.has(k)) error = ["NonceUsed", [alice.address, nonce]];
        pending.add(k);
        firstError ??= error;
      }
      const call = registry.connect(alice).multiAttest(requests);
      if (firstError) {
        await expect(call, `round ${round}`).to.be.revertedWithCustomError(registry, firstError[0]).withArgs(...firstError[1]);
      } else {
        await (await call).wait();
        for (const k of pending) w.used.add(k);
        committed++;
      }
    }
    for (let nonce = 0n; nonce < 64n; nonce++) {
      expect(await registry.isNonceUsed(alice.address, nonce)).to.equal(w.used.has(nonceKey(alice.address, nonce)));
    }
    expect(committed).to.be.greaterThan(2);
  });
});
