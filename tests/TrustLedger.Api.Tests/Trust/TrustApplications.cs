using System.Diagnostics;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Trust;

/// <summary>The auth host (admin, issuer, known signing key) with the credentials worker polling fast, so a fact's revocation reaches the chain in seconds.</summary>
public class TrustApplication : Auth.AuthApplication
{
    public TrustApplication() : this("sqlite") { }

    protected TrustApplication(string databaseKind) : base(databaseKind) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Credentials:ReciprocityScanInterval", "00:00:00.300");
        builder.UseSetting("Indexer:PollInterval", "00:00:00.100");
        builder.UseSetting("Reputation:RefreshInterval", "00:00:00.500");
    }
}

public sealed class PostgresTrustApplication() : TrustApplication("postgres");

/// <summary>
/// What an attacker with a funded key does without the relayer: calls the registry directly, so
/// nothing the API would refuse up front stops it; only the contract's and the indexer's rules do.
/// </summary>
public sealed class DirectParty(TrustLedgerApplication app, EthPrivateKey key)
{
    private bool _funded;

    public string Address => key.Address.ToLowerHex();

    private ChainConnection Chain => app.Services.GetRequiredService<ChainConnection>();

    private string Registry => Chain.Deployment.AddressOf("AttestationRegistry");

    private Web3 Web3()
    {
        var secret = new byte[32];
        key.ExportSecret(secret);
        var web3 = new Web3(new ServiceKey("attacker", secret).ToAccount(ChainOptions.DevChainId), app.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        return web3;
    }

    private async Task FundAsync()
    {
        if (_funded) return;
        using var http = new HttpClient();
        await TestServices.RpcAsync(http, app.RpcUrl, "hardhat_setBalance", Address, "0x3635C9ADC5DEA00000");
        _funded = true;
    }

    /// <summary>A reciprocity attestation about <paramref name="subject"/> (a proposal, or with <paramref name="refUid"/> an answer to one); its uid and block.</summary>
    public async Task<(string Uid, long Block)> ReciprocityAsync(string subject, int rating, string? refUid = null, ulong expiration = 0)
    {
        await FundAsync();
        var nonce = new BigInteger(RandomNumberGenerator.GetBytes(11), isUnsigned: true) + 1;
        var request = new AttestationRequest
        {
            Schema = Hex.Decode(ProductSchemas.Reciprocity.Uid), Subject = subject, Nonce = nonce, Expiration = expiration,
            RefUid = refUid is null ? new byte[32] : Hex.Decode(refUid),
            Data = ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("delivery")!, (byte)rating, "PO-" + nonce),
        };
        var receipt = await Web3().Eth.GetContractTransactionHandler<AttestFunction>()
            .SendRequestAndWaitForReceiptAsync(Registry, new AttestFunction { Request = request });
        Assert.Equal(1, (int)receipt.Status.Value);
        return (RegistryUids.UidOf(Address, nonce), (long)receipt.BlockNumber.Value);
    }

    /// <summary>An endorsement of <paramref name="subject"/> with <paramref name="stars"/> (1..5); its uid and block.</summary>
    public async Task<(string Uid, long Block)> EndorseAsync(string subject, int stars)
    {
        await FundAsync();
        var nonce = new BigInteger(RandomNumberGenerator.GetBytes(11), isUnsigned: true) + 1;
        var request = new AttestationRequest
        {
            Schema = Hex.Decode(ProductSchemas.Endorsement.Uid), Subject = subject, Nonce = nonce,
            Data = ProductSchemas.Endorsement.Parsed.Encode((byte)stars, ProductSchemas.ToBytes32("supplier")!, "good"),
        };
        var receipt = await Web3().Eth.GetContractTransactionHandler<AttestFunction>()
            .SendRequestAndWaitForReceiptAsync(Registry, new AttestFunction { Request = request });
        Assert.Equal(1, (int)receipt.Status.Value);
        return (RegistryUids.UidOf(Address, nonce), (long)receipt.BlockNumber.Value);
    }

    /// <summary>Revokes one of its own attestations on chain; the block.</summary>
    public async Task<long> RevokeAsync(string uid)
    {
        await FundAsync();
        var receipt = await Web3().Eth.GetContractTransactionHandler<RevokeFunction>()
            .SendRequestAndWaitForReceiptAsync(Registry, new RevokeFunction { Uid = Hex.Decode(uid) });
        Assert.Equal(1, (int)receipt.Status.Value);
        return (long)receipt.BlockNumber.Value;
    }
}

