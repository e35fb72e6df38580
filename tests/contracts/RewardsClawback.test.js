// RewardToken clawback: the reorg policy. A minted reward of a reorged-away event is burned from the
// member; what the member no longer holds becomes a debt settled from later rewards; a reward not yet
// minted is withheld for good; retries are harmless.
import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const DAY = 86_400n;
const unit = (n) => ethers.parseUnits(String(n), 18);
const uid = (label) => ethers.id(label);
const Status = { None: 0n, Rewarded: 1n, ClawedBack: 2n, Withheld: 3n };

async function deployWithRewards() {
  const [admin, minter, clawbacker, alice, bob, stranger] = await ethers.getSigners();
  const factory = await ethers.deployContract("RewardProgramFactory");
  const programs = {};
  for (const transferable of [true, false]) {
    const args = ["Chamber Points", "CHP", admin.address, minter.address, DAY, unit(1000), unit(2000), transferable];
    const address = await factory.createProgram.staticCall(...args);
    await factory.createProgram(...args);
    const token = await ethers.getContractAt("RewardToken", address);
    await token.connect(minter).mintBatch([alice.address, bob.address], [unit(100), unit(50)], [uid("e1"), uid("e2")]);
    programs[transferable ? "token" : "soulbound"] = token;
  }
  return { ...programs, admin, minter, clawbacker, alice, bob, stranger };
}

