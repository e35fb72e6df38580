namespace TrustLedger.Core.Crypto;

/// <summary>0x-prefixed hex as Ethereum tooling writes it (lower case on output, either case on input).</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes "0x…" or bare hex; odd lengths and non-hex characters fail.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.StartsWith("0x") || text.StartsWith("0X")) text = text[2..];
        if ((text.Length & 1) != 0) return false;
        var result = new byte[text.Length / 2];
        if (Convert.FromHexString(text, result, out _, out int written) != System.Buffers.OperationStatus.Done
            || written != result.Length) return false;
        bytes = result;
        return true;
    }

    public static byte[] Decode(ReadOnlySpan<char> text) =>
        TryDecode(text, out var bytes) ? bytes : throw new FormatException("not a hex string");
}
