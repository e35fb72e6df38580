// RewardToken: creation, batch minting bound to event uids, roles, epoch cap, budget.
// Programs are created through the real RewardProgramFactory (clones), as in production.
import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const DAY = 86_400n;
const unit = (n) => ethers.parseUnits(String(n), 18);
const uid = (label) => ethers.id(label);
const MAX_AMOUNT = 2n ** 248n - 1n;
const Status = { None: 0n, Rewarded: 1n, ClawedBack: 2n, Withheld: 3n };

async function deployPrograms() {
  const [admin, minter, alice, bob, carol, stranger] = await ethers.getSigners();
  const factory = await ethers.deployContract("RewardProgramFactory");
  async function create(transferable) {
    const args = ["Market Points", "MKT", admin.address, minter.address, DAY, unit(1000), unit(2500), transferable];
    const address = await factory.createProgram.staticCall(...args);
    const receipt = await (await factory.createProgram(...args)).wait();
    const block = await ethers.provider.getBlock(receipt.blockNumber);
    return { token: await ethers.getContractAt("RewardToken", address), start: BigInt(block.timestamp) };
  }
  const { token, start } = await create(true);
  const { token: soulbound } = await create(false);
  return { factory, token, start, soulbound, admin, minter, alice, bob, carol, stranger };
}

