using System.Globalization;
using System.Numerics;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// Collects field errors while reading a request's inputs, so one response lists every bad field.
/// Addresses come back lower-case; mixed case must carry a valid EIP-55 checksum.
/// </summary>
public sealed class InputFields
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Valid => _errors.Count == 0;

    public IResult Problem() => Problems.Validation(_errors);

    public void Fail(string field, string message) => _errors[field] = [message];

    public string Address(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) { Fail(field, "required"); return ""; }
        if (!EthAddress.TryParse(value, out var address))
        {
            Fail(field, "not an Ethereum address (0x + 40 hex digits; mixed case must match its EIP-55 checksum)");
            return "";
        }
        return address.ToLowerHex();
    }

    public string? OptionalAddress(string field, string? value) => string.IsNullOrEmpty(value) ? null : Address(field, value);

    public string Bytes32(string field, string? value, string? fallback = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (fallback is not null) return fallback;
            Fail(field, "required");
            return "";
        }
        if (!Hex.TryDecode(value, out var bytes) || bytes.Length != 32 || !value.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            Fail(field, "not 32 bytes of 0x hex");
            return "";
        }
        return Hex.Encode(bytes);
    }

    public string Bytes(string field, string? value)
    {
        if (value is null || !value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || !Hex.TryDecode(value, out var bytes))
        {
            Fail(field, "not 0x hex bytes");
            return "0x";
        }
        return Hex.Encode(bytes);
    }

    /// <summary>An unsigned integer given as a JSON number or a decimal string, at most <paramref name="max"/>.</summary>
    public BigInteger UInt(string field, string? value, BigInteger max, BigInteger? fallback = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (fallback is { } f) return f;
            Fail(field, "required");
            return 0;
        }
        if (!BigInteger.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > max)
        {
            Fail(field, $"not an integer between 0 and {max}");
            return 0;
        }
        return number;
    }

    public int Int(string field, string? value, int min, int max, int? fallback = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (fallback is { } f) return f;
            Fail(field, "required");
            return 0;
        }
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Fail(field, $"not an integer between {min} and {max}");
            return 0;
        }
        return number;
    }

    public string Text(string field, string? value, int maxLength, bool required = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required) Fail(field, "required");
            return "";
        }
        if (value.Length > maxLength) Fail(field, $"longer than {maxLength} characters");
        else if (TextRules.Problem(value) is { } problem) Fail(field, problem);
        return value;
    }
}
