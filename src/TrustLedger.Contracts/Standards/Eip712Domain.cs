using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.Standards;

/// <summary>ERC-5267 <c>eip712Domain()</c>: how a contract describes its EIP-712 signing domain.</summary>
[Function("eip712Domain", typeof(Eip712DomainOutput))]
public sealed class Eip712DomainFunction : FunctionMessage;

[FunctionOutput]
public sealed class Eip712DomainOutput : IFunctionOutputDTO
{
    [Parameter("bytes1", "fields", 1)] public byte[] Fields { get; set; } = [];
    [Parameter("string", "name", 2)] public string Name { get; set; } = "";
    [Parameter("string", "version", 3)] public string Version { get; set; } = "";
    [Parameter("uint256", "chainId", 4)] public BigInteger ChainId { get; set; }
    [Parameter("address", "verifyingContract", 5)] public string VerifyingContract { get; set; } = "";
    [Parameter("bytes32", "salt", 6)] public byte[] Salt { get; set; } = [];
    [Parameter("uint256[]", "extensions", 7)] public List<BigInteger> Extensions { get; set; } = [];
}
