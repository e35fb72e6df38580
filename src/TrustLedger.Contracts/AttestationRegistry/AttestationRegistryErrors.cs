using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.AttestationRegistry;

// Custom errors of the registry, decoded from revert data (a skipped batch item's reason, or a
// failed eth_call). Each maps to a problem-details type named after the Solidity error.

[Error("SchemaAlreadyRegistered")]
public sealed class SchemaAlreadyRegisteredError { [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = []; }

[Error("HookNotAContract")]
public sealed class HookNotAContractError { [Parameter("address", "hook", 1)] public string Hook { get; set; } = ""; }

[Error("UnknownSchema")]
public sealed class UnknownSchemaError { [Parameter("bytes32", "schema", 1)] public byte[] Schema { get; set; } = []; }

[Error("SelfAttestation")]
public sealed class SelfAttestationError { [Parameter("address", "attester", 1)] public string Attester { get; set; } = ""; }

[Error("ZeroSubject")]
public sealed class ZeroSubjectError;

[Error("ExpirationInPast")]
public sealed class ExpirationInPastError
{
    [Parameter("uint48", "expiration", 1)] public ulong Expiration { get; set; }
    [Parameter("uint256", "timestamp", 2)] public BigInteger Timestamp { get; set; }
}

[Error("UnknownRefUID")]
public sealed class UnknownRefUidError { [Parameter("bytes32", "refUID", 1)] public byte[] RefUid { get; set; } = []; }

[Error("NonceUsed")]
public sealed class NonceUsedError
{
    [Parameter("address", "signer", 1)] public string Signer { get; set; } = "";
    [Parameter("uint96", "nonce", 2)] public BigInteger Nonce { get; set; }
}

[Error("DeadlinePassed")]
public sealed class DeadlinePassedError
{
    [Parameter("uint256", "deadline", 1)] public BigInteger Deadline { get; set; }
    [Parameter("uint256", "timestamp", 2)] public BigInteger Timestamp { get; set; }
}

[Error("InvalidSignature")]
public sealed class InvalidSignatureError
{
    [Parameter("address", "signer", 1)] public string Signer { get; set; } = "";
    [Parameter("bytes32", "digest", 2)] public byte[] Digest { get; set; } = [];
}

[Error("UnknownAttestation")]
public sealed class UnknownAttestationError { [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = []; }

[Error("NotAttester")]
public sealed class NotAttesterError
{
    [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = [];
    [Parameter("address", "caller", 2)] public string Caller { get; set; } = "";
}

[Error("NotRevocable")]
public sealed class NotRevocableError { [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = []; }

[Error("AlreadyRevoked")]
public sealed class AlreadyRevokedError { [Parameter("bytes32", "uid", 1)] public byte[] Uid { get; set; } = []; }
