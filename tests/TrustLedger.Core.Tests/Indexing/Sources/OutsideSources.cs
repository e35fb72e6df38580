using System.Numerics;
using System.Text.Json;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Contracts.Standards.Eas;
using TrustLedger.Contracts.Standards.Erc8004;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Indexing.Sources;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing.Sources;

/// <summary>
/// The real EAS (SchemaRegistry + EAS from npm @ethereum-attestation-service/eas-contracts 1.9.0, their
/// own compiled artifacts) and our ERC-8004-shaped registries (contracts/test/erc8004), deployed on a
/// node beside a <see cref="TestRegistry"/>, with the keys to attest, rate and revoke there.
/// </summary>
public sealed class OutsideSources
{
    public const string EasSchema = "uint8 rating,string category";

    private OutsideSources(TestRegistry registry) => Registry = registry;

    public TestRegistry Registry { get; }
    public string Eas { get; private set; } = "";
    public long EasBlock { get; private set; }
    public string SchemaUid { get; private set; } = "";
    public string Identity { get; private set; } = "";
    public string Reputation { get; private set; } = "";
    public long ReputationBlock { get; private set; }

    public static async Task<OutsideSources> DeployAsync(TestRegistry registry)
    {
        var s = new OutsideSources(registry);
        var easArtifacts = Path.Combine(PrivateNode.RepoRoot(), "node_modules", "@ethereum-attestation-service", "eas-contracts", "artifacts", "contracts");
        var schemaRegistry = await s.DeployAsync(Path.Combine(easArtifacts, "SchemaRegistry.sol", "SchemaRegistry.json"));
        (s.Eas, s.EasBlock) = await s.DeployAsync(Path.Combine(easArtifacts, "EAS.sol", "EAS.json"), schemaRegistry.Address);
        var registered = await s.SendAsync(0, schemaRegistry.Address, new EasRegisterSchemaFunction { Schema = EasSchema });
        s.SchemaUid = registered.Logs[0].Topics[1].ToString()!.ToLowerInvariant(); // Registered(bytes32 indexed uid, ...)
        var ours = Path.Combine(PrivateNode.RepoRoot(), "artifacts", "contracts", "test", "erc8004");
        (s.Identity, _) = await s.DeployAsync(Path.Combine(ours, "TestAgentIdentityRegistry.sol", "TestAgentIdentityRegistry.json"));
        (s.Reputation, s.ReputationBlock) = await s.DeployAsync(Path.Combine(ours, "TestAgentReputationRegistry.sol", "TestAgentReputationRegistry.json"), s.Identity);
        return s;
    }

    /// <summary>Both sources as a deployment would configure them: EAS ratings 1..5 as endorsements, ERC-8004 "starred" 0..100.</summary>
    public EdgeSourceOptions Options() => new()
    {
        Eas =
        [
            new EasSourceOptions
            {
                Contract = Eas, FromBlock = EasBlock, ExplorerUrl = "https://easscan.example/attestation/view/{uid}",
                Schemas = [new EasSchemaMapping { Uid = SchemaUid, Definition = EasSchema, Rating = "rating", Category = "category" }],
            },
        ],
        Erc8004 = [new Erc8004SourceOptions { Registry = Reputation, IdentityRegistry = Identity, FromBlock = ReputationBlock, Tags = ["starred"] }],
    };

    public async Task<string> AttestAsync(int attester, int recipient, int rating, string category, ulong expiration = 0)
    {
        var data = Core.Attestations.SchemaDefinition.Parse(EasSchema).Encode(new BigInteger(rating), category);
        var receipt = await SendAsync(attester, Eas, new EasAttestFunction
        {
            Request = new EasAttestationRequest
            {
                Schema = Convert.FromHexString(SchemaUid[2..]),
                Data = new EasAttestationRequestData { Recipient = Registry.AddressOf(recipient), Data = data, ExpirationTime = expiration },
            },
        });
        return RegistryLogDecoder.Hex(Assert.Single(receipt.DecodeAllEvents<EasAttestedEvent>()).Event.Uid);
    }

    public Task RevokeAsync(int attester, string uid) =>
        SendAsync(attester, Eas, new EasRevokeFunction
        {
            Request = new EasRevocationRequest { Schema = Convert.FromHexString(SchemaUid[2..]), Data = new EasRevocationRequestData { Uid = Convert.FromHexString(uid[2..]) } },
        });

    /// <summary>Mints an agent id to <paramref name="owner"/>.</summary>
    public async Task<BigInteger> RegisterAgentAsync(int owner)
    {
        var receipt = await SendAsync(owner, Identity, new RegisterAgentFunction { AgentUri = "https://agent.example/card.json" });
        var transfer = receipt.Logs.First(l => l.Topics.Length == 4); // ERC-721 Transfer(from, to, tokenId)
        return new BigInteger(Convert.FromHexString(transfer.Topics[3].ToString()![2..]), isUnsigned: true, isBigEndian: true);
    }

    public async Task<ulong> GiveFeedbackAsync(int client, BigInteger agentId, long value, byte decimals = 0, string tag1 = "starred")
    {
        var receipt = await SendAsync(client, Reputation, new GiveFeedbackFunction { AgentId = agentId, Value = value, ValueDecimals = decimals, Tag1 = tag1 });
        return Assert.Single(receipt.DecodeAllEvents<NewFeedbackEvent>()).Event.FeedbackIndex;
    }

    public Task RevokeFeedbackAsync(int client, BigInteger agentId, ulong index) =>
        SendAsync(client, Reputation, new RevokeFeedbackFunction { AgentId = agentId, FeedbackIndex = index });

    private async Task<TransactionReceipt> SendAsync<TFunction>(int account, string contract, TFunction function) where TFunction : FunctionMessage, new()
    {
        var receipt = await Registry.Web3For(account).Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(contract, function);
        Assert.Equal(1, (int)receipt.Status.Value);
        return receipt;
    }

    private async Task<(string Address, long Block)> DeployAsync(string artifactPath, params object[] arguments)
    {
        using var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(artifactPath));
        var (abi, bytecode) = (artifact.RootElement.GetProperty("abi").GetRawText(), artifact.RootElement.GetProperty("bytecode").GetString()!);
        var web3 = Registry.Web3For(0);
        var from = Registry.AddressOf(0);
        var gas = await web3.Eth.DeployContract.EstimateGasAsync(abi, bytecode, from, arguments);
        var receipt = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(abi, bytecode, from, new HexBigInteger(gas.Value * 12 / 10), null, arguments);
        Assert.Equal(1, (int)receipt.Status.Value);
        return (receipt.ContractAddress.ToLowerInvariant(), (long)receipt.BlockNumber.Value);
    }
}
