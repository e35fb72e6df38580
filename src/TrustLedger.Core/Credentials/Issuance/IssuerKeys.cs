using TrustLedger.Core.Chain;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>
/// The service's credential issuer: the key store's Issuer key (never the relayer's), named by
/// two DIDs on the connected chain, did:pkh:eip155:&lt;chainId&gt;:&lt;address&gt; (the default) and
/// did:ethr:&lt;0xChainId&gt;:&lt;address&gt;. Any DID that resolves to the same account on the same
/// chain counts as ours (a lower-case did:pkh, the public-key did:ethr form), so a credential
/// naming it is signed as exactly that DID.
/// </summary>
public sealed class IssuerKeys : IKnownIssuerKeys
{
    private readonly EthPrivateKey _key;

    public IssuerKeys(ServiceKey issuer, long chainId)
    {
        _key = EthPrivateKey.FromBytes(issuer.PrivateKeyBytes());
        ChainId = chainId;
        Default = new IssuerKey(EthDid.Pkh(chainId, _key.Address), _key);
        All = [Default, new IssuerKey(EthDid.Ethr(_key.Address, chainId), _key)];
    }

    public static IssuerKeys From(ChainConnection chain) => new(chain.Keys.Issuer, chain.ChainId);

    public long ChainId { get; }

    /// <summary>The issuer's account: the attester of every credential anchor.</summary>
    public EthAddress Address => _key.Address;

    public EthPublicKey PublicKey => _key.PublicKey;

    /// <summary>Signs when a request names no issuer (the VC API allows leaving it out).</summary>
    public IssuerKey Default { get; }

    /// <summary>The DIDs GET /v1/issuers lists.</summary>
    public IReadOnlyList<IssuerKey> All { get; }

    /// <summary>The signing key for <paramref name="did"/> when it is ours; the DID is kept as written.</summary>
    public bool TryFind(string? did, out IssuerKey? issuer)
    {
        issuer = null;
        if (!IsOurs(did)) return false;
        issuer = new IssuerKey(did!, _key);
        return true;
    }

    public EthPublicKey? FindPublicKey(string issuerDid) => IsOurs(issuerDid) ? _key.PublicKey : null;

    private bool IsOurs(string? did) =>
        EthDid.TryParse(did, out var parsed, out _) && parsed!.Address == _key.Address && parsed.ChainId == ChainId
        && (parsed.PublicKey is null || parsed.PublicKey.Equals(_key.PublicKey));
}
