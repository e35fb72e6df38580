using System.Text;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Attestations;

/// <summary>A schema the product uses, as registered on chain (no hook).</summary>
public sealed record SchemaSpec(string Name, string Definition, bool Revocable)
{
    /// <summary>The registry's id: keccak256(abi.encodePacked(schema, hook = 0, revocable)).</summary>
    public string Uid { get; } = UidOf(Definition, Revocable);

    public SchemaDefinition Parsed { get; } = SchemaDefinition.Parse(Definition);

    public static string UidOf(string definition, bool revocable, string hook = "0x0000000000000000000000000000000000000000") =>
        Hex.Encode(Keccak256.Hash([.. Encoding.UTF8.GetBytes(definition), .. Hex.Decode(hook), (byte)(revocable ? 1 : 0)]));
}

/// <summary>
/// The schemas TrustLedger registers and reads. A party's reputation is built from attestations
/// under these; other schemas may live in the registry but do not count.
/// </summary>
public static class ProductSchemas
{
    /// <summary>One business vouches for another: rating 1..5, a category (short text), a comment.</summary>
    public static readonly SchemaSpec Endorsement = new("endorsement", "uint8 rating,bytes32 category,string comment", true);

    /// <summary>
    /// A reciprocity event (a delivery, a referral, a collaboration) proposed by one side with a
    /// rating 1..5; the other side confirms it by attesting back with refUID = its uid.
    /// </summary>
    public static readonly SchemaSpec Reciprocity = new("reciprocity", "bytes32 kind,uint8 rating,string reference", true);

    /// <summary>A report of a bad experience: severity 1..5 (counted as rating -severity).</summary>
    public static readonly SchemaSpec NegativeReport = new("negative-report", "uint8 severity,bytes32 category,string comment", true);

    /// <summary>Anchors of issued credentials: the credential's hash, so status can be read from chain.</summary>
    public static readonly SchemaSpec CredentialAnchor = new("credential-anchor", "bytes32 credentialHash,string credentialId", true);

    public static readonly IReadOnlyList<SchemaSpec> All = [Endorsement, Reciprocity, NegativeReport, CredentialAnchor];

    public static SchemaSpec? ByName(string name) => All.FirstOrDefault(s => s.Name == name);

    public static SchemaSpec? ByUid(string uid) => All.FirstOrDefault(s => string.Equals(s.Uid, uid, StringComparison.OrdinalIgnoreCase));

    /// <summary>Short text as bytes32: UTF-8, right-padded with zeros; null when longer than 32 bytes.</summary>
    public static byte[]? ToBytes32(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > 32) return null;
        var word = new byte[32];
        bytes.CopyTo(word, 0);
        return word;
    }

    /// <summary>The text of a right-padded bytes32 (trailing zeros dropped).</summary>
    public static string FromBytes32(byte[] word) => Encoding.UTF8.GetString(word.AsSpan().TrimEnd((byte)0));
}
