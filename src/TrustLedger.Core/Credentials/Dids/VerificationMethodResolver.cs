using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>What a verifier needs from a verification method: whose it is and which key or address signs.</summary>
public sealed record ResolvedVerificationMethod(string Id, EthDid Controller, EthAddress Address, EthPublicKey? PublicKey);

/// <summary>Resolves a DID URL such as did:pkh:eip155:1:0x…#blockchainAccountId to the address (and key, when the DID carries one) that may sign.</summary>
public static class VerificationMethodResolver
{
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
