using Microsoft.Extensions.Logging.Abstractions;
using TrustLedger.Contracts.Standards;
using TrustLedger.Core.Chain;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Chain;

public class ChainConnectionTests
{
    private static readonly ContractSpec[] Registry = [new("AttestationRegistry", _ => [])];

    private static async Task<(ChainOptions, KeyOptions)> FreshSetupAsync() => (
        new ChainOptions
        {
            RpcUrl = TestServices.RequireChain(),
            DeploymentsDirectory = Directory.CreateTempSubdirectory("deployments-").FullName,
            DeployIfMissing = true,
        },
        new KeyOptions { Mnemonic = await TestServices.FundedMnemonicAsync() });

    [Fact]
    public async Task Connect_DeploysFromTheArtifact_AndTheContractAnswersOnChain()
    {
        var (options, keys) = await FreshSetupAsync();

        var chain = await ChainConnection.ConnectAsync(options, keys, Registry, NullLogger.Instance, TestContext.Current.CancellationToken);

        var address = chain.Deployment.AddressOf("AttestationRegistry");
        var domain = await chain.Web3.Eth.GetContractQueryHandler<Eip712DomainFunction>()
            .QueryDeserializingToObjectAsync<Eip712DomainOutput>(new Eip712DomainFunction(), address);
        Assert.Equal(ChainOptions.DevChainId, (long)domain.ChainId);
        Assert.Equal(address, domain.VerifyingContract.ToLowerInvariant());
        Assert.False(string.IsNullOrEmpty(domain.Name));
        Assert.True(File.Exists(Deployment.PathFor(options.DeploymentsDirectory, chain.ChainId)));
    }

    [Fact]
    public async Task Connect_Again_ReusesTheRecordedDeployment()
    {
        var (options, keys) = await FreshSetupAsync();
        var first = await ChainConnection.ConnectAsync(options, keys, Registry, NullLogger.Instance, TestContext.Current.CancellationToken);

        var second = await ChainConnection.ConnectAsync(options, keys, Registry, NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.Equal(first.Deployment.AddressOf("AttestationRegistry"), second.Deployment.AddressOf("AttestationRegistry"));
        Assert.Equal(first.Deployment.Contracts["AttestationRegistry"].TxHash, second.Deployment.Contracts["AttestationRegistry"].TxHash);
    }

    [Fact]
    public async Task Connect_WhenTheRecordedAddressHasNoCode_AndDeployingIsOff_FailsWithAClearMessage()
    {
        var (options, keys) = await FreshSetupAsync();
        var chainId = ChainOptions.DevChainId;
        new Deployment(chainId, null, new(StringComparer.Ordinal)
        {
            ["AttestationRegistry"] = new("0x000000000000000000000000000000000000dead", 1, "0x00"),
        }).Write(options.DeploymentsDirectory);
        options.DeployIfMissing = false;

        var e = await Assert.ThrowsAsync<ChainSetupException>(() =>
            ChainConnection.ConnectAsync(options, keys, Registry, NullLogger.Instance, TestContext.Current.CancellationToken));
        Assert.Contains("AttestationRegistry is not at 0x000000000000000000000000000000000000dead (no code there", e.Message);
    }

    [Fact]
    public async Task Connect_ToAnUnreachableNode_FailsWithAClearMessage()
    {
        var options = new ChainOptions { RpcUrl = "http://127.0.0.1:9", DeploymentsDirectory = Path.GetTempPath() };

        var e = await Assert.ThrowsAsync<ChainSetupException>(() =>
            ChainConnection.ConnectAsync(options, new KeyOptions(), Registry, NullLogger.Instance, TestContext.Current.CancellationToken));
        Assert.StartsWith("cannot reach the JSON-RPC endpoint http://127.0.0.1:9", e.Message);
    }

    [Fact]
    public async Task Connect_ToTheWrongChainId_Fails()
    {
        var (options, keys) = await FreshSetupAsync();
        options.ChainId = 1;

        var e = await Assert.ThrowsAsync<ChainSetupException>(() =>
            ChainConnection.ConnectAsync(options, keys, Registry, NullLogger.Instance, TestContext.Current.CancellationToken));
        Assert.Contains("is chain 31337", e.Message);
    }
}