describe("RewardToken clawback", function () {
  it("is allowed to CLAWBACK_ROLE only: the minter by default (its reorg job), others once granted, not the admin", async function () {
    const { token, admin, minter, clawbacker, alice, bob, stranger } = await loadFixture(deployWithRewards);
    const role = await token.CLAWBACK_ROLE();
    for (const caller of [admin, stranger, clawbacker]) {
      await expect(token.connect(caller).clawback([alice.address], [uid("e1")]))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, role);
    }
    await token.connect(admin).grantRole(role, clawbacker);
    await expect(token.connect(clawbacker).clawback([alice.address], [uid("e1")])).to.emit(token, "ClawedBack");
    await expect(token.connect(minter).clawback([bob.address], [uid("e2")])).to.emit(token, "ClawedBack");
  });

  it("burns the whole reward from a member who still holds it and gives it back to the budget", async function () {
    const { token, minter, alice } = await loadFixture(deployWithRewards);
    expect(await token.connect(minter).clawback.staticCall([alice.address], [uid("e1")])).to.equal(unit(100));
    const tx = token.connect(minter).clawback([alice.address], [uid("e1")]);
    await expect(tx).to.emit(token, "ClawedBack").withArgs(alice.address, uid("e1"), unit(100), unit(100), 0n);
    await expect(tx).to.emit(token, "Transfer").withArgs(alice.address, ethers.ZeroAddress, unit(100));
    expect(await token.balanceOf(alice)).to.equal(0n);
    expect(await token.totalSupply()).to.equal(unit(50));
    expect(await token.totalIssued()).to.equal(unit(50)); // budget regained
    expect(await token.issuedInEpoch(0)).to.equal(unit(150)); // epoch cap not given back
    expect(await token.debtOf(alice)).to.equal(0n);
    expect(await token.rewardOf(uid("e1"), alice)).to.deep.equal([Status.ClawedBack, unit(100)]);
    expect(await token.isRewarded(uid("e1"), alice)).to.equal(true);
  });

  it("never pays a clawed-back (uid, member) again", async function () {
    const { token, admin, minter, alice } = await loadFixture(deployWithRewards);
    await token.connect(minter).clawback([alice.address], [uid("e1")]);
    await expect(token.connect(minter).mintBatch([alice.address], [unit(100)], [uid("e1")]))
      .to.emit(token, "RewardSkipped").withArgs(alice.address, uid("e1"), unit(100), Status.ClawedBack);
    expect(await token.balanceOf(alice)).to.equal(0n);
  });

  it("books what the member no longer holds as debt and settles it from the next rewards", async function () {
    const { soulbound: token, admin, minter, alice, bob } = await loadFixture(deployWithRewards);
    await token.connect(alice).burn(unit(60)); // redeemed before the reorg was noticed
    const claw = token.connect(minter).clawback([alice.address], [uid("e1")]);
    await expect(claw).to.emit(token, "ClawedBack").withArgs(alice.address, uid("e1"), unit(100), unit(40), unit(60));
    expect(await token.balanceOf(alice)).to.equal(0n);
    expect(await token.debtOf(alice)).to.equal(unit(60));
    expect(await token.totalDebt()).to.equal(unit(60));
    expect(await token.totalIssued()).to.equal(unit(110)); // 150 issued - 40 burned

    // next batch: alice's 50 all goes to the debt, bob (no debt) is paid in full
    const m = token.connect(minter);
    expect(await m.mintBatch.staticCall([alice.address, bob.address], [unit(50), unit(5)], [uid("e3"), uid("e3")]))
      .to.deep.equal([2n, unit(5)]);
    const first = m.mintBatch([alice.address, bob.address], [unit(50), unit(5)], [uid("e3"), uid("e3")]);
    await expect(first).to.emit(token, "DebtSettled").withArgs(alice.address, uid("e3"), unit(50), unit(10));
    await expect(first).to.emit(token, "Rewarded").withArgs(alice.address, uid("e3"), unit(50), 0n);
    await expect(first).to.changeTokenBalances(ethers, token, [alice, bob], [0n, unit(5)]);
    expect(await token.issuedInEpoch(0)).to.equal(unit(155)); // only minted tokens count

    const second = m.mintBatch([alice.address], [unit(30)], [uid("e4")]);
    await expect(second).to.emit(token, "DebtSettled").withArgs(alice.address, uid("e4"), unit(10), 0n);
    await expect(second).to.emit(token, "Transfer").withArgs(ethers.ZeroAddress, alice.address, unit(20));
    expect(await token.debtOf(alice)).to.equal(0n);
    expect(await token.totalDebt()).to.equal(0n);
    expect(await token.balanceOf(alice)).to.equal(unit(20));
    expect(await token.totalIssued()).to.equal(unit(135));
    expect(await token.totalSupply()).to.be.lte(await token.totalIssued());
  });

  it("books debt when a transferable reward has moved on to someone else (the receiver keeps it)", async function () {
    const { token, admin, minter, alice, bob } = await loadFixture(deployWithRewards);
    await token.connect(alice).transfer(bob, unit(70));
    await expect(token.connect(minter).clawback([alice.address], [uid("e1")]))
      .to.emit(token, "ClawedBack").withArgs(alice.address, uid("e1"), unit(100), unit(30), unit(70));
    expect(await token.balanceOf(bob)).to.equal(unit(120));
    expect(await token.debtOf(alice)).to.equal(unit(70));
  });

  it("withholds a (uid, member) not minted yet, so a mint still in flight is skipped", async function () {
    const { token, admin, minter, alice } = await loadFixture(deployWithRewards);
    const tx = token.connect(minter).clawback([alice.address], [uid("late")]);
    await expect(tx).to.emit(token, "RewardWithheld").withArgs(alice.address, uid("late"));
    await expect(tx).not.to.emit(token, "Transfer");
    expect(await token.rewardOf(uid("late"), alice)).to.deep.equal([Status.Withheld, 0n]);
    await expect(token.connect(minter).mintBatch([alice.address], [unit(5)], [uid("late")]))
      .to.emit(token, "RewardSkipped").withArgs(alice.address, uid("late"), unit(5), Status.Withheld);
    expect(await token.balanceOf(alice)).to.equal(unit(100));
  });

  it("skips pairs already closed, so a retried clawback changes nothing", async function () {
    const { token, admin, minter, alice, bob } = await loadFixture(deployWithRewards);
    const members = [alice.address, bob.address];
    const uids = [uid("e1"), uid("never")];
    await token.connect(minter).clawback(members, uids);
    expect(await token.connect(minter).clawback.staticCall(members, uids)).to.equal(0n);
    const retry = token.connect(minter).clawback(members, uids);
    await expect(retry).to.emit(token, "ClawbackSkipped").withArgs(alice.address, uid("e1"), Status.ClawedBack);
    await expect(retry).to.emit(token, "ClawbackSkipped").withArgs(bob.address, uid("never"), Status.Withheld);
    await expect(retry).not.to.emit(token, "ClawedBack");
    expect(await token.balanceOf(bob)).to.equal(unit(50));
  });

  it("works while paused and on a non-transferable program", async function () {
    const { soulbound, admin, minter, bob } = await loadFixture(deployWithRewards);
    await soulbound.connect(admin).pause();
    await expect(soulbound.connect(minter).clawback([bob.address], [uid("e2")]))
      .to.emit(soulbound, "ClawedBack").withArgs(bob.address, uid("e2"), unit(50), unit(50), 0n);
    expect(await soulbound.balanceOf(bob)).to.equal(0n);
  });

  it("reverts the whole call on malformed input, naming the item", async function () {
    const { token, admin, minter, alice, bob } = await loadFixture(deployWithRewards);
    const c = token.connect(minter);
    await expect(c.clawback([alice.address, bob.address], [uid("e1")]))
      .to.be.revertedWithCustomError(token, "ClawbackLengthMismatch").withArgs(2n, 1n);
    await expect(c.clawback([alice.address, ethers.ZeroAddress], [uid("e1"), uid("e2")]))
      .to.be.revertedWithCustomError(token, "InvalidMember").withArgs(1n, uid("e2"));
    await expect(c.clawback([alice.address, bob.address], [uid("e1"), ethers.ZeroHash]))
      .to.be.revertedWithCustomError(token, "InvalidEventUid").withArgs(1n);
    expect(await token.balanceOf(alice)).to.equal(unit(100)); // the valid first item was rolled back too
  });

  it("applies to the epoch the reward was minted in: later epochs are unaffected", async function () {
    const { token, admin, minter, alice } = await loadFixture(deployWithRewards);
    await time.increase(DAY);
    await token.connect(minter).clawback([alice.address], [uid("e1")]);
    expect(await token.issuedInEpoch(1)).to.equal(0n);
    expect(await token.issuableNow()).to.equal(unit(1000));
    await token.connect(minter).mintBatch([alice.address], [unit(1000)], [uid("e5")]);
    expect(await token.totalIssued()).to.equal(unit(1050));
  });
});
