// RewardProgramFactory: one call gives a community its program (an EIP-1167 clone of a locked implementation).
import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const DAY = 86_400n;
const unit = (n) => ethers.parseUnits(String(n), 18);
const uid = (label) => ethers.id(label);

async function deployFactory() {
  const [deployer, admin, minter, community, alice] = await ethers.getSigners();
  const factory = await ethers.deployContract("RewardProgramFactory");
  const implementation = await ethers.getContractAt("RewardToken", await factory.implementation());
  const params = (overrides = {}) => {
    const p = { name: "Supplier Network Points", symbol: "SNP", admin: admin.address, minter: minter.address,
      epochLength: 7n * DAY, epochCap: unit(500), budget: unit(10_000), transferable: false, ...overrides };
    return [p.name, p.symbol, p.admin, p.minter, p.epochLength, p.epochCap, p.budget, p.transferable];
  };
  async function create(signer, args) {
    const address = await factory.connect(signer).createProgram.staticCall(...args);
    const tx = factory.connect(signer).createProgram(...args);
    await (await tx).wait();
    return { tx, address, token: await ethers.getContractAt("RewardToken", address) };
  }
  return { factory, implementation, params, create, deployer, admin, minter, community, alice };
}

describe("RewardProgramFactory", function () {
  it("creates a program with one call and emits ProgramCreated with every parameter", async function () {
    const { factory, params, create, admin, minter, community } = await loadFixture(deployFactory);
    const { tx, address, token } = await create(community, params());
    await expect(tx)
      .to.emit(factory, "ProgramCreated")
      .withArgs(1n, address, admin.address, minter.address, community.address, "Supplier Network Points", "SNP",
        7n * DAY, unit(500), unit(10_000), false);
    expect(await factory.programCount()).to.equal(1n);
    expect(await factory.programToken(1n)).to.equal(address);
    expect(await factory.programIdOf(address)).to.equal(1n);
    expect(await token.name()).to.equal("Supplier Network Points");
    expect(await token.symbol()).to.equal("SNP");
    expect(await token.decimals()).to.equal(18n);
    expect(await token.epochLength()).to.equal(7n * DAY);
    expect(await token.epochCap()).to.equal(unit(500));
    expect(await token.budget()).to.equal(unit(10_000));
    expect(await token.transferable()).to.equal(false);
    expect(await token.hasRole(await token.DEFAULT_ADMIN_ROLE(), admin)).to.equal(true);
    expect(await token.hasRole(await token.MINTER_ROLE(), minter)).to.equal(true);
    expect(await token.hasRole(await token.DEFAULT_ADMIN_ROLE(), community)).to.equal(false); // caller gets nothing
    await expect(tx).to.emit(token, "EpochCapChanged").withArgs(0n, 0n, unit(500));
    await expect(tx).to.emit(token, "BudgetChanged").withArgs(0n, unit(10_000));
  });

  it("numbers programs sequentially and keeps their state apart", async function () {
    const { factory, params, create, minter, alice } = await loadFixture(deployFactory);
    const first = await create(alice, params());
    const second = await create(alice, params({ name: "B", symbol: "B", transferable: true, budget: 0n }));
    expect(await factory.programCount()).to.equal(2n);
    expect(await factory.programToken(2n)).to.equal(second.address);
    expect(await factory.programIdOf(second.address)).to.equal(2n);
    expect(first.address).to.not.equal(second.address);
    // the same event uid is a separate reward in each program
    await first.token.connect(minter).mintBatch([alice.address], [unit(3)], [uid("e")]);
    await expect(second.token.connect(minter).mintBatch([alice.address], [unit(4)], [uid("e")]))
      .to.emit(second.token, "Rewarded").withArgs(alice.address, uid("e"), unit(4), 0n);
    expect(await first.token.balanceOf(alice)).to.equal(unit(3));
    expect(await second.token.balanceOf(alice)).to.equal(unit(4));
    expect(await second.token.budget()).to.equal(0n);
    expect(await second.token.transferable()).to.equal(true);
  });

  it("answers UnknownProgram for an id it never gave and 0 for a token it did not create", async function () {
    const { factory, implementation } = await loadFixture(deployFactory);
    await expect(factory.programToken(0n)).to.be.revertedWithCustomError(factory, "UnknownProgram").withArgs(0n);
    await expect(factory.programToken(7n)).to.be.revertedWithCustomError(factory, "UnknownProgram").withArgs(7n);
    expect(await factory.programIdOf(await implementation.getAddress())).to.equal(0n);
  });

  it("rejects invalid parameters with the token's errors and creates nothing", async function () {
    const { factory, implementation, params } = await loadFixture(deployFactory);
    await expect(factory.createProgram(...params({ admin: ethers.ZeroAddress })))
      .to.be.revertedWithCustomError(implementation, "InvalidAdmin");
    await expect(factory.createProgram(...params({ epochLength: 0n })))
      .to.be.revertedWithCustomError(implementation, "InvalidEpochLength").withArgs(0n);
    await expect(factory.createProgram(...params({ epochCap: 0n })))
      .to.be.revertedWithCustomError(implementation, "InvalidEpochCap").withArgs(0n);
    expect(await factory.programCount()).to.equal(0n);
  });

  it("accepts a program without a minter; the admin grants MINTER_ROLE later", async function () {
    const { params, create, admin, minter, alice } = await loadFixture(deployFactory);
    const { token } = await create(admin, params({ minter: ethers.ZeroAddress }));
    const role = await token.MINTER_ROLE();
    expect(await token.hasRole(role, minter)).to.equal(false);
    expect(await token.hasRole(role, ethers.ZeroAddress)).to.equal(false);
    await token.connect(admin).grantRole(role, minter);
    await token.connect(minter).mintBatch([alice.address], [unit(1)], [uid("e")]);
    expect(await token.balanceOf(alice)).to.equal(unit(1));
  });

  it("deploys EIP-1167 clones of a locked implementation that nobody can initialize", async function () {
    const { factory, implementation, params, create, alice } = await loadFixture(deployFactory);
    const implAddress = (await implementation.getAddress()).toLowerCase().slice(2);
    const { token, address } = await create(alice, params());
    expect(await ethers.provider.getCode(address)).to.equal(
      `0x363d3d373d3d3d363d73${implAddress}5af43d82803e903d91602b57fd5bf3`);
    const hijack = params({ admin: alice.address, minter: alice.address });
    await expect(implementation.connect(alice).initialize(...hijack))
      .to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    await expect(token.connect(alice).initialize(...hijack)).to.be.revertedWithCustomError(token, "InvalidInitialization");
    expect(await implementation.hasRole(await implementation.DEFAULT_ADMIN_ROLE(), alice)).to.equal(false);
    expect(await factory.implementation()).to.equal(await implementation.getAddress());
  });

  it("creates a program for far less gas than deploying the token (figures printed)", async function () {
    const { factory, params, alice } = await loadFixture(deployFactory);
    const receipt = await (await factory.connect(alice).createProgram(...params())).wait();
    const artifact = await import("../../artifacts/contracts/RewardToken/RewardToken.sol/RewardToken.json", {
      with: { type: "json" },
    }).then((m) => m.default);
    const fullDeploy = await ethers.provider.estimateGas({ data: artifact.bytecode });
    console.log(`      createProgram: ${receipt.gasUsed} gas; deploying a full RewardToken: ${fullDeploy} gas`);
    expect(receipt.gasUsed * 4n).to.be.lessThan(fullDeploy);
  });
});
