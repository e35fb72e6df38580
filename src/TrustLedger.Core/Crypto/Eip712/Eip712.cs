using System.Text.Json;

namespace TrustLedger.Core.Crypto.Eip712;

/// <summary>
/// EIP-712 hashing of typed data given as JSON, matching eth_signTypedData_v4 (MetaMask
/// eth-sig-util V4): atomic types, string/bytes, arrays (nested and fixed-size), nested structs,
/// null or missing struct values as 32 zero bytes, primaryType "EIP712Domain" hashing the domain only.
///
/// <para><see cref="Eip712Mode.Strict"/> is for signed documents such as credentials: every
/// member of every message object must be declared in the types, and JSON kinds must match
/// (strings for string, numbers for integers, booleans for bool, no null), so that no part of the
/// document can escape the signature.</para>
/// </summary>
public static class Eip712
{
    /// <summary>keccak256(0x19 0x01 || domainSeparator || hashStruct(primaryType, message)) of a {types, primaryType, domain, message} object.</summary>
    public static byte[] HashTypedData(JsonElement typedData, Eip712Mode mode = Eip712Mode.Compatible)
    {
        if (typedData.ValueKind != JsonValueKind.Object) throw new Eip712Exception("typed data must be an object");
        if (!typedData.TryGetProperty("types", out var typesElement)) throw new Eip712Exception("missing", "types");
        if (!typedData.TryGetProperty("primaryType", out var primary) || primary.ValueKind != JsonValueKind.String)
            throw new Eip712Exception("must be a string", "primaryType");
        typedData.TryGetProperty("domain", out var domain);
        typedData.TryGetProperty("message", out var message);
        return HashTypedData(Eip712TypeSet.ParseCached(typesElement), primary.GetString()!, domain, message, mode);
    }

    public static byte[] HashTypedData(Eip712TypeSet types, string primaryType, JsonElement domain, JsonElement message, Eip712Mode mode = Eip712Mode.Compatible)
    {
        var digest = new byte[32];
        Span<byte> preimage = stackalloc byte[66];
        preimage[0] = 0x19;
        preimage[1] = 0x01;
        var encoder = new Eip712Encoder(types, mode == Eip712Mode.Strict);
        encoder.HashDomain(domain, preimage.Slice(2, 32));
        if (primaryType == Eip712TypeSet.DomainTypeName)
        {
            Keccak256.Hash(preimage[..34], digest);
            return digest;
        }
        encoder.HashRoot(primaryType, message, "message", preimage.Slice(34, 32));
        Keccak256.Hash(preimage, digest);
        return digest;
    }

    /// <summary>The domain separator: hashStruct("EIP712Domain", domain).</summary>
    public static byte[] HashDomain(Eip712TypeSet types, JsonElement domain, Eip712Mode mode = Eip712Mode.Compatible)
    {
        var hash = new byte[32];
        new Eip712Encoder(types, mode == Eip712Mode.Strict).HashDomain(domain, hash);
        return hash;
    }

    /// <summary>hashStruct(typeName, data) = keccak256(typeHash || encodeData(data)).</summary>
    public static byte[] HashStruct(Eip712TypeSet types, string typeName, JsonElement data, Eip712Mode mode = Eip712Mode.Compatible)
    {
        var hash = new byte[32];
        new Eip712Encoder(types, mode == Eip712Mode.Strict).HashRoot(typeName, data, typeName, hash);
        return hash;
    }

    /// <summary>encodeType of a struct, e.g. "Mail(Person from,Person to,string contents)Person(string name,address wallet)".</summary>
    public static string EncodeType(Eip712TypeSet types, string typeName) => types.EncodeType(typeName);
}

public enum Eip712Mode
{
    /// <summary>Accepts what eth-sig-util V4 accepts (numbers as strings, extra members ignored, null structs as zero).</summary>
    Compatible,
    /// <summary>Every message member must be typed and of the matching JSON kind; see <see cref="Eip712"/>.</summary>
    Strict,
}