/// <summary>A reciprocity event through the API, as the product's users make one: proposed, relayed, confirmed, relayed.</summary>
public static class Trades
{
    public static string Data(int rating) =>
        Hex.Encode(ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("delivery")!, (byte)rating, "PO-14"));

    /// <summary>The event id once GET /v1/reciprocity-events/{id} reads confirmed.</summary>
    public static async Task<string> ConfirmedEventAsync(TrustLedgerApplication app, EthPrivateKey proposer, EthPrivateKey counterparty)
    {
        var proposing = await Attestations.EndorsementClient.SignedInAsync(app, proposer);
        var confirming = await Attestations.EndorsementClient.SignedInAsync(app, counterparty);
        var proposal = await Attestations.EndorsementClient.TypedDataAsync(proposing,
            $"schema=reciprocity&attester={proposer.Address}&subject={counterparty.Address}&data={Data(5)}");
        var proposed = await Attestations.EndorsementClient.PostAsync(proposing, "/v1/reciprocity-events", proposal,
            Attestations.EndorsementClient.Sign(proposal, proposer));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, proposed.StatusCode);
        var id = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
        await Attestations.EndorsementClient.WaitForStatusAsync(proposing, id, "confirmed");
        var confirmation = await Attestations.EndorsementClient.TypedDataAsync(proposing,
            $"schema=reciprocity&attester={counterparty.Address}&subject={proposer.Address}&refUid={id}&data={Data(4)}");
        var confirmed = await Attestations.EndorsementClient.PostAsync(confirming, $"/v1/reciprocity-events/{id}/confirm", confirmation,
            Attestations.EndorsementClient.Sign(confirmation, counterparty));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, confirmed.StatusCode);
        await ChainFacts.EventuallyAsync(async () => (await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}"))
            .GetProperty("status").GetString() == "confirmed", $"event {id} confirmed");
        return id;
    }
}

/// <summary>Reads the chain itself (not the index) and waits for the service to catch up with it.</summary>
public static class ChainFacts
{
    /// <summary>The registry's own isValid: false once revoked (or expired).</summary>
    public static async Task<bool> IsValidOnChainAsync(TrustLedgerApplication app, string uid)
    {
        var chain = app.Services.GetRequiredService<ChainConnection>();
        return await chain.Web3.Eth.GetContractQueryHandler<IsValidFunction>()
            .QueryAsync<bool>(chain.Deployment.AddressOf("AttestationRegistry"), new IsValidFunction { Uid = Hex.Decode(uid) });
    }

    public static async Task<bool> IsConfirmedOnChainAsync(TrustLedgerApplication app, string uid)
    {
        var chain = app.Services.GetRequiredService<ChainConnection>();
        return await chain.Web3.Eth.GetContractQueryHandler<IsConfirmedFunction>()
            .QueryAsync<bool>(chain.Deployment.AddressOf("AttestationRegistry"), new IsConfirmedFunction { Uid = Hex.Decode(uid) });
    }

    /// <summary>The latest block's timestamp (chain time, which tests elsewhere may have moved ahead of the wall clock).</summary>
    public static async Task<ulong> ChainTimeAsync(TrustLedgerApplication app)
    {
        var chain = app.Services.GetRequiredService<ChainConnection>();
        var block = await chain.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        return (ulong)block.Timestamp.Value;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds)) Assert.Fail($"{what} did not happen within {seconds} s");
            await Task.Delay(150);
        }
    }

    /// <summary>GET /v1/reputation/{party} once the board is computed at or past <paramref name="block"/>.</summary>
    public static async Task<JsonElement> ReputationAsOfAsync(HttpClient client, string party, long block, int seconds = 60)
    {
        JsonElement body = default;
        await EventuallyAsync(async () =>
        {
            var response = await client.GetAsync($"/v1/reputation/{party}");
            if (!response.IsSuccessStatusCode) return false;
            body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("asOfBlock").GetInt64() >= block;
        }, $"a board as of block {block} for {party}", seconds);
        return body;
    }
}
