using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Web3;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Chain;

/// <summary>
/// What start-up reuses from deployments/&lt;chainId&gt;.json, on the real node: only a contract whose address holds
/// its own artifact's code (immutables masked), never an address another contract claims, never across genesis.
/// </summary>
public sealed class DeploymentCheckTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("trustledger-deployments-").FullName;

    [Fact]
    public async Task TwoContractsListedAtOneAddress_TheSecondIsDeployedAnew_AndTheFileNeverListsOneAddressTwice()
    {
        var (options, keys) = await OptionsAsync(deploy: true);
        var first = (await ConnectAsync(options, keys)).Deployment;
        var registry = first.Contracts[ProductContracts.Registry];
        Write(first with { Contracts = new(first.Contracts) { [ProductContracts.RewardFactory] = registry } });

        var again = (await ConnectAsync(options, keys)).Deployment;

        Assert.Equal(registry.Address, again.AddressOf(ProductContracts.Registry));
        Assert.NotEqual(registry.Address, again.AddressOf(ProductContracts.RewardFactory));
        Assert.Equal(3, again.Contracts.Values.Select(c => c.Address).Distinct().Count());
        Assert.Equal(3, Deployment.Read(_directory, first.ChainId)!.Contracts.Values.Select(c => c.Address).Distinct().Count());
        var web3 = new Web3(TestServices.RequireChain());
        Assert.Null(await ContractCode.ArtifactHashAsync(web3, ProductContracts.RewardFactory, registry.Address)); // some code, not the factory's
        foreach (var (name, contract) in again.Contracts)
            Assert.Equal(contract.CodeHash, await ContractCode.ArtifactHashAsync(web3, name, contract.Address));
    }

    [Fact]
    public async Task AnAddressHoldingAnotherContract_WithoutDeployIfMissing_FailsStartUpNamingIt()
    {
        var (options, keys) = await OptionsAsync(deploy: true);
        var first = (await ConnectAsync(options, keys)).Deployment;
        Write(first with { Contracts = new(first.Contracts) { [ProductContracts.Snapshots] = first.Contracts[ProductContracts.RewardFactory] with { CodeHash = null } } });
        options.DeployIfMissing = false;

        var refused = await Assert.ThrowsAsync<ChainSetupException>(() => ConnectAsync(options, keys));

        Assert.Contains("ReputationSnapshots is listed at", refused.Message);
        Assert.Contains("another contract holds", refused.Message);
    }

    [Fact]
    public async Task AFileWrittenForAnotherGenesis_ReusesNothing()
    {
        var (options, keys) = await OptionsAsync(deploy: true);
        var first = (await ConnectAsync(options, keys)).Deployment;
        Write(first with { GenesisHash = "0x" + new string('1', 64) });

        var again = (await ConnectAsync(options, keys)).Deployment;

        Assert.Empty(again.Contracts.Values.Select(c => c.Address).Intersect(first.Contracts.Values.Select(c => c.Address)));
        Assert.Equal(first.GenesisHash, again.GenesisHash);
    }

    private void Write(Deployment deployment) => deployment.Write(_directory);

    private async Task<(ChainOptions, KeyOptions)> OptionsAsync(bool deploy) =>
        (new ChainOptions { RpcUrl = TestServices.RequireChain(), DeploymentsDirectory = _directory, DeployIfMissing = deploy },
         new KeyOptions { Mnemonic = await TestServices.FundedMnemonicAsync(), ContractAdmin = EthPrivateKey.Generate().Address.ToLowerHex() });

    private static Task<ChainConnection> ConnectAsync(ChainOptions options, KeyOptions keys) =>
        ChainConnection.ConnectAsync(options, keys, ProductContracts.All, NullLogger.Instance);
}
