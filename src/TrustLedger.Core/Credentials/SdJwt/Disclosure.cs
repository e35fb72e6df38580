using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.SdJwt;

/// <summary>
/// One SD-JWT disclosure (RFC 9901 section 4.2): base64url of the JSON array [salt, name, value]
/// (an object member) or [salt, value] (an array element). Its digest is base64url(SHA-256) of the
/// encoded text, exactly as received: two encodings of the same array are two disclosures.
/// </summary>
public sealed record Disclosure(string Encoded, string Digest, string? Name, JsonElement Value)
{
    /// <summary>The only hash algorithm we issue and accept (the RFC's default, "_sd_alg": "sha-256").</summary>
    public const string HashAlgorithm = "sha-256";

    /// <summary>A disclosure of member <paramref name="name"/> with a 128-bit random salt (the RFC's minimum).</summary>
    public static Disclosure Create(string name, JsonNode? value)
    {
        var array = new JsonArray(Base64Url.Encode(RandomNumberGenerator.GetBytes(16)), name, value?.DeepClone());
        string encoded = Base64Url.Encode(Encoding.UTF8.GetBytes(array.ToJsonString()));
        using var document = JsonDocument.Parse(array.ToJsonString());
        return new(encoded, DigestOf(encoded), name, document.RootElement[2].Clone());
    }

    public static string DigestOf(string encoded) => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(encoded)));

    /// <summary>Reads one disclosure strictly: base64url, a JSON array of 2 or 3, a string salt, a member name that is not reserved.</summary>
    public static bool TryParse(string encoded, out Disclosure? disclosure, out string error)
    {
        disclosure = null;
        error = "";
        if (encoded.Length == 0 || !Base64Url.TryDecode(encoded, out var bytes)) { error = "a disclosure must be unpadded base64url"; return false; }
        if (!StrictJson.TryParse(bytes, out var array) || array.ValueKind != JsonValueKind.Array)
        { error = "a disclosure must be a JSON array"; return false; }
        int length = array.GetArrayLength();
        if (length is not (2 or 3)) { error = "a disclosure has 2 (array element) or 3 (object member) items"; return false; }
        if (array[0].ValueKind != JsonValueKind.String) { error = "a disclosure's salt must be a string"; return false; }
        string? name = null;
        if (length == 3)
        {
            if (array[1].ValueKind != JsonValueKind.String) { error = "a disclosure's claim name must be a string"; return false; }
            name = array[1].GetString()!;
            if (name is "_sd" or "..." or "_sd_alg") { error = $"a disclosure may not name the reserved member {name}"; return false; }
        }
        disclosure = new(encoded, DigestOf(encoded), name, array[length - 1].Clone());
        return true;
    }
}
