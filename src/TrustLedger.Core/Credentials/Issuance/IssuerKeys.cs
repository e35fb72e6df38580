using TrustLedger.Core.Chain;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>
/// The service's credential issuer: the key store's Issuer key (never the relayer's), named by
/// two DIDs on the connected chain, did:pkh:eip155:&lt;chainId&gt;:&lt;address&gt; (the default) and
/// did:ethr:&lt;0xChainId&gt;:&lt;address&gt;. Any DID that resolves to the same account on the same
/// chain counts as ours (a lower-case did:pkh, the public-key did:ethr form), so a credential
/// naming it is signed as exactly that DID. Once the issuer key has been rotated through the ERC-1056
/// registry (<see cref="IssuerKeyRotation"/>), did:ethr is the default and signs with the current
/// delegate key as its #delegate-N; did:pkh (which cannot rotate) still signs with the identity key.
/// </summary>
public sealed class IssuerKeys : IKnownIssuerKeys
{
    private readonly EthPrivateKey _key;
    private volatile SigningDelegate? _delegate;

    /// <summary>A rotated signing key: its generation (1, 2, …), the key, and the fragment of its method in the DID document.</summary>
    public sealed record SigningDelegate(int Generation, EthPrivateKey Key, string Fragment);

    public IssuerKeys(ServiceKey issuer, long chainId)
    {
        _key = EthPrivateKey.FromBytes(issuer.PrivateKeyBytes());
        ChainId = chainId;
        Pkh = new IssuerKey(EthDid.Pkh(chainId, _key.Address), _key);
        EthrDid = EthDid.Ethr(_key.Address, chainId);
    }

    public static IssuerKeys From(ChainConnection chain) => new(chain.Keys.Issuer, chain.ChainId);

    public long ChainId { get; }

    /// <summary>The issuer's account: the attester of every credential anchor, and the identity (owner) of its did:ethr.</summary>
    public EthAddress Address => _key.Address;

    public EthPublicKey PublicKey => _key.PublicKey;

    /// <summary>did:ethr:&lt;0xChainId&gt;:&lt;lower-case identity address&gt;: the DID that keeps its name across key rotations.</summary>
    public string EthrDid { get; }

    private IssuerKey Pkh { get; }

    /// <summary>The identity key itself (did:pkh): it signs credential anchors, whose attester is <see cref="Address"/>, whatever key signs credentials.</summary>
    public IssuerKey Identity => Pkh;

    /// <summary>The rotated signing key in use, or null while the identity key signs.</summary>
    public SigningDelegate? Delegate => _delegate;

    /// <summary>Signs when a request names no issuer (the VC API allows leaving it out): did:ethr once rotated, else did:pkh.</summary>
    public IssuerKey Default => _delegate is null ? Pkh : Ethr(EthrDid);

    /// <summary>The DIDs GET /v1/issuers lists.</summary>
    public IReadOnlyList<IssuerKey> All => [Default, Default == Pkh ? Ethr(EthrDid) : Pkh];

    /// <summary>Makes <paramref name="current"/> (read from the registry) the key that signs as did:ethr; null: the identity key again.</summary>
    public void Use(SigningDelegate? current) => _delegate = current;

    /// <summary>The key of signing generation <paramref name="generation"/>: derived one-way from the identity key, so every replica derives the same keys and nothing new is stored.</summary>
    public EthPrivateKey DeriveSigningKey(int generation)
    {
        Span<byte> input = stackalloc byte[32 + 32 + 4];
        _key.ExportSecret(input[..32]);
        System.Text.Encoding.ASCII.GetBytes("trustledger/issuer-signing/v1".PadRight(32, '\0')).CopyTo(input[32..64]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input[64..], generation);
        var secret = Keccak256.Hash(input);
        input.Clear();
        return EthPrivateKey.FromBytes(secret);
    }

    /// <summary>The signing key for <paramref name="did"/> when it is ours; the DID is kept as written.</summary>
    public bool TryFind(string? did, out IssuerKey? issuer)
    {
        issuer = null;
        if (!EthDid.TryParse(did, out var parsed, out _) || !IsOurs(parsed!)) return false;
        issuer = parsed!.Method == DidMethod.Ethr && parsed.PublicKey is null ? Ethr(did!) : new IssuerKey(did!, _key);
        return true;
    }

    public EthPublicKey? FindPublicKey(string issuerDid) =>
        EthDid.TryParse(issuerDid, out var parsed, out _) && IsOurs(parsed!) ? _key.PublicKey : null;

    private IssuerKey Ethr(string did) =>
        _delegate is { } current ? new IssuerKey(did, current.Key, did + "#" + current.Fragment) : new IssuerKey(did, _key);

    private bool IsOurs(EthDid parsed) =>
        parsed.Address == _key.Address && parsed.ChainId == ChainId && (parsed.PublicKey is null || parsed.PublicKey.Equals(_key.PublicKey));
}
