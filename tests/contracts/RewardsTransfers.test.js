// RewardToken: non-transferable mode, redemption burns and pause.
// Programs are created through the real RewardProgramFactory (clones), as in production.
import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const DAY = 86_400n;
const unit = (n) => ethers.parseUnits(String(n), 18);
const uid = (label) => ethers.id(label);

async function deployPrograms() {
  const [admin, minter, alice, bob, carol, stranger] = await ethers.getSigners();
  const factory = await ethers.deployContract("RewardProgramFactory");
  async function create(transferable) {
    const args = ["Market Points", "MKT", admin.address, minter.address, DAY, unit(1000), unit(2500), transferable];
    const address = await factory.createProgram.staticCall(...args);
    await factory.createProgram(...args);
    return ethers.getContractAt("RewardToken", address);
  }
  return { token: await create(true), soulbound: await create(false), admin, minter, alice, bob, carol, stranger };
}

describe("RewardToken transfers and pause", function () {
  describe("non-transferable mode", function () {
    async function funded() {
      const f = await loadFixture(deployPrograms);
      await f.soulbound.connect(f.minter).mintBatch([f.alice.address], [unit(100)], [uid("a")]);
      return f;
    }

    it("refuses transfer and transferFrom (with or without allowance) with TransferDisabled", async function () {
      const { soulbound, alice, bob, carol } = await funded();
      await expect(soulbound.connect(alice).transfer(bob, unit(1)))
        .to.be.revertedWithCustomError(soulbound, "TransferDisabled").withArgs(alice.address, bob.address, unit(1));
      await expect(soulbound.connect(bob).transferFrom(alice, carol, unit(1)))
        .to.be.revertedWithCustomError(soulbound, "TransferDisabled").withArgs(alice.address, carol.address, unit(1));
      await soulbound.connect(alice).approve(bob, unit(50));
      await expect(soulbound.connect(bob).transferFrom(alice, bob, unit(50)))
        .to.be.revertedWithCustomError(soulbound, "TransferDisabled").withArgs(alice.address, bob.address, unit(50));
      expect(await soulbound.balanceOf(alice)).to.equal(unit(100));
      expect(await soulbound.balanceOf(bob)).to.equal(0n);
    });

    it("still mints, burns for redemption, and lets an approved redeemer burnFrom", async function () {
      const { soulbound, alice, bob } = await funded();
      await expect(soulbound.connect(alice).burn(unit(30)))
        .to.emit(soulbound, "Transfer").withArgs(alice.address, ethers.ZeroAddress, unit(30));
      await soulbound.connect(alice).approve(bob, unit(20)); // e.g. the community's shop contract
      await expect(soulbound.connect(bob).burnFrom(alice, unit(20)))
        .to.emit(soulbound, "Transfer").withArgs(alice.address, ethers.ZeroAddress, unit(20));
      expect(await soulbound.balanceOf(alice)).to.equal(unit(50));
      expect(await soulbound.totalSupply()).to.equal(unit(50));
      await expect(soulbound.connect(bob).burnFrom(alice, unit(1)))
        .to.be.revertedWithCustomError(soulbound, "ERC20InsufficientAllowance").withArgs(bob.address, 0n, unit(1));
      await expect(soulbound.connect(alice).burn(unit(51)))
        .to.be.revertedWithCustomError(soulbound, "ERC20InsufficientBalance").withArgs(alice.address, unit(50), unit(51));
    });

    it("does not affect a transferable program", async function () {
      const { token, minter, alice, bob } = await loadFixture(deployPrograms);
      await token.connect(minter).mintBatch([alice.address], [unit(10)], [uid("a")]);
      await expect(token.connect(alice).transfer(bob, unit(4))).to.changeTokenBalances(ethers, token, [alice, bob], [-unit(4), unit(4)]);
    });
  });

  describe("pause", function () {
    it("is the admin's alone and stops minting, transfers and redemption until unpaused", async function () {
      const { token, admin, minter, alice, bob, stranger } = await loadFixture(deployPrograms);
      const adminRole = await token.DEFAULT_ADMIN_ROLE();
      await token.connect(minter).mintBatch([alice.address], [unit(10)], [uid("a")]);
      for (const caller of [stranger, minter]) {
        await expect(token.connect(caller).pause())
          .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount").withArgs(caller.address, adminRole);
      }
      await expect(token.connect(admin).unpause()).to.be.revertedWithCustomError(token, "ExpectedPause");
      await expect(token.connect(admin).pause()).to.emit(token, "Paused").withArgs(admin.address);
      await expect(token.connect(admin).pause()).to.be.revertedWithCustomError(token, "EnforcedPause");
      expect(await token.paused()).to.equal(true);
      await expect(token.connect(minter).mintBatch([bob.address], [unit(1)], [uid("b")]))
        .to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(token.connect(alice).transfer(bob, unit(1))).to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(token.connect(alice).burn(unit(1))).to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(token.connect(stranger).unpause())
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount").withArgs(stranger.address, adminRole);
      await expect(token.connect(admin).unpause()).to.emit(token, "Unpaused").withArgs(admin.address);
      await token.connect(minter).mintBatch([bob.address], [unit(1)], [uid("b")]);
      await token.connect(alice).transfer(bob, unit(1));
      expect(await token.balanceOf(bob)).to.equal(unit(2));
    });
  });
});
