using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

namespace TrustLedger.Core.Attestations;

/// <summary>
/// A registry schema string such as <c>uint8 rating,bytes32 category,string comment</c>: ABI
/// types and names, comma-separated. Attestation data is the ABI encoding of those fields.
/// </summary>
public sealed class SchemaDefinition
{
    private readonly Parameter[] _parameters;

    private SchemaDefinition(string text, Parameter[] parameters)
    {
        Text = text;
        _parameters = parameters;
    }

    public string Text { get; }
    public IReadOnlyList<(string Type, string Name)> Fields => [.. _parameters.Select(p => (p.Type, p.Name))];

    public static bool TryParse(string text, out SchemaDefinition? schema, out string? error)
    {
        schema = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "the schema is empty"; return false; }
        var parameters = new List<Parameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (field, index) in text.Split(',').Select((f, i) => (f.Trim(), i)))
        {
            var parts = field.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) { error = $"field {index + 1} ('{field}') is not 'type name'"; return false; }
            if (!IsAbiType(parts[0]))
            {
                error = $"field {index + 1} has an unknown ABI type '{parts[0]}'";
                return false;
            }
            if (!names.Add(parts[1])) { error = $"field name '{parts[1]}' appears twice"; return false; }
            parameters.Add(new Parameter(parts[0], parts[1], index + 1));
        }
        schema = new SchemaDefinition(text, [.. parameters]);
        return true;
    }

    /// <summary>
    /// Solidity's elementary types and arrays of them: address, bool, string, bytes, bytes1..32,
    /// (u)int8..256 in steps of 8, with any number of [] or [k] suffixes. Tuples are not offered.
    /// </summary>
    public static bool IsAbiType(string type)
    {
        var match = System.Text.RegularExpressions.Regex.Match(type, @"^(?<base>[a-z]+)(?<bits>\d*)(?<dims>(\[\d*\])*)$");
        if (!match.Success) return false;
        var name = match.Groups["base"].Value;
        var bits = match.Groups["bits"].Value;
        if (match.Groups["dims"].Value.Contains("[0]", StringComparison.Ordinal)) return false;
        return name switch
        {
            "address" or "bool" or "string" => bits.Length == 0,
            "bytes" => bits.Length == 0 || int.TryParse(bits, out var n) && n is >= 1 and <= 32 && bits[0] != '0',
            "uint" or "int" => bits.Length == 0 || int.TryParse(bits, out var m) && m is >= 8 and <= 256 && m % 8 == 0 && bits[0] != '0',
            _ => false,
        };
    }

    public static SchemaDefinition Parse(string text) =>
        TryParse(text, out var schema, out var error) ? schema! : throw new FormatException(error);

    /// <summary>
    /// Decodes <paramref name="data"/> by the schema. It must be the canonical encoding: decoding
    /// and re-encoding gives the same bytes, so no trailing or malformed bytes slip through.
    /// </summary>
    public bool TryDecode(byte[] data, out IReadOnlyDictionary<string, object?> values)
    {
        values = new Dictionary<string, object?>();
        try
        {
            var decoded = new ParameterDecoder().DecodeDefaultData(data, _parameters);
            var reencoded = new ParametersEncoder().EncodeParameters(_parameters, [.. decoded.Select(d => d.Result)]);
            if (!reencoded.AsSpan().SequenceEqual(data)) return false;
            values = decoded.ToDictionary(d => d.Parameter.Name, d => (object?)d.Result, StringComparer.Ordinal);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>ABI-encodes values given in field order.</summary>
    public byte[] Encode(params object[] values) => new ParametersEncoder().EncodeParameters(_parameters, values);
}
