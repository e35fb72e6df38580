using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.Standards;

/// <summary>ERC-1271 <c>isValidSignature</c>: how a contract wallet says a signature is its own.</summary>
[Function("isValidSignature", "bytes4")]
public sealed class IsValidSignatureFunction : FunctionMessage
{
    public static readonly byte[] MagicValue = [0x16, 0x26, 0xba, 0x7e];

    [Parameter("bytes32", "hash", 1)] public byte[] Hash { get; set; } = [];
    [Parameter("bytes", "signature", 2)] public byte[] Signature { get; set; } = [];
}
