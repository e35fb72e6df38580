using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>What a verifier needs from a verification method: whose it is and which key or address signs.</summary>
public sealed record ResolvedVerificationMethod(string Id, EthDid Controller, EthAddress Address, EthPublicKey? PublicKey);

/// <summary>
/// Resolves a DID URL such as did:pkh:eip155:1:0x…#blockchainAccountId to the address (and key, when
/// the DID or its document carries one) that may sign. <see cref="TryResolve"/> reads only the DID
/// itself; <see cref="ResolveAsync"/> reads a did:ethr of the connected chain from its ERC-1056
/// registry as it stood at the given time (the key valid when a credential was signed).
/// </summary>
public static class VerificationMethodResolver
{
    /// <summary>
    /// The method as the DID's document at <paramref name="at"/> has it, referenced from
    /// <paramref name="relationship"/> (assertionMethod for credentials, authentication for
    /// presentations). Without a resolver, or for a DID no registry speaks for, as <see cref="TryResolve"/>.
    /// </summary>
    public static async ValueTask<(ResolvedVerificationMethod? Method, string Error)> ResolveAsync(DidResolver? resolver, string? didUrl,
        string relationship, DateTimeOffset? at, CancellationToken cancellationToken, TimeSpan skew = default)
    {
        string error;
        int hash = didUrl?.IndexOf('#') ?? -1;
        if (resolver?.Registry is null || hash < 0 || !EthDid.TryParse(didUrl![..hash], out var did, out _)
            || did!.Method != DidMethod.Ethr || did.ChainId != resolver.ChainId)
            return TryResolve(didUrl, out var plain, out error) ? (plain, "") : (null, error);
        var resolution = await resolver.ResolveAsync(did.Did, at is { } time ? new DidVersion(Time: time + skew, ValidAt: time) : DidVersion.Latest, cancellationToken);
        if (resolution.Document is null) return (null, $"{did.Did} did not resolve: {resolution.Message}");
        return FromDocument(did, resolution.Document, didUrl, relationship, out var method, out error) ? (method, "") : (null, error);
    }

    /// <summary>Finds <paramref name="methodId"/> in an Ethereum DID's document: a secp256k1 key (publicKeyHex) or an account (blockchainAccountId on the DID's chain).</summary>
    public static bool FromDocument(EthDid did, JsonObject document, string methodId, string relationship, out ResolvedVerificationMethod? method, out string error)
    {
        method = null;
        string when = did.Method == DidMethod.Ethr ? " (as the registry stood when it was signed)" : "";
        if (document[relationship] is not JsonArray references || !references.Any(r => r is JsonValue v && v.TryGetValue<string>(out var s) && s == methodId))
        { error = $"{methodId} is not an {relationship} method of {did.Did}{when}"; return false; }
        var entry = (document["verificationMethod"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(m => m["id"] is JsonValue v && v.TryGetValue<string>(out var s) && s == methodId);
        if (entry is null) { error = $"the DID document of {did.Did} has no verification method {methodId}{when}"; return false; }
        if (entry["publicKeyHex"] is JsonValue hex && hex.TryGetValue<string>(out var hexText) && Hex.TryDecode(hexText, out var keyBytes)
            && EthPublicKey.TryParse(keyBytes, out var key))
        {
            method = new ResolvedVerificationMethod(methodId, did, key!.Address, key);
            error = "";
            return true;
        }
        if (entry["blockchainAccountId"] is JsonValue account && account.TryGetValue<string>(out var caip10))
        {
            var parts = caip10.Split(':');
            if (parts.Length == 3 && parts[0] == "eip155" && parts[1] == did.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && EthAddress.TryParse(parts[2], out var address))
            {
                method = new ResolvedVerificationMethod(methodId, did, address, null);
                error = "";
                return true;
            }
        }
        error = $"{methodId} is not a secp256k1 key or an account on chain {did.ChainId}";
        return false;
    }

    public static bool TryResolve(string? didUrl, out ResolvedVerificationMethod? method, out string error)
    {
        method = null;
        if (string.IsNullOrEmpty(didUrl)) { error = "no verification method"; return false; }
        int hash = didUrl.IndexOf('#');
        if (hash < 0) { error = "verification method must be a DID URL with a fragment"; return false; }
        if (!EthDid.TryParse(didUrl[..hash], out var did, out error)) return false;
        string fragment = didUrl[(hash + 1)..];
        switch (did!.Method, fragment)
        {
            case (DidMethod.Pkh, "blockchainAccountId"):
            case (DidMethod.Ethr, "controller"):
                method = new ResolvedVerificationMethod(didUrl, did, did.Address, did.PublicKey);
                return true;
            case (DidMethod.Ethr, "controllerKey") when did.PublicKey is not null:
                method = new ResolvedVerificationMethod(didUrl, did, did.Address, did.PublicKey);
                return true;
            default:
                error = $"the DID document of {did.Did} has no verification method #{fragment}";
                return false;
        }
    }
}
