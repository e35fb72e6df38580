// Gas per item of mintBatch (batches of 10 and 100) and of clawback, printed as a table.
// Run alone: npx hardhat test mocha tests/contracts/RewardsGas.test.js
// Bounds are loose sanity limits (a regression that doubles the cost fails), not targets.
import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const unit = (n) => ethers.parseUnits(String(n), 18);

async function deployProgram() {
  const [admin, minter] = await ethers.getSigners();
  const factory = await ethers.deployContract("RewardProgramFactory");
  const args = ["Gas Points", "GAS", admin.address, minter.address, 86_400n, unit(1_000_000_000), 0n, false];
  const address = await factory.createProgram.staticCall(...args);
  await factory.createProgram(...args);
  return { token: await ethers.getContractAt("RewardToken", address), admin, minter };
}

const members = (n, salt) => Array.from({ length: n }, (_, i) => ethers.getAddress(ethers.dataSlice(ethers.id(`${salt}-${i}`), 0, 20)));
const uids = (n, salt) => Array.from({ length: n }, (_, i) => ethers.id(`${salt}-event-${i}`));

async function gasOf(txPromise) {
  return (await (await txPromise).wait()).gasUsed;
}

describe("RewardToken gas", function () {
  const rows = [];
  after(function () {
    console.log("\n      gas per item (whole transaction / items, 21k base and calldata included):");
    const line = (cells) => "      " + cells.map((c, i) => String(c).padEnd([30, 7, 10, 9][i])).join("");
    console.log(line(["case", "items", "tx gas", "per item"]));
    for (const r of rows) console.log(line([r.name, r.n, r.gas, r.perItem]));
  });

  for (const n of [10, 100]) {
    it(`mintBatch of ${n}: new members, members already holding tokens, and a retried (all skipped) batch`, async function () {
      const { token, minter } = await loadFixture(deployProgram);
      const m = token.connect(minter);
      const to = members(n, `m${n}`);
      const amounts = Array(n).fill(unit(5));
      const fresh = await gasOf(m.mintBatch(to, amounts, uids(n, "a")));
      const holding = await gasOf(m.mintBatch(to, amounts, uids(n, "b")));
      const retried = await gasOf(m.mintBatch(to, amounts, uids(n, "b")));
      expect(await token.balanceOf(to[n - 1])).to.equal(unit(10));
      const per = (g) => g / BigInt(n);
      rows.push({ name: "mint, new member", n, gas: fresh, perItem: per(fresh) });
      rows.push({ name: "mint, member holding tokens", n, gas: holding, perItem: per(holding) });
      rows.push({ name: "retry (all skipped)", n, gas: retried, perItem: per(retried) });
      expect(per(fresh)).to.be.lessThan(80_000n);
      expect(per(holding)).to.be.lessThan(55_000n);
      expect(per(retried)).to.be.lessThan(12_000n);
    });
  }

  it("clawback of 10 rewards from members still holding them", async function () {
    const { token, minter } = await loadFixture(deployProgram);
    const to = members(10, "c");
    const ids = uids(10, "c");
    await token.connect(minter).mintBatch(to, Array(10).fill(unit(5)), ids);
    const gas = await gasOf(token.connect(minter).clawback(to, ids));
    expect(await token.totalSupply()).to.equal(0n);
    rows.push({ name: "clawback, full burn", n: 10, gas, perItem: gas / 10n });
    expect(gas / 10n).to.be.lessThan(30_000n);
  });
});
