using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>
/// What a verifier needs from a verification method: whose it is (<see cref="Controller"/>, and
/// <see cref="Account"/> when that is an Ethereum DID) and which key or address signs. An Ethereum
/// account, or a secp256k1 key (did:key, did:web), has an <see cref="Address"/> (EIP-712 and
/// ES256K recovery); a P-256 or Ed25519 key has only its <see cref="Key"/> (ES256, EdDSA JWS).
/// </summary>
public sealed record ResolvedVerificationMethod(string Id, string Controller, EthDid? Account, EthAddress? Address, EthPublicKey? PublicKey,
    HolderKey? Key = null)
{
    public static ResolvedVerificationMethod Ethereum(string id, EthDid did, EthAddress address, EthPublicKey? key) => new(id, did.Did, did, address, key);

    /// <summary>A key of a did:key or did:web document: secp256k1 keys also sign as their Ethereum address.</summary>
    public static ResolvedVerificationMethod OfKey(string id, string controller, HolderKey key) =>
        new(id, controller, null, key.Secp256k1?.Address, key.Secp256k1, key);

    /// <summary>The JWS algorithm this method verifies.</summary>
    public string Algorithm => Key?.Algorithm ?? VcConstants.JwsAlgorithm;

    /// <summary>
    /// The JWS's signature by this method, under the method's own alg. An Ethereum account without a
    /// known key is checked by recovery; <paramref name="known"/> (our key store's key) helps only when it is this account's.
    /// </summary>
    public bool VerifiesJws(ParsedJws jws, EthPublicKey? known = null)
    {
        if (Jws.HeaderText(jws, "alg") != Algorithm) return false;
        if (Key is { } key) return key.Verifies(jws);
        if (Address is not { } address) return false;
        return VcJwt.VerifySignature(jws, PublicKey ?? (known?.Address == address ? known : null), address);
    }
}

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
        if (hash > 0 && WebDid.IsWebDid(didUrl![..hash]))
        {
            if (resolver is null) return (null, "did:web is not resolved here (no resolver)");
            var web = await resolver.ResolveAsync(didUrl[..hash], null, cancellationToken);
            if (web.Document is null) return (null, $"{didUrl[..hash]} did not resolve: {web.Message}");
            return FromKeyDocument(didUrl[..hash], web.Document, didUrl, relationship, out var webMethod, out error) ? (webMethod, "") : (null, error);
        }
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
            method = ResolvedVerificationMethod.Ethereum(methodId, did, key!.Address, key);
            error = "";
            return true;
        }
        if (entry["blockchainAccountId"] is JsonValue account && account.TryGetValue<string>(out var caip10))
        {
            var parts = caip10.Split(':');
            if (parts.Length == 3 && parts[0] == "eip155" && parts[1] == did.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && EthAddress.TryParse(parts[2], out var address))
            {
                method = ResolvedVerificationMethod.Ethereum(methodId, did, address, null);
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
        if (didUrl.StartsWith(KeyDid.Prefix, StringComparison.Ordinal))
        {
            if (!KeyDid.TryParse(didUrl[..hash], out var keyDid, out error)) return false;
            if (didUrl != keyDid!.VerificationMethodId) { error = $"the DID document of {keyDid.Did} has one verification method, {keyDid.VerificationMethodId}"; return false; }
            method = ResolvedVerificationMethod.OfKey(didUrl, keyDid.Did, HolderKey.FromKeyDid(keyDid));
            return true;
        }
        if (!EthDid.TryParse(didUrl[..hash], out var did, out error)) return false;
        string fragment = didUrl[(hash + 1)..];
        switch (did!.Method, fragment)
        {
            case (DidMethod.Pkh, "blockchainAccountId"):
            case (DidMethod.Ethr, "controller"):
                method = ResolvedVerificationMethod.Ethereum(didUrl, did, did.Address, did.PublicKey);
                return true;
            case (DidMethod.Ethr, "controllerKey") when did.PublicKey is not null:
                method = ResolvedVerificationMethod.Ethereum(didUrl, did, did.Address, did.PublicKey);
                return true;
            default:
                error = $"the DID document of {did.Did} has no verification method #{fragment}";
                return false;
        }
    }

    /// <summary>
    /// Finds <paramref name="methodId"/> (absolute, or a relative #fragment in the document) in a
    /// did:web document, referenced from <paramref name="relationship"/>, as a key: publicKeyJwk
    /// (EC secp256k1 or P-256, OKP Ed25519) or publicKeyMultibase (Multikey, the did:key encoding).
    /// </summary>
    public static bool FromKeyDocument(string did, JsonObject document, string methodId, string relationship, out ResolvedVerificationMethod? method, out string error)
    {
        method = null;
        string fragment = methodId[methodId.IndexOf('#')..];
        bool Names(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && (s == methodId || s == fragment);
        if (document["id"] is not JsonValue id || !id.TryGetValue<string>(out var documentId) || documentId != did)
        { error = $"the document served for {did} is about {document["id"]?.ToJsonString() ?? "nothing"}"; return false; }
        if (document[relationship] is not JsonArray references || !references.Any(r => Names(r) || (r is JsonObject o && Names(o["id"]))))
        { error = $"{methodId} is not an {relationship} method of {did}"; return false; }
        var entry = (document["verificationMethod"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(m => Names(m["id"]))
            ?? references.OfType<JsonObject>().FirstOrDefault(m => Names(m["id"]));
        if (entry is null) { error = $"the DID document of {did} has no verification method {methodId}"; return false; }
        HolderKey? key = null;
        error = $"{methodId} has no key we read (publicKeyJwk of secp256k1, P-256 or Ed25519, or a Multikey publicKeyMultibase)";
        if (entry["publicKeyJwk"] is JsonObject jwk)
        {
            using var parsed = JsonDocument.Parse(jwk.ToJsonString());
            if (!HolderKey.TryParse(parsed.RootElement, out key, out string jwkError)) { error = $"{methodId}: {jwkError}"; return false; }
        }
        else if (entry["publicKeyMultibase"] is JsonValue multibase && multibase.TryGetValue<string>(out var text)
                 && KeyDid.TryParse(KeyDid.Prefix + text, out var asKey, out _))
            key = HolderKey.FromKeyDid(asKey!);
        if (key is null) return false;
        method = ResolvedVerificationMethod.OfKey(methodId, did, key);
        error = "";
        return true;
    }
}
