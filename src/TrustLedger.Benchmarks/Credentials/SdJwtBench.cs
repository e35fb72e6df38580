using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.SdJwt;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Benchmarks.Credentials;

/// <summary>
/// SD-JWT VC issue and verify per CPU-second, one thread, on an EndorsementCredential with six
/// selectively disclosable members. Issue: salts, six disclosures, digests, the ES256K signature.
/// Verify: a presentation of two disclosures with a KB-JWT, every check our verifier runs
/// (structure, disclosures, issuer signature and trust, validity, KB-JWT signature/aud/nonce/iat/sd_hash,
/// status); the status and trust answers come from memory here, not the database, so the figure is
/// the verifier's own cost. Prints {"sdjwt_issue_per_s","sdjwt_verify_per_s","sdjwt_present_per_s"}.
/// </summary>
public static class SdJwtBench
{
    // Hardhat's first and second public development keys; never real keys.
    private const string IssuerKeyHex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string HolderKeyHex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private const string BaseUrl = "https://trustledger.example";

    public static async Task<int> RunAsync(string[] args)
    {
        int index = Array.IndexOf(args, "--seconds");
        double seconds = index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        using var key = EthPrivateKey.FromHex(IssuerKeyHex);
        using var holderKey = EthPrivateKey.FromHex(HolderKeyHex);
        var issuer = new IssuerKey(EthDid.Pkh(31337, key.Address), key);
        var now = DateTimeOffset.UtcNow;
        string subject = EthDid.Pkh(31337, holderKey.Address);
        var credential = CredentialBuilder.Endorsement(
            new CredentialHeader("urn:uuid:5f1c8e0a-3b6d-4c1e-9f7a-2d8b4e6c0a11", issuer.Did.Did, now.AddDays(-1), now.AddYears(1)),
            new EndorsementClaim(subject, "did:pkh:eip155:31337:0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", 4, "delivery", "0x" + new string('a', 64),
                now.AddDays(-2), "on time, every time"));
        var status = TokenStatusList.StatusClaim(BaseUrl + "/v1/status-lists/1", 4242);
        using var jwk = System.Text.Json.JsonDocument.Parse(VcJwt.PublicJwk(holderKey.PublicKey).ToJsonString());
        if (!HolderKey.TryParse(jwk.RootElement, out var holder, out string error)) throw new InvalidOperationException(error);

        string issued = SdJwtVc.Issue(credential, subject, holder!, issuer, BaseUrl, status, now).Compact;
        var disclose = new HashSet<string> { "rating", "endorser" };
        string presentation = SdJwtVc.WithKeyBinding(SdJwtVc.Select(issued, disclose), holderKey, "https://buyer.example", "n-1", now);
        var verifier = new SdJwtVcVerifier(new Ours(key.PublicKey, issuer.Did.Did), new Ours(key.PublicKey, issuer.Did.Did), new NotRevoked(), BaseUrl, TimeProvider.System);
        var keyBinding = new KeyBindingOptions("https://buyer.example", "n-1") { MaxAge = TimeSpan.FromHours(1) };
        void Verify()
        {
            var pending = verifier.VerifyAsync(presentation, keyBinding, TimeSpan.FromMinutes(1), CancellationToken.None);
            if (!pending.IsCompletedSuccessfully || !pending.Result.Verdict.Trusted) throw new InvalidOperationException("verification failed during the benchmark");
        }
        Verify();

        var result = new JsonObject
        {
            ["sdjwt_issue_per_s"] = CredentialsBench.Rate(seconds, () => SdJwtVc.Issue(credential, subject, holder!, issuer, BaseUrl, status, now)),
            ["sdjwt_verify_per_s"] = CredentialsBench.Rate(seconds, Verify),
            ["sdjwt_present_per_s"] = CredentialsBench.Rate(seconds, () => SdJwtVc.WithKeyBinding(SdJwtVc.Select(issued, disclose), holderKey, "https://buyer.example", "n-1", now)),
        };
        await Task.CompletedTask;
        Console.WriteLine(result.ToJsonString());
        return 0;
    }

    private sealed class Ours(EthPublicKey key, string did) : IKnownIssuerKeys, ITrustedIssuers
    {
        public EthPublicKey? FindPublicKey(string issuerDid) => issuerDid == did ? key : null;

        public ValueTask<IssuerTrust> CheckAsync(string issuer, IReadOnlyList<string> types, CancellationToken cancellationToken) =>
            ValueTask.FromResult(issuer == did ? new IssuerTrust(IssuerStanding.Trusted, "ours") : new IssuerTrust(IssuerStanding.Untrusted, "not ours"));
    }

    private sealed class NotRevoked : ITokenStatusSource
    {
        public ValueTask<bool?> IsSetAsync(string uri, long index, CancellationToken ct) => ValueTask.FromResult<bool?>(false);
    }
}
