using System.Text.Json;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Validation;

/// <summary>
/// The digest forms VC Data Model 2.0 §5.3 allows on a relatedResource: digestSRI (an SRI string,
/// sha256/384/512 and base64 of exactly that length) and digestMultibase (multibase u = base64url or
/// z = base58btc of a multihash: sha2-256 0x12 or sha2-384 0x20 with its length byte). Only the form is
/// checked here: the resource is not fetched.
/// </summary>
internal static class Digests
{
    public static bool IsSri(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return false;
        Span<byte> bytes = stackalloc byte[66];
        foreach (var token in value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = token.IndexOf('-');
            if (dash < 0) return false;
            int length = token[..dash] switch { "sha256" => 32, "sha384" => 48, "sha512" => 64, _ => -1 };
            string digest = token[(dash + 1)..].Split('?')[0];
            if (length < 0 || !Convert.TryFromBase64String(digest, bytes, out int written) || written != length) return false;
        }
        return value.GetString()!.Trim().Length > 0;
    }

    public static bool IsMultibase(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 1 } text) return false;
        byte[]? bytes = text[0] switch
        {
            'u' => Base64Url.TryDecode(text.AsSpan(1).ToString(), out var decoded) ? decoded : null,
            'z' => Base58Btc(text.AsSpan(1).ToString()),
            _ => null,
        };
        return bytes is { Length: > 2 } && (bytes[0], bytes[1]) is (0x12, 32) or (0x20, 48) && bytes.Length == 2 + bytes[1];
    }

    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>base58btc decoding (Bitcoin alphabet) of a short digest; null when a character is not in the alphabet.</summary>
    private static byte[]? Base58Btc(string text)
    {
        if (text.Length > 128) return null;
        var value = System.Numerics.BigInteger.Zero;
        foreach (char c in text)
        {
            int digit = Alphabet.IndexOf(c);
            if (digit < 0) return null;
            value = value * 58 + digit;
        }
        var bytes = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        int zeros = text.TakeWhile(c => c == '1').Count();
        return [.. new byte[zeros], .. bytes];
    }
}