describe("RewardToken", function () {
  describe("creation", function () {
    it("shows standard ERC-20 metadata and the program parameters", async function () {
      const { token, start, soulbound, admin, minter } = await loadFixture(deployPrograms);
      expect(await token.name()).to.equal("Market Points");
      expect(await token.symbol()).to.equal("MKT");
      expect(await token.decimals()).to.equal(18n);
      expect(await token.totalSupply()).to.equal(0n);
      expect(await token.epochLength()).to.equal(DAY);
      expect(await token.startTime()).to.equal(start);
      expect(await token.currentEpoch()).to.equal(0n);
      expect(await token.epochCap()).to.equal(unit(1000));
      expect(await token.budget()).to.equal(unit(2500));
      expect(await token.issuableNow()).to.equal(unit(1000));
      expect(await token.transferable()).to.equal(true);
      expect(await soulbound.transferable()).to.equal(false);
      expect(await token.hasRole(await token.DEFAULT_ADMIN_ROLE(), admin)).to.equal(true);
      expect(await token.hasRole(await token.MINTER_ROLE(), minter)).to.equal(true);
      expect(await token.hasRole(await token.CLAWBACK_ROLE(), minter)).to.equal(true); // its reorg job
      expect(await token.hasRole(await token.MINTER_ROLE(), admin)).to.equal(false);
      expect(await token.hasRole(await token.CLAWBACK_ROLE(), admin)).to.equal(false);
      expect(await token.hasRole(await token.DEFAULT_ADMIN_ROLE(), minter)).to.equal(false);
    });

    it("answers ERC-165 for IRewardToken, IERC20, IERC20Metadata, IAccessControl", async function () {
      const { token } = await loadFixture(deployPrograms);
      const interfaceId = async (name) => {
        const { abi } = await import(`../../artifacts/${name}`, { with: { type: "json" } }).then((m) => m.default);
        const iface = new ethers.Interface(abi);
        let id = 0n;
        iface.forEachFunction((f) => (id ^= BigInt(f.selector)));
        return ethers.toBeHex(id, 4);
      };
      const rewardTokenId = await interfaceId("contracts/RewardToken/IRewardToken.sol/IRewardToken.json");
      expect(await token.supportsInterface(rewardTokenId)).to.equal(true);
      for (const id of ["0x36372b07", "0xa219a025", "0x7965db0b", "0x01ffc9a7"]) {
        expect(await token.supportsInterface(id), id).to.equal(true); // IERC20, IERC20Metadata, IAccessControl, IERC165
      }
      expect(await token.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("mintBatch", function () {
    it("mints each reward, records it by (eventUid, member) and emits Rewarded with the epoch", async function () {
      const { token, minter, alice, bob } = await loadFixture(deployPrograms);
      const members = [alice.address, bob.address, bob.address];
      const amounts = [unit(10), unit(20), unit(5)];
      const uids = [uid("e1"), uid("e1"), uid("e2")]; // e1 pays both sides: attester and subject
      expect(await token.connect(minter).mintBatch.staticCall(members, amounts, uids)).to.deep.equal([3n, unit(35)]);
      const tx = token.connect(minter).mintBatch(members, amounts, uids);
      await expect(tx).to.emit(token, "Rewarded").withArgs(alice.address, uids[0], unit(10), 0n);
      await expect(tx).to.emit(token, "Rewarded").withArgs(bob.address, uids[1], unit(20), 0n);
      await expect(tx).to.emit(token, "Rewarded").withArgs(bob.address, uids[2], unit(5), 0n);
      await expect(tx).to.emit(token, "Transfer").withArgs(ethers.ZeroAddress, alice.address, unit(10));
      await expect(tx).to.changeTokenBalances(ethers, token, [alice, bob], [unit(10), unit(25)]);
      expect(await token.isRewarded(uids[0], alice)).to.equal(true);
      expect(await token.isRewarded(uids[0], bob)).to.equal(true);
      expect(await token.isRewarded(uids[2], alice)).to.equal(false);
      expect(await token.rewardOf(uids[1], bob)).to.deep.equal([Status.Rewarded, unit(20)]);
      expect(await token.rewardOf(uids[2], alice)).to.deep.equal([Status.None, 0n]);
      expect(await token.issuedInEpoch(0)).to.equal(unit(35));
      expect(await token.totalIssued()).to.equal(unit(35));
      expect(await token.issuableNow()).to.equal(unit(965));
    });

    it("skips a (uid, member) already rewarded, within one batch and across batches, so a retry never mints twice", async function () {
      const { token, minter, alice, bob } = await loadFixture(deployPrograms);
      const first = [[alice.address, bob.address], [unit(10), unit(20)], [uid("a"), uid("b")]];
      await token.connect(minter).mintBatch(...first);
      // the same batch again (a retry after a crash): nothing minted, each item reported
      expect(await token.connect(minter).mintBatch.staticCall(...first)).to.deep.equal([0n, 0n]);
      const retry = token.connect(minter).mintBatch(...first);
      await expect(retry).to.emit(token, "RewardSkipped").withArgs(alice.address, uid("a"), unit(10), Status.Rewarded);
      await expect(retry).to.emit(token, "RewardSkipped").withArgs(bob.address, uid("b"), unit(20), Status.Rewarded);
      await expect(retry).not.to.emit(token, "Rewarded");
      await expect(retry).to.changeTokenBalances(ethers, token, [alice, bob], [0n, 0n]);
      // an overlapping batch with a duplicate inside it: only the new pair is paid, once
      const overlap = token
        .connect(minter)
        .mintBatch([alice.address, alice.address, alice.address], [unit(10), unit(7), unit(7)], [uid("a"), uid("c"), uid("c")]);
      await expect(overlap).to.emit(token, "Rewarded").withArgs(alice.address, uid("c"), unit(7), 0n);
      await expect(overlap).to.emit(token, "RewardSkipped").withArgs(alice.address, uid("c"), unit(7), Status.Rewarded);
      expect(await token.balanceOf(alice)).to.equal(unit(17));
      expect(await token.totalSupply()).to.equal(unit(37));
      expect(await token.totalIssued()).to.equal(unit(37));
    });

    it("reverts for anyone without MINTER_ROLE, the admin included", async function () {
      const { token, admin, alice, stranger } = await loadFixture(deployPrograms);
      const role = await token.MINTER_ROLE();
      for (const caller of [stranger, admin, alice]) {
        await expect(token.connect(caller).mintBatch([alice.address], [unit(1)], [uid("x")]))
          .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, role);
      }
    });

    it("lets the admin grant and revoke MINTER_ROLE", async function () {
      const { token, admin, minter, alice, stranger } = await loadFixture(deployPrograms);
      const role = await token.MINTER_ROLE();
      await expect(token.connect(minter).grantRole(role, stranger))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(minter.address, await token.DEFAULT_ADMIN_ROLE());
      await token.connect(admin).grantRole(role, stranger);
      await token.connect(stranger).mintBatch([alice.address], [unit(1)], [uid("x")]);
      await token.connect(admin).revokeRole(role, minter);
      await expect(token.connect(minter).mintBatch([alice.address], [unit(1)], [uid("y")]))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(minter.address, role);
      expect(await token.balanceOf(alice)).to.equal(unit(1));
    });

    it("reverts the whole batch on a malformed item, naming the item", async function () {
      const { token, minter, alice, bob } = await loadFixture(deployPrograms);
      const m = token.connect(minter);
      await expect(m.mintBatch([alice.address, bob.address], [unit(1)], [uid("a"), uid("b")]))
        .to.be.revertedWithCustomError(token, "BatchLengthMismatch").withArgs(2n, 1n, 2n);
      await expect(m.mintBatch([alice.address], [unit(1)], [uid("a"), uid("b")]))
        .to.be.revertedWithCustomError(token, "BatchLengthMismatch").withArgs(1n, 1n, 2n);
      await expect(m.mintBatch([alice.address, ethers.ZeroAddress], [unit(1), unit(1)], [uid("a"), uid("b")]))
        .to.be.revertedWithCustomError(token, "InvalidMember").withArgs(1n, uid("b"));
      await expect(m.mintBatch([alice.address, bob.address], [unit(1), 0n], [uid("a"), uid("b")]))
        .to.be.revertedWithCustomError(token, "InvalidAmount").withArgs(1n, uid("b"), 0n, MAX_AMOUNT);
      await expect(m.mintBatch([alice.address], [MAX_AMOUNT + 1n], [uid("a")]))
        .to.be.revertedWithCustomError(token, "InvalidAmount").withArgs(0n, uid("a"), MAX_AMOUNT + 1n, MAX_AMOUNT);
      await expect(m.mintBatch([alice.address, bob.address], [unit(1), unit(1)], [uid("a"), ethers.ZeroHash]))
        .to.be.revertedWithCustomError(token, "InvalidEventUid").withArgs(1n);
      expect(await token.isRewarded(uid("a"), alice)).to.equal(false);
      expect(await token.totalSupply()).to.equal(0n);
    });

    it("accepts an empty batch as a no-op", async function () {
      const { token, minter } = await loadFixture(deployPrograms);
      expect(await token.connect(minter).mintBatch.staticCall([], [], [])).to.deep.equal([0n, 0n]);
      await expect(token.connect(minter).mintBatch([], [], [])).not.to.emit(token, "Rewarded");
    });
  });

  describe("epoch cap", function () {
    it("holds within an epoch, reverts the whole batch with context, and resets at the epoch boundary", async function () {
      const { token, start, minter, alice, bob } = await loadFixture(deployPrograms);
      const m = token.connect(minter);
      await time.setNextBlockTimestamp(start + DAY - 2n);
      await m.mintBatch([alice.address], [unit(900)], [uid("a")]);
      expect(await token.currentEpoch()).to.equal(0n);
      expect(await token.issuableNow()).to.equal(unit(100));
      await time.setNextBlockTimestamp(start + DAY - 1n); // last second of epoch 0
      await expect(m.mintBatch([bob.address, bob.address], [unit(60), unit(41)], [uid("b"), uid("c")]))
        .to.be.revertedWithCustomError(token, "EpochCapExceeded")
        .withArgs(0n, unit(1000), unit(900), unit(101));
      expect(await token.isRewarded(uid("b"), bob)).to.equal(false); // nothing of the batch stayed
      await time.setNextBlockTimestamp(start + DAY); // first second of epoch 1
      await expect(m.mintBatch([bob.address, bob.address], [unit(60), unit(41)], [uid("b"), uid("c")]))
        .to.emit(token, "Rewarded").withArgs(bob.address, uid("c"), unit(41), 1n);
      expect(await token.issuedInEpoch(0)).to.equal(unit(900));
      expect(await token.issuedInEpoch(1)).to.equal(unit(101));
    });

    it("does not count skipped items against the cap", async function () {
      const { token, minter, alice } = await loadFixture(deployPrograms);
      const m = token.connect(minter);
      await m.mintBatch([alice.address], [unit(1000)], [uid("a")]);
      await time.increase(DAY);
      await m.mintBatch([alice.address, alice.address], [unit(1000), unit(1000)], [uid("a"), uid("b")]);
      expect(await token.balanceOf(alice)).to.equal(unit(2000));
    });

    it("is adjustable by the admin only, effective in the current epoch, never zero", async function () {
      const { token, admin, minter, alice, stranger } = await loadFixture(deployPrograms);
      await expect(token.connect(stranger).setEpochCap(unit(5)))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await token.DEFAULT_ADMIN_ROLE());
      await expect(token.connect(admin).setEpochCap(0n)).to.be.revertedWithCustomError(token, "InvalidEpochCap").withArgs(0n);
      await time.increase(3n * DAY);
      await expect(token.connect(admin).setEpochCap(unit(50)))
        .to.emit(token, "EpochCapChanged").withArgs(3n, unit(1000), unit(50));
      await expect(token.connect(minter).mintBatch([alice.address], [unit(51)], [uid("a")]))
        .to.be.revertedWithCustomError(token, "EpochCapExceeded").withArgs(3n, unit(50), 0n, unit(51));
      await token.connect(minter).mintBatch([alice.address], [unit(50)], [uid("a")]);
      expect(await token.epochCap()).to.equal(unit(50));
      // lowered below what this epoch already issued: nothing more until the next epoch
      await token.connect(admin).setEpochCap(unit(10));
      expect(await token.issuableNow()).to.equal(0n);
      await expect(token.connect(minter).mintBatch([alice.address], [unit(1)], [uid("b")]))
        .to.be.revertedWithCustomError(token, "EpochCapExceeded").withArgs(3n, unit(10), unit(50), unit(1));
      await time.increase(DAY);
      expect(await token.issuableNow()).to.equal(unit(10));
    });
  });

  describe("budget", function () {
    it("bounds issuance over all epochs and is adjustable by the admin", async function () {
      const { token, admin, minter, alice, stranger } = await loadFixture(deployPrograms);
      const m = token.connect(minter);
      await m.mintBatch([alice.address], [unit(1000)], [uid("d0")]);
      await time.increase(DAY);
      await m.mintBatch([alice.address], [unit(1000)], [uid("d1")]);
      await time.increase(DAY);
      expect(await token.issuableNow()).to.equal(unit(500)); // budget left beats the fresh epoch cap
      await expect(m.mintBatch([alice.address], [unit(501)], [uid("d2")]))
        .to.be.revertedWithCustomError(token, "BudgetExceeded").withArgs(unit(2500), unit(2000), unit(501));
      await expect(token.connect(stranger).setBudget(unit(9000)))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await token.DEFAULT_ADMIN_ROLE());
      await expect(token.connect(admin).setBudget(unit(1999)))
        .to.be.revertedWithCustomError(token, "BudgetBelowIssued").withArgs(unit(1999), unit(2000));
      await expect(token.connect(admin).setBudget(unit(2600))).to.emit(token, "BudgetChanged").withArgs(unit(2500), unit(2600));
      await m.mintBatch([alice.address], [unit(600)], [uid("d2")]);
      await expect(token.connect(admin).setBudget(0n)).to.emit(token, "BudgetChanged").withArgs(unit(2600), 0n);
      expect(await token.issuableNow()).to.equal(unit(400)); // only the epoch cap is left
      await m.mintBatch([alice.address], [unit(400)], [uid("d3")]);
      expect(await token.totalIssued()).to.equal(unit(3000));
    });

    it("is not freed by redemption burns (a budget is spent, not circulating)", async function () {
      const { token, minter, alice } = await loadFixture(deployPrograms);
      await token.connect(minter).mintBatch([alice.address], [unit(1000)], [uid("a")]);
      await expect(token.connect(alice).burn(unit(400)))
        .to.emit(token, "Transfer").withArgs(alice.address, ethers.ZeroAddress, unit(400));
      expect(await token.totalSupply()).to.equal(unit(600));
      expect(await token.totalIssued()).to.equal(unit(1000));
    });
  });
});
