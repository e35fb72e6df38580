using System.Reflection;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.JsonRpc.Client;
using TrustLedger.Core.Chain.Contracts.Rewards;
using TrustLedger.Core.Chain.Contracts.Rewards.ProgramFactory;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Rewards;

/// <summary>
/// Names the RewardToken or factory custom error in revert data, e.g. ("EpochCapExceeded",
/// "EpochCapExceeded(epoch=3, cap=..., issued=..., requested=...)"): the code stored with a failed
/// operation and the problem type an admin call answers with.
/// </summary>
public static class RewardRevert
{
    private static readonly Dictionary<string, ErrorABI> BySelector = typeof(EnforcedPauseError).Assembly.GetTypes()
        .Where(t => (t.Namespace == typeof(EnforcedPauseError).Namespace || t.Namespace == typeof(UnknownProgramError).Namespace)
                    && t.GetCustomAttribute<ErrorAttribute>() is not null)
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
            return (error.Name, $"{error.Name}({string.Join(", ", values.Select(v => $"{v.Parameter.Name}={Format(v.Result)}"))})");
        }
        catch (Exception)
        {
            return (error.Name, error.Name);
        }
    }

    /// <summary>The custom error of a refused eth_call / eth_estimateGas, or ("Reverted", message).</summary>
    public static (string Code, string Detail) Describe(RpcResponseException e)
    {
        var data = e.RpcError?.Data?.ToString()?.Trim('"');
        return data is not null && Hex.TryDecode(data, out var bytes) && bytes.Length >= 4
            ? Describe(bytes)
            : ("Reverted", e.RpcError?.Message ?? e.Message);
    }

    private static string Format(object? value) => value switch
    {
        byte[] bytes => Hex.Encode(bytes),
        null => "null",
        _ => value.ToString()!.ToLowerInvariant(),
    };
}
