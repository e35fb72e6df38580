namespace TrustLedger.Core.Credentials.Dids;

/// <summary>Which DIDs the verifier can resolve, and when two DIDs name the same signer.</summary>
public static class DidIdentity
{
    /// <summary>True for a DID of a method we resolve (did:pkh, did:ethr, did:key, did:web) that parses.</summary>
    public static bool IsResolvable(string? did, out string error)
    {
        if (KeyDid.TryParse(did, out _, out error)) return true;
        if (WebDid.IsWebDid(did)) return WebDid.TryParse(did, out _, out error);
        if (did?.StartsWith(KeyDid.Prefix, StringComparison.Ordinal) == true) return false;
        if (EthDid.TryParse(did, out _, out error)) return true;
        if (did?.StartsWith("did:", StringComparison.Ordinal) == true && !did.StartsWith("did:pkh:", StringComparison.Ordinal) && !did.StartsWith("did:ethr:", StringComparison.Ordinal))
            error = "unsupported DID method (did:pkh, did:ethr, did:key and did:web are resolved)";
        return false;
    }

    /// <summary>
    /// The same signer: Ethereum DIDs of one account on one chain (any address case; with
    /// <paramref name="sameMethod"/> both did:pkh or both did:ethr), otherwise the same DID exactly.
    /// </summary>
    public static bool Same(string? a, string? b, bool sameMethod = false)
    {
        if (a is null || b is null) return false;
        if (EthDid.TryParse(a, out var x, out _) && EthDid.TryParse(b, out var y, out _))
            return x!.Address == y!.Address && x.ChainId == y.ChainId && (!sameMethod || x.Method == y.Method);
        return string.Equals(a, b, StringComparison.Ordinal);
    }
}
