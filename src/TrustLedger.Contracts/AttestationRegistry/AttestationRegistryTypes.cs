using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.AttestationRegistry;

// Typed mirrors of contracts/AttestationTypes.sol. AbiBindingTests checks them against the artifact.

/// <summary>What an attester asks the registry to record.</summary>
public sealed class AttestationRequest
{
    [Parameter("bytes32", "schema", 1)] public byte[] Schema { get; set; } = new byte[32];
    [Parameter("address", "subject", 2)] public string Subject { get; set; } = "";
    [Parameter("uint48", "expiration", 3)] public ulong Expiration { get; set; }
    [Parameter("bytes32", "refUID", 4)] public byte[] RefUid { get; set; } = new byte[32];
    [Parameter("uint96", "nonce", 5)] public BigInteger Nonce { get; set; }
    [Parameter("bytes", "data", 6)] public byte[] Data { get; set; } = [];
}

/// <summary>An attestation request signed by <see cref="Attester"/> (EIP-712 "Attest").</summary>
public sealed class DelegatedAttestationRequest
{
    [Parameter("address", "attester", 1)] public string Attester { get; set; } = "";
    [Parameter("tuple", "request", 2)] public AttestationRequest Request { get; set; } = new();
    [Parameter("uint256", "deadline", 3)] public BigInteger Deadline { get; set; }
    [Parameter("bytes", "signature", 4)] public byte[] Signature { get; set; } = [];
}

/// <summary>A revocation signed by <see cref="Revoker"/> (EIP-712 "Revoke").</summary>
public sealed class DelegatedRevocationRequest
{
    [Parameter("address", "revoker", 1)] public string Revoker { get; set; } = "";
    [Parameter("bytes32", "uid", 2)] public byte[] Uid { get; set; } = new byte[32];
    [Parameter("uint96", "nonce", 3)] public BigInteger Nonce { get; set; }
    [Parameter("uint256", "deadline", 4)] public BigInteger Deadline { get; set; }
    [Parameter("bytes", "signature", 5)] public byte[] Signature { get; set; } = [];
}

/// <summary>What the registry stores of an attestation (refUID and data live in the event only).</summary>
public sealed class AttestationRecord
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
    [Parameter("bytes32", "schema", 2)] public byte[] Schema { get; set; } = [];
    [Parameter("address", "attester", 3)] public string Attester { get; set; } = "";
    [Parameter("address", "subject", 4)] public string Subject { get; set; } = "";
    [Parameter("uint48", "expiration", 5)] public ulong Expiration { get; set; }
    [Parameter("bool", "revocable", 6)] public bool Revocable { get; set; }
    [Parameter("bool", "revoked", 7)] public bool Revoked { get; set; }
}

public sealed class SchemaRecord
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
    [Parameter("address", "hook", 2)] public string Hook { get; set; } = "";
    [Parameter("bool", "revocable", 3)] public bool Revocable { get; set; }
}

[FunctionOutput]
public sealed class GetAttestationOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public AttestationRecord Record { get; set; } = new();
}

[FunctionOutput]
public sealed class GetSchemaOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public SchemaRecord Record { get; set; } = new();
}
