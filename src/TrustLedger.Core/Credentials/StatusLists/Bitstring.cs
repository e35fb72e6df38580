using System.IO.Compression;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.StatusLists;

/// <summary>
/// The bitstring of W3C Bitstring Status List v1.0: index 0 is the most significant bit of byte 0;
/// encodedList is the multibase base64url (prefix 'u', no padding) of the GZIP-compressed bytes.
/// Lists have at least <see cref="MinimumBits"/> entries (16 KB), so that one credential's bit
/// hides among many (the spec's herd privacy).
/// </summary>
public static class Bitstring
{
    public const int MinimumBits = 131072;

    /// <summary>Largest uncompressed list we decode (16 M entries): a gzip bomb stops here, not in memory.</summary>
    public const int MaximumBytes = 2 * 1024 * 1024;

    public static byte[] WithBits(int bits, IEnumerable<long> setIndices)
    {
        var bytes = new byte[(bits + 7) / 8];
        foreach (var index in setIndices)
        {
            if (index < 0 || index >= bits) throw new ArgumentOutOfRangeException(nameof(setIndices), $"index {index} is outside a list of {bits} bits");
            bytes[index >> 3] |= (byte)(0x80 >> (int)(index & 7));
        }
        return bytes;
    }

    public static bool IsSet(ReadOnlySpan<byte> bytes, long index) => (bytes[(int)(index >> 3)] & (0x80 >> (int)(index & 7))) != 0;

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(bytes);
        return "u" + Base64Url.Encode(buffer.ToArray());
    }

    /// <summary>Decodes an encodedList; false (with why) for bad multibase, bad gzip, or more than <see cref="MaximumBytes"/>.</summary>
    public static bool TryDecode(string encodedList, out byte[] bytes, out string error)
    {
        bytes = [];
        error = "";
        if (encodedList.Length < 2 || encodedList[0] != 'u' || !Base64Url.TryDecode(encodedList.AsSpan(1), out var compressed))
        {
            error = "encodedList must be multibase base64url ('u' prefix, no padding)";
            return false;
        }
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16384];
            for (int read; (read = gzip.Read(chunk)) > 0;)
            {
                if (output.Length + read > MaximumBytes) { error = $"the list is longer than {MaximumBytes} bytes uncompressed"; return false; }
                output.Write(chunk, 0, read);
            }
            bytes = output.ToArray();
            return true;
        }
        catch (InvalidDataException) { error = "encodedList is not GZIP data"; return false; }
    }
}
