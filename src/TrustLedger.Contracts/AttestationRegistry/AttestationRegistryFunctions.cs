using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.AttestationRegistry;

// The registry functions the service calls. Names and types follow IAttestationRegistry.sol.

[Function("registerSchema", "bytes32")]
public sealed class RegisterSchemaFunction : FunctionMessage
{
    [Parameter("string", "schema", 1)] public string Schema { get; set; } = "";
    [Parameter("address", "hook", 2)] public string Hook { get; set; } = "0x0000000000000000000000000000000000000000";
    [Parameter("bool", "revocable", 3)] public bool Revocable { get; set; }
}

[Function("attest", "bytes32")]
public sealed class AttestFunction : FunctionMessage
{
    [Parameter("tuple", "request", 1)] public AttestationRequest Request { get; set; } = new();
}

[Function("multiAttest", "bytes32[]")]
public sealed class MultiAttestFunction : FunctionMessage
{
    [Parameter("tuple[]", "requests", 1)] public List<AttestationRequest> Requests { get; set; } = [];
}

[Function("attestByDelegation", "bytes32")]
public sealed class AttestByDelegationFunction : FunctionMessage
{
    [Parameter("tuple", "request", 1)] public DelegatedAttestationRequest Request { get; set; } = new();
}

[Function("multiAttestByDelegation", "bytes32[]")]
public sealed class MultiAttestByDelegationFunction : FunctionMessage
{
    [Parameter("tuple[]", "requests", 1)] public List<DelegatedAttestationRequest> Requests { get; set; } = [];
}

[Function("revoke")]
public sealed class RevokeFunction : FunctionMessage
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
}

[Function("multiRevokeByDelegation", "bool[]")]
public sealed class MultiRevokeByDelegationFunction : FunctionMessage
{
    [Parameter("tuple[]", "requests", 1)] public List<DelegatedRevocationRequest> Requests { get; set; } = [];
}

[Function("isValid", "bool")]
public sealed class IsValidFunction : FunctionMessage
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
}

[Function("isConfirmed", "bool")]
public sealed class IsConfirmedFunction : FunctionMessage
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
}

[Function("confirmationOf", "bytes32")]
public sealed class ConfirmationOfFunction : FunctionMessage
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
}

[Function("getAttestation", typeof(GetAttestationOutput))]
public sealed class GetAttestationFunction : FunctionMessage
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
}

[Function("getSchema", typeof(GetSchemaOutput))]
public sealed class GetSchemaFunction : FunctionMessage
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
}

[Function("isNonceUsed", "bool")]
public sealed class IsNonceUsedFunction : FunctionMessage
{
    [Parameter("address", "signer", 1)] public string Signer { get; set; } = "";
    // "Nonce" is the transaction nonce on FunctionMessage, so the argument has another C# name.
    [Parameter("uint96", "nonce", 2)] public BigInteger SignerNonce { get; set; }
}

[Function("attestationDigest", "bytes32")]
public sealed class AttestationDigestFunction : FunctionMessage
{
    [Parameter("tuple", "delegated", 1)] public DelegatedAttestationRequest Request { get; set; } = new();
}

[Function("revocationDigest", "bytes32")]
public sealed class RevocationDigestFunction : FunctionMessage
{
    [Parameter("tuple", "request", 1)] public DelegatedRevocationRequest Request { get; set; } = new();
}
