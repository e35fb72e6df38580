using System.Reflection;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.JsonRpc.Client;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Chain.Contracts;

/// <summary>
/// Names a contract's custom error in revert data, e.g. ("NonceUsed", "NonceUsed(signer=0x.., nonce=7)"),
/// from the typed error bindings of that contract's binding namespaces. The name is the stable error
/// code the API reports and stores.
/// </summary>
public sealed class CustomErrors
{
    /// <summary>The attestation registry's errors (Contracts/Registry).</summary>
    public static readonly CustomErrors Registry = new(typeof(Registry.NonceUsedError).Namespace!);

    /// <summary>The reward token's and its factory's errors (Contracts/Rewards, Contracts/Rewards/ProgramFactory).</summary>
    public static readonly CustomErrors Rewards = new(
        typeof(Rewards.EnforcedPauseError).Namespace!, typeof(Rewards.ProgramFactory.UnknownProgramError).Namespace!);

    private readonly Dictionary<string, ErrorABI> _bySelector;

    private CustomErrors(params string[] namespaces) =>
        _bySelector = typeof(CustomErrors).Assembly.GetTypes()
            .Where(t => namespaces.Contains(t.Namespace) && t.GetCustomAttribute<ErrorAttribute>() is not null)
            .Select(t => new AttributesToABIExtractor().ExtractErrorABI(t)!)
            .ToDictionary(e => e.Sha3Signature.ToLowerInvariant(), StringComparer.Ordinal);

    public (string Code, string Detail) Describe(byte[] revertData)
    {
        if (revertData.Length < 4) return ("Reverted", "reverted without a reason");
        var selector = Convert.ToHexStringLower(revertData.AsSpan(0, 4));
        if (!_bySelector.TryGetValue(selector, out var error)) return ("Reverted", $"reverted with {Hex.Encode(revertData)}");
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

    /// <summary>The custom error of a refused eth_call / eth_estimateGas, or ("Reverted", the node's message).</summary>
    public (string Code, string Detail) Describe(RpcResponseException e)
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
