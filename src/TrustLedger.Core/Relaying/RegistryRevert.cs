using System.Reflection;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using TrustLedger.Core.Chain.Contracts.Registry;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Relaying;

/// <summary>
/// Names the registry custom error in revert data, e.g. "NonceUsed" with detail
/// "NonceUsed(signer=0x.., nonce=7)". The name is the stable error code the API reports.
/// </summary>
public static class RegistryRevert
{
    private static readonly Dictionary<string, ErrorABI> BySelector = typeof(NonceUsedError).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(NonceUsedError).Namespace && t.GetCustomAttribute<ErrorAttribute>() is not null)
        .Select(t => new AttributesToABIExtractor().ExtractErrorABI(t)!)
        .ToDictionary(e => e.Sha3Signature.ToLowerInvariant(), StringComparer.Ordinal);

    public static (string Code, string Detail) Describe(byte[] revertData)
    {
        if (revertData.Length < 4) return ("Reverted", "reverted without a reason");
        var selector = Convert.ToHexStringLower(revertData.AsSpan(0, 4));
        if (!BySelector.TryGetValue(selector, out var error)) return ("Reverted", $"reverted with {Hex.Encode(revertData)}");
        try
        {
            var values = new ParameterDecoder().DecodeDefaultData(revertData[4..], error.InputParameters);
            var args = string.Join(", ", values.Select(v => $"{v.Parameter.Name}={Format(v.Result)}"));
            return (error.Name, $"{error.Name}({args})");
        }
        catch (Exception)
        {
            return (error.Name, error.Name);
        }
    }

    private static string Format(object? value) => value switch
    {
        byte[] bytes => Hex.Encode(bytes),
        null => "null",
        _ => value.ToString()!.ToLowerInvariant(),
    };
}
