using System.Globalization;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>
/// A parsed Ethereum DID: did:pkh:eip155:&lt;chainId&gt;:&lt;address&gt; or did:ethr[:&lt;network | 0xChainId&gt;]:&lt;address | compressed public key&gt;.
/// </summary>
public sealed record EthDid(string Did, DidMethod Method, long ChainId, EthAddress Address, EthPublicKey? PublicKey)
{
    /// <summary>did:pkh with the address EIP-55 checksummed (CAIP-10 form).</summary>
    public static string Pkh(long chainId, EthAddress address) =>
        $"did:pkh:eip155:{chainId.ToString(CultureInfo.InvariantCulture)}:{address}";

    /// <summary>did:ethr with a lower-case address; mainnet (chain 1) has no network part, other chains a 0x-hex chain id.</summary>
    public static string Ethr(EthAddress address, long chainId = 1) =>
        chainId == 1 ? $"did:ethr:{address.ToLowerHex()}" : $"did:ethr:0x{chainId:x}:{address.ToLowerHex()}";

    /// <summary>The fragment of the verification method that signs for this DID.</summary>
    public string DefaultVerificationMethodId => Did + (Method == DidMethod.Pkh ? "#blockchainAccountId" : "#controller");

    /// <summary>CAIP-10 account id of the controlling address, e.g. eip155:1:0xAbC….</summary>
    public string BlockchainAccountId => Method == DidMethod.Pkh
        ? Did["did:pkh:".Length..]
        : $"eip155:{ChainId.ToString(CultureInfo.InvariantCulture)}:{Address}";

    // The named networks ethr-did-resolver knows by default.
    private static readonly Dictionary<string, long> EthrNetworks = new(StringComparer.Ordinal)
    {
        ["mainnet"] = 1, ["goerli"] = 5, ["sepolia"] = 11155111, ["holesky"] = 17000, ["polygon"] = 137, ["linea:goerli"] = 59140,
    };

    public static bool TryParse(string? did, out EthDid? parsed, out string error)
    {
        parsed = null;
        error = "";
        if (string.IsNullOrEmpty(did)) { error = "empty DID"; return false; }
        if (did.Contains('#') || did.Contains('?') || did.Contains('/')) { error = "a DID URL, not a DID"; return false; }
        if (did.StartsWith("did:pkh:", StringComparison.Ordinal)) return TryParsePkh(did, out parsed, out error);
        if (did.StartsWith("did:ethr:", StringComparison.Ordinal)) return TryParseEthr(did, out parsed, out error);
        error = did.StartsWith("did:", StringComparison.Ordinal) ? "unsupported DID method (did:pkh and did:ethr are resolved)" : "not a DID";
        return false;
    }

    private static bool TryParsePkh(string did, out EthDid? parsed, out string error)
    {
        parsed = null;
        var parts = did.Split(':');
        if (parts.Length != 5 || parts[2] != "eip155") { error = "did:pkh must be did:pkh:eip155:<chainId>:<address>"; return false; }
        if (!TryParseDecimalChainId(parts[3], out long chainId)) { error = "did:pkh chain id must be a positive decimal number"; return false; }
        if (!EthAddress.TryParse(parts[4], out var address)) { error = "did:pkh address must be 0x + 40 hex digits (valid EIP-55 checksum when mixed case)"; return false; }
        parsed = new EthDid(did, DidMethod.Pkh, chainId, address, null);
        error = "";
        return true;
    }

    private static bool TryParseEthr(string did, out EthDid? parsed, out string error)
    {
        parsed = null;
        string rest = did["did:ethr:".Length..];
        int lastColon = rest.LastIndexOf(':');
        string network = lastColon < 0 ? "mainnet" : rest[..lastColon];
        string identifier = lastColon < 0 ? rest : rest[(lastColon + 1)..];
        long chainId;
        if (network.StartsWith("0x", StringComparison.Ordinal))
        {
            if (!long.TryParse(network.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out chainId) || chainId <= 0)
            { error = "did:ethr network must be a name or a 0x-hex chain id"; return false; }
        }
        else if (!EthrNetworks.TryGetValue(network, out chainId)) { error = $"unknown did:ethr network '{network}'"; return false; }

        if (identifier.Length == 68 && Hex.TryDecode(identifier, out var keyBytes) && EthPublicKey.TryParse(keyBytes, out var key))
        {
            parsed = new EthDid(did, DidMethod.Ethr, chainId, key!.Address, key);
            error = "";
            return true;
        }
        if (!EthAddress.TryParse(identifier, out var address)) { error = "did:ethr identifier must be an address or a compressed public key"; return false; }
        parsed = new EthDid(did, DidMethod.Ethr, chainId, address, null);
        error = "";
        return true;
    }

    private static bool TryParseDecimalChainId(string text, out long chainId) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out chainId) && chainId > 0 && !text.StartsWith('0');
}

public enum DidMethod { Pkh, Ethr }
