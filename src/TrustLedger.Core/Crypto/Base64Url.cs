namespace TrustLedger.Core.Crypto;

/// <summary>Unpadded base64url (RFC 7515 §2) as JWS and JWK use it.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Contains('=') || text.Contains('+') || text.Contains('/')) return false;
        // TryDecodeFromChars throws FormatException on bad input; only a too small buffer makes it return false.
        if (!System.Buffers.Text.Base64Url.IsValid(text)) return false;
        var buffer = new byte[System.Buffers.Text.Base64Url.GetMaxDecodedLength(text.Length)];
        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(text, buffer, out int written)) return false;
        bytes = written == buffer.Length ? buffer : buffer[..written];
        return true;
    }

    /// <summary>Decodes into a span that must be filled exactly (e.g. a 32-byte JWK coordinate).</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> exact) =>
        TryDecode(text, out var bytes) && bytes.Length == exact.Length && bytes.AsSpan().TryCopyTo(exact);
}
