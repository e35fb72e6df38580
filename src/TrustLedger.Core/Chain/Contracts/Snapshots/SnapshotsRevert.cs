using System.Reflection;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Chain.Contracts.Snapshots;

/// <summary>Names the ReputationSnapshots custom error in revert data, e.g. "EpochNotOpen(epoch=3, nextepoch=2)".</summary>
internal static class SnapshotsRevert
{
    private static readonly Dictionary<string, ErrorABI> BySelector = typeof(EpochNotOpenError).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(EpochNotOpenError).Namespace && t.GetCustomAttribute<ErrorAttribute>() is not null)
        .Select(t => new AttributesToABIExtractor().ExtractErrorABI(t)!)
        .ToDictionary(e => e.Sha3Signature.ToLowerInvariant(), StringComparer.Ordinal);

    public static (string Code, string Detail) Describe(byte[] revertData)
    {
        if (revertData.Length < 4) return ("Reverted", "reverted without a reason");
        if (!BySelector.TryGetValue(Convert.ToHexStringLower(revertData.AsSpan(0, 4)), out var error))
            return ("Reverted", $"reverted with {Hex.Encode(revertData)}");
        try
        {
            var values = new ParameterDecoder().DecodeDefaultData(revertData[4..], error.InputParameters);
            return (error.Name, $"{error.Name}({string.Join(", ", values.Select(v => $"{v.Parameter.Name}={Format(v.Result)}"))})");
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
