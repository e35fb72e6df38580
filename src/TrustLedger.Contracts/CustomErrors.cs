using System.Reflection;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;

namespace TrustLedger.Contracts;

/// <summary>
/// Names a contract's custom error in revert data, e.g. ("NonceUsed", "NonceUsed(signer=0x.., nonce=7)"),
/// from the typed error classes in that contract's binding folder. The name is the stable error
/// code the API reports and stores. The one decoder for every contract.
/// </summary>
public sealed class CustomErrors
{
    /// <summary>The attestation registry's errors (AttestationRegistry/).</summary>
    public static readonly CustomErrors Registry = new(typeof(AttestationRegistry.NonceUsedError).Namespace!);

    /// <summary>The reward token's and its factory's errors (RewardToken/, RewardProgramFactory/).</summary>
    public static readonly CustomErrors Rewards = new(
        typeof(RewardToken.EnforcedPauseError).Namespace!, typeof(RewardProgramFactory.UnknownProgramError).Namespace!, StandardsNamespace);

    /// <summary>The snapshot contract's errors, its AccessControl's included (ReputationSnapshots/).</summary>
    public static readonly CustomErrors Snapshots = new(typeof(ReputationSnapshots.EpochNotOpenError).Namespace!, StandardsNamespace);

    private static string StandardsNamespace => typeof(Standards.AccessControlUnauthorizedAccountError).Namespace!;

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
        if (!_bySelector.TryGetValue(selector, out var error)) return ("Reverted", $"reverted with {HexOf(revertData)}");
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
    public (string Code, string Detail) Describe(Exception e) => RevertDataOf(e) is { Length: >= 4 } data
        ? Describe(data)
        : ("Reverted", e is RpcResponseException rpc ? rpc.RpcError?.Message ?? rpc.Message : e.Message);

    /// <summary>The revert data a node attached to a failed eth_call / eth_estimateGas, if any.</summary>
    public static byte[]? RevertDataOf(Exception e) => e switch
    {
        RpcResponseException { RpcError.Data: { } data } => BytesOf(data.ToString()),
        SmartContractCustomErrorRevertException custom => BytesOf(custom.ExceptionEncodedData),
        _ => null,
    };

    private static byte[]? BytesOf(string? hex)
    {
        var text = (hex ?? "").Trim('"');
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) text = text[2..];
        if (text.Length % 2 != 0) return null;
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string HexOf(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static string Format(object? value) => value switch
    {
        byte[] bytes => HexOf(bytes),
        null => "null",
        _ => value.ToString()!.ToLowerInvariant(),
    };
}
