using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Tests.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>Issuers and credentials the credential tests share (Hardhat's public dev keys, chain 31337).</summary>
internal static class TestIssuers
{
    public const long ChainId = 31337;
    public const string SecondHardhatKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    public const string Registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static IssuerKey Pkh { get; } = Make(k => EthDid.Pkh(ChainId, k.Address), EthSignerTests.HardhatKey0);
    public static IssuerKey Ethr { get; } = Make(k => EthDid.Ethr(k.Address, ChainId), SecondHardhatKey);

    private static IssuerKey Make(Func<EthPrivateKey, string> did, string hex)
    {
        var key = EthPrivateKey.FromHex(hex);
        return new IssuerKey(did(key), key);
    }

    public static CredentialHeader Header(IssuerKey issuer, DateTimeOffset? validUntil = null, bool anchored = true)
    {
        string id = CredentialHeader.NewId();
        return new CredentialHeader(id, issuer.Did.Did, Now.AddDays(-1), validUntil,
            anchored ? new AnchorStatusInfo($"https://trustledger.example/v1/credentials/{id}/status", ChainId, Registry) : null);
    }

    public static JsonObject Reciprocity(IssuerKey issuer, DateTimeOffset? validUntil = null, bool anchored = true) =>
        CredentialBuilder.Reciprocity(Header(issuer, validUntil, anchored), new ReciprocityClaim("DeliveryConfirmed", "0x" + new string('a', 64),
            new ReciprocityParty(EthDid.Pkh(ChainId, EthAddress.Parse("0x1111111111111111111111111111111111111111")), "buyer", "0x" + new string('1', 64)),
            new ReciprocityParty(EthDid.Pkh(ChainId, EthAddress.Parse("0x2222222222222222222222222222222222222222")), "supplier", "0x" + new string('2', 64)),
            Now.AddHours(-3)));

    public static JsonObject Reputation(IssuerKey issuer) =>
        CredentialBuilder.Reputation(Header(issuer), new ReputationClaim(EthDid.Pkh(ChainId, EthAddress.Parse("0x3333333333333333333333333333333333333333")),
            87.25m, 3, 42, 1234, "trustledger-reputation-v1", "0x" + new string('c', 64), ["0x" + new string('d', 64), "0x" + new string('e', 64)], 7));

    public static JsonObject Endorsement(IssuerKey issuer) =>
        CredentialBuilder.Endorsement(Header(issuer), new EndorsementClaim(EthDid.Pkh(ChainId, EthAddress.Parse("0x4444444444444444444444444444444444444444")),
            EthDid.Pkh(ChainId, EthAddress.Parse("0x5555555555555555555555555555555555555555")), 5, "delivery", "0x" + new string('f', 64), Now.AddDays(-2), "on time, every time"));

    public static VerificationOptions Options(params long[] chains) => new() { Now = Now, AcceptedChainIds = chains.ToHashSet() };

    public static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement;

    /// <summary>
    /// A verifier whose chain holds every credential as presented: for tests of the other checks. Our
    /// own credential types always need a readable anchor status, so a verifier without one fails them.
    /// </summary>
    public static CredentialVerifier Verifier(IKnownIssuerKeys? knownIssuers = null) => new(FakeChainStatus.HoldingEverything(), knownIssuers);
}

/// <summary>An in-memory chain state for the status check: what the indexer would answer.</summary>
internal sealed class FakeChainStatus : ICredentialStatusProvider
{
    public Dictionary<string, (string Hash, bool Revoked)> Anchors { get; } = new(StringComparer.OrdinalIgnoreCase);
    public long Block { get; set; } = 100;
    public List<StatusQuery> Queries { get; } = [];

    /// <summary>Answers Active for an anchor key it was not told about (with the hash as presented).</summary>
    public bool HoldsEverything { get; init; }

    public static FakeChainStatus HoldingEverything() => new() { HoldsEverything = true };

    public void Anchor(IssuedCredential issued, bool revoked = false) => Anchors[issued.AnchorKey!] = (issued.AnchorHash, revoked);

    public ValueTask<StatusAnswer?> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        if (!Anchors.TryGetValue(query.AnchorKey, out var anchor))
            return ValueTask.FromResult<StatusAnswer?>(new(HoldsEverything ? AnchorState.Active : AnchorState.NotAnchored, Block));
        var state = !string.Equals(anchor.Hash, query.AnchorHash, StringComparison.OrdinalIgnoreCase) ? AnchorState.HashMismatch
            : anchor.Revoked ? AnchorState.Revoked : AnchorState.Active;
        return ValueTask.FromResult<StatusAnswer?>(new(state, Block));
    }
}
