using System.Buffers.Binary;

namespace TrustLedger.Core.Crypto;

/// <summary>
/// A 20-byte Ethereum account address. Stored as three integers so that comparing a recovered
/// signer with an expected one costs no allocation. <see cref="ToString"/> gives the EIP-55
/// checksummed form; <see cref="ToLowerHex"/> the lower-case form the database uses.
/// </summary>
public readonly struct EthAddress : IEquatable<EthAddress>
{
    private readonly ulong _high;
    private readonly ulong _middle;
    private readonly uint _low;

    public EthAddress(ReadOnlySpan<byte> bytes20)
    {
        if (bytes20.Length != 20) throw new ArgumentException("an address has 20 bytes", nameof(bytes20));
        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes20);
        _middle = BinaryPrimitives.ReadUInt64BigEndian(bytes20[8..]);
        _low = BinaryPrimitives.ReadUInt32BigEndian(bytes20[16..]);
    }

    /// <summary>The address of an uncompressed public key given as its 64 coordinate bytes (X || Y).</summary>
    public static EthAddress FromPublicKeyXY(ReadOnlySpan<byte> xy64)
    {
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(xy64, hash);
        return new EthAddress(hash[12..]);
    }

    public void WriteTo(Span<byte> destination20)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination20, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination20[8..], _middle);
        BinaryPrimitives.WriteUInt32BigEndian(destination20[16..], _low);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[20];
        WriteTo(bytes);
        return bytes;
    }

    public string ToLowerHex()
    {
        Span<byte> bytes = stackalloc byte[20];
        WriteTo(bytes);
        return Hex.Encode(bytes);
    }

    /// <summary>EIP-55 mixed-case checksum encoding.</summary>
    public override string ToString() => ToChecksumHex(ToLowerHex());

    /// <summary>Accepts 0x + 40 hex digits. Mixed case must carry a valid EIP-55 checksum; all-lower or all-upper is accepted as is.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EthAddress address)
    {
        address = default;
        if (text.Length != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
        var digits = text[2..];
        Span<byte> bytes = stackalloc byte[20];
        if (Convert.FromHexString(digits, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != 20) return false;
        bool hasLower = digits.ContainsAnyInRange('a', 'f'), hasUpper = digits.ContainsAnyInRange('A', 'F');
        if (hasLower && hasUpper && !digits.SequenceEqual(ToChecksumHex("0x" + digits.ToString().ToLowerInvariant()).AsSpan(2)))
            return false;
        address = new EthAddress(bytes);
        return true;
    }

    public static EthAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException("not an Ethereum address (0x + 40 hex digits, valid EIP-55 checksum when mixed case)");

    /// <summary>True if <paramref name="text"/> is mixed case and its EIP-55 checksum is right, or is all one case.</summary>
    public static bool IsValid(string text) => TryParse(text, out _);

    /// <summary>EIP-55: upper-case each hex letter whose nibble in keccak256(lower-case hex) is >= 8.</summary>
    public static string ToChecksumHex(string lowerHexWith0x)
    {
        var lower = lowerHexWith0x.AsSpan(2);
        Span<byte> ascii = stackalloc byte[40];
        for (int i = 0; i < 40; i++) ascii[i] = (byte)char.ToLowerInvariant(lower[i]);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(ascii, hash);
        return string.Create(42, hash.ToArray(), (chars, h) =>
        {
            chars[0] = '0';
            chars[1] = 'x';
            for (int i = 0; i < 40; i++)
            {
                char c = char.ToLowerInvariant(lowerHexWith0x[i + 2]);
                int nibble = (i & 1) == 0 ? h[i / 2] >> 4 : h[i / 2] & 0x0f;
                chars[i + 2] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
            }
        });
    }

    public bool Equals(EthAddress other) => _high == other._high && _middle == other._middle && _low == other._low;
    public override bool Equals(object? obj) => obj is EthAddress other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(_high, _middle, _low);
    public static bool operator ==(EthAddress left, EthAddress right) => left.Equals(right);
    public static bool operator !=(EthAddress left, EthAddress right) => !left.Equals(right);
}
