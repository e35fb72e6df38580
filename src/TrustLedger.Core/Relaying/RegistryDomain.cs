using System.Globalization;
using System.Text.Json.Nodes;
using Nethereum.Web3;
using TrustLedger.Contracts.Standards;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Relaying;

/// <summary>
/// The registry's EIP-712 signing domain and the digests of its two delegated types. The
/// relayer checks signatures with these before it spends gas; the API hands wallets the same
/// types as eth_signTypedData_v4 JSON. The fixed-layout encoding here is a fast path: a test
/// holds it equal to the generic encoder and to the contract's own attestationDigest.
/// </summary>
public sealed class RegistryDomain
{
    public const string AttestType =
        "Attest(address attester,bytes32 schema,address subject,uint48 expiration,bytes32 refUID,uint96 nonce,bytes data,uint256 deadline)";
    public const string RevokeType = "Revoke(address revoker,bytes32 uid,uint96 nonce,uint256 deadline)";
    private const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    private static readonly byte[] AttestTypeHash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(AttestType));
    private static readonly byte[] RevokeTypeHash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(RevokeType));
    private readonly byte[] _separator;

    public RegistryDomain(string name, string version, long chainId, string verifyingContract)
    {
        Name = name;
        Version = version;
        ChainId = chainId;
        VerifyingContract = verifyingContract.ToLowerInvariant();
        Span<byte> words = stackalloc byte[5 * 32];
        Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(DomainType), words[..32]);
        Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(name), words[32..64]);
        Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(version), words[64..96]);
        AbiWords.UInt(words[96..128], chainId);
        AbiWords.Address(words[128..160], VerifyingContract);
        _separator = Keccak256.Hash(words);
    }

    public string Name { get; }
    public string Version { get; }
    public long ChainId { get; }
    public string VerifyingContract { get; }

    /// <summary>Reads the domain the deployed registry reports (ERC-5267), so nothing is assumed.</summary>
    public static async Task<RegistryDomain> ReadAsync(IWeb3 web3, string registry)
    {
        var domain = await web3.Eth.GetContractQueryHandler<Eip712DomainFunction>()
            .QueryDeserializingToObjectAsync<Eip712DomainOutput>(new Eip712DomainFunction(), registry);
        return new RegistryDomain(domain.Name, domain.Version, (long)domain.ChainId, domain.VerifyingContract);
    }

    public byte[] AttestationDigest(SignedAttestation a)
    {
        Span<byte> words = stackalloc byte[9 * 32];
        AttestTypeHash.CopyTo(words);
        AbiWords.Address(words[32..64], a.Attester);
        AbiWords.Bytes32(words[64..96], a.Schema);
        AbiWords.Address(words[96..128], a.Subject);
        AbiWords.UInt(words[128..160], a.Expiration);
        AbiWords.Bytes32(words[160..192], a.RefUid);
        AbiWords.UInt(words[192..224], a.Nonce);
        Keccak256.Hash(Hex.Decode(a.Data), words[224..256]);
        AbiWords.UInt(words[256..288], a.Deadline);
        return Digest(words);
    }

    public byte[] RevocationDigest(SignedRevocation r)
    {
        Span<byte> words = stackalloc byte[5 * 32];
        RevokeTypeHash.CopyTo(words);
        AbiWords.Address(words[32..64], r.Revoker);
        AbiWords.Bytes32(words[64..96], r.Uid);
        AbiWords.UInt(words[96..128], r.Nonce);
        AbiWords.UInt(words[128..160], r.Deadline);
        return Digest(words);
    }

    /// <summary>The typed data a wallet signs for <paramref name="a"/> (eth_signTypedData_v4 shape).</summary>
    public JsonObject AttestationTypedData(SignedAttestation a) => TypedData("Attest", new JsonObject
    {
        ["attester"] = a.Attester,
        ["schema"] = a.Schema,
        ["subject"] = a.Subject,
        ["expiration"] = a.Expiration.ToString(CultureInfo.InvariantCulture),
        ["refUID"] = a.RefUid,
        ["nonce"] = a.Nonce.ToString(CultureInfo.InvariantCulture),
        ["data"] = a.Data,
        ["deadline"] = a.Deadline.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>The typed data a wallet signs for <paramref name="r"/>.</summary>
    public JsonObject RevocationTypedData(SignedRevocation r) => TypedData("Revoke", new JsonObject
    {
        ["revoker"] = r.Revoker,
        ["uid"] = r.Uid,
        ["nonce"] = r.Nonce.ToString(CultureInfo.InvariantCulture),
        ["deadline"] = r.Deadline.ToString(CultureInfo.InvariantCulture),
    });

    private JsonObject TypedData(string primaryType, JsonObject message) => new()
    {
        ["types"] = new JsonObject
        {
            ["EIP712Domain"] = Fields(DomainType),
            [primaryType] = Fields(primaryType == "Attest" ? AttestType : RevokeType),
        },
        ["primaryType"] = primaryType,
        ["domain"] = new JsonObject
        {
            ["name"] = Name,
            ["version"] = Version,
            ["chainId"] = ChainId,
            ["verifyingContract"] = VerifyingContract,
        },
        ["message"] = message,
    };

    /// <summary>"T(a x,b y)" -> [{name:x,type:a},{name:y,type:b}]: one definition for hash and JSON.</summary>
    private static JsonArray Fields(string encodedType)
    {
        var inner = encodedType[(encodedType.IndexOf('(') + 1)..^1];
        var fields = new JsonArray();
        foreach (var field in inner.Split(','))
        {
            var (type, name) = (field[..field.IndexOf(' ')], field[(field.IndexOf(' ') + 1)..]);
            fields.Add(new JsonObject { ["name"] = name, ["type"] = type });
        }
        return fields;
    }

    private byte[] Digest(ReadOnlySpan<byte> structWords)
    {
        Span<byte> buffer = stackalloc byte[66];
        buffer[0] = 0x19;
        buffer[1] = 0x01;
        _separator.CopyTo(buffer[2..34]);
        Keccak256.Hash(structWords, buffer[34..66]);
        return Keccak256.Hash(buffer);
    }
}
