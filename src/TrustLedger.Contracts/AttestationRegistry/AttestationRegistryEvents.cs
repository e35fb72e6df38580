using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.AttestationRegistry;

// Events the indexer and the relayer read. Each carries what is needed without storage reads.

[Event("SchemaRegistered")]
public sealed class SchemaRegisteredEvent : IEventDTO
{
    [Parameter("bytes32", "uid", 1, true)] public byte[] Uid { get; set; } = [];
    [Parameter("address", "registerer", 2, true)] public string Registerer { get; set; } = "";
    [Parameter("address", "hook", 3, true)] public string Hook { get; set; } = "";
    [Parameter("bool", "revocable", 4, false)] public bool Revocable { get; set; }
    [Parameter("string", "schema", 5, false)] public string Schema { get; set; } = "";
}

[Event("Attested")]
public sealed class AttestedEvent : IEventDTO
{
    [Parameter("bytes32", "schema", 1, true)] public byte[] Schema { get; set; } = [];
    [Parameter("address", "attester", 2, true)] public string Attester { get; set; } = "";
    [Parameter("address", "subject", 3, true)] public string Subject { get; set; } = "";
    [Parameter("bytes32", "uid", 4, false)] public byte[] Uid { get; set; } = [];
    [Parameter("bytes32", "refUID", 5, false)] public byte[] RefUid { get; set; } = [];
    [Parameter("uint48", "expiration", 6, false)] public ulong Expiration { get; set; }
    [Parameter("bytes", "data", 7, false)] public byte[] Data { get; set; } = [];
}

[Event("Revoked")]
public sealed class RevokedEvent : IEventDTO
{
    [Parameter("bytes32", "uid", 1, true)] public byte[] Uid { get; set; } = [];
    [Parameter("address", "attester", 2, true)] public string Attester { get; set; } = "";
    [Parameter("address", "subject", 3, true)] public string Subject { get; set; } = "";
}

[Event("Confirmed")]
public sealed class ConfirmedEvent : IEventDTO
{
    [Parameter("bytes32", "uid", 1, true)] public byte[] Uid { get; set; } = [];
    [Parameter("bytes32", "confirmationUid", 2, true)] public byte[] ConfirmationUid { get; set; } = [];
}

[Event("NonceCancelled")]
public sealed class NonceCancelledEvent : IEventDTO
{
    [Parameter("address", "signer", 1, true)] public string Signer { get; set; } = "";
    [Parameter("uint96", "nonce", 2, false)] public BigInteger Nonce { get; set; }
}

[Event("BatchItemSkipped")]
public sealed class BatchItemSkippedEvent : IEventDTO
{
    [Parameter("uint256", "index", 1, false)] public BigInteger Index { get; set; }
    [Parameter("address", "signer", 2, true)] public string Signer { get; set; } = "";
    [Parameter("uint96", "nonce", 3, false)] public BigInteger Nonce { get; set; }
    /// <summary>Who sent the batch: our relayer, or a hook running its own batch inside ours (not our result).</summary>
    [Parameter("address", "submitter", 4, false)] public string Submitter { get; set; } = "";
    [Parameter("bytes", "reason", 5, false)] public byte[] Reason { get; set; } = [];
}
