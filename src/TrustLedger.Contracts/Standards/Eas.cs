using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.Standards.Eas;

// The Ethereum Attestation Service (npm @ethereum-attestation-service/eas-contracts 1.9.0): the two
// events our indexer reads and the one view it calls, as EAS's IEAS.sol declares them. Attested and
// Revoked carry no payload; the attestation itself comes from getAttestation(uid).

[Event("Attested")]
public sealed class EasAttestedEvent : IEventDTO
{
    [Parameter("address", "recipient", 1, true)] public string Recipient { get; set; } = "";
    [Parameter("address", "attester", 2, true)] public string Attester { get; set; } = "";
    [Parameter("bytes32", "uid", 3, false)] public byte[] Uid { get; set; } = [];
    [Parameter("bytes32", "schemaUID", 4, true)] public byte[] SchemaUid { get; set; } = [];
}

[Event("Revoked")]
public sealed class EasRevokedEvent : IEventDTO
{
    [Parameter("address", "recipient", 1, true)] public string Recipient { get; set; } = "";
    [Parameter("address", "attester", 2, true)] public string Attester { get; set; } = "";
    [Parameter("bytes32", "uid", 3, false)] public byte[] Uid { get; set; } = [];
    [Parameter("bytes32", "schemaUID", 4, true)] public byte[] SchemaUid { get; set; } = [];
}

/// <summary>EAS's <c>struct Attestation</c> (Common.sol).</summary>
public sealed class EasAttestation
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
    [Parameter("bytes32", "schema", 2)] public byte[] Schema { get; set; } = [];
    [Parameter("uint64", "time", 3)] public ulong Time { get; set; }
    [Parameter("uint64", "expirationTime", 4)] public ulong ExpirationTime { get; set; }
    [Parameter("uint64", "revocationTime", 5)] public ulong RevocationTime { get; set; }
    [Parameter("bytes32", "refUID", 6)] public byte[] RefUid { get; set; } = [];
    [Parameter("address", "recipient", 7)] public string Recipient { get; set; } = "";
    [Parameter("address", "attester", 8)] public string Attester { get; set; } = "";
    [Parameter("bool", "revocable", 9)] public bool Revocable { get; set; }
    [Parameter("bytes", "data", 10)] public byte[] Data { get; set; } = [];
}

[Function("getAttestation", typeof(EasGetAttestationOutput))]
public sealed class EasGetAttestationFunction : FunctionMessage
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
}

[FunctionOutput]
public sealed class EasGetAttestationOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public EasAttestation Attestation { get; set; } = new();
}

// Used by tests and tools to drive a local EAS: SchemaRegistry.register, EAS.attest, EAS.revoke.

[Function("register", "bytes32")]
public sealed class EasRegisterSchemaFunction : FunctionMessage
{
    [Parameter("string", "schema", 1)] public string Schema { get; set; } = "";
    [Parameter("address", "resolver", 2)] public string Resolver { get; set; } = "0x0000000000000000000000000000000000000000";
    [Parameter("bool", "revocable", 3)] public bool Revocable { get; set; } = true;
}

public sealed class EasAttestationRequestData
{
    [Parameter("address", "recipient", 1)] public string Recipient { get; set; } = "";
    [Parameter("uint64", "expirationTime", 2)] public ulong ExpirationTime { get; set; }
    [Parameter("bool", "revocable", 3)] public bool Revocable { get; set; } = true;
    [Parameter("bytes32", "refUID", 4)] public byte[] RefUid { get; set; } = new byte[32];
    [Parameter("bytes", "data", 5)] public byte[] Data { get; set; } = [];
    [Parameter("uint256", "value", 6)] public BigInteger Value { get; set; }
}

public sealed class EasAttestationRequest
{
    [Parameter("bytes32", "schema", 1)] public byte[] Schema { get; set; } = [];
    [Parameter("tuple", "data", 2)] public EasAttestationRequestData Data { get; set; } = new();
}

[Function("attest", "bytes32")]
public sealed class EasAttestFunction : FunctionMessage
{
    [Parameter("tuple", "request", 1)] public EasAttestationRequest Request { get; set; } = new();
}

public sealed class EasRevocationRequestData
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
    [Parameter("uint256", "value", 2)] public BigInteger Value { get; set; }
}

public sealed class EasRevocationRequest
{
    [Parameter("bytes32", "schema", 1)] public byte[] Schema { get; set; } = [];
    [Parameter("tuple", "data", 2)] public EasRevocationRequestData Data { get; set; } = new();
}

[Function("revoke")]
public sealed class EasRevokeFunction : FunctionMessage
{
    [Parameter("tuple", "request", 1)] public EasRevocationRequest Request { get; set; } = new();
}
