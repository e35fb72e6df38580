using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.ReputationSnapshots;

// Events of ReputationSnapshots: the service reads SnapshotPublished to find the transaction that
// made an epoch final; the others let co-publishers and monitors follow the M-of-N vote.

[Event("SnapshotPublished")]
public sealed class SnapshotPublishedEvent : IEventDTO
{
    [Parameter("uint64", "epoch", 1, true)] public ulong Epoch { get; set; }
    [Parameter("bytes32", "merkleRoot", 2, true)] public byte[] MerkleRoot { get; set; } = [];
    [Parameter("bytes32", "snapshotHash", 3, true)] public byte[] SnapshotHash { get; set; } = [];
    [Parameter("bytes32", "parametersHash", 4, false)] public byte[] ParametersHash { get; set; } = [];
    [Parameter("uint64", "computedAtBlock", 5, false)] public ulong ComputedAtBlock { get; set; }
    [Parameter("uint32", "scoringVersion", 6, false)] public uint ScoringVersion { get; set; }
    [Parameter("uint32", "partyCount", 7, false)] public uint PartyCount { get; set; }
}

[Event("SnapshotProposed")]
public sealed class SnapshotProposedEvent : IEventDTO
{
    [Parameter("uint64", "epoch", 1, true)] public ulong Epoch { get; set; }
    [Parameter("bytes32", "snapshotHash", 2, true)] public byte[] SnapshotHash { get; set; } = [];
    [Parameter("address", "publisher", 3, true)] public string Publisher { get; set; } = "";
    [Parameter("tuple", "snapshot", 4, false)] public SnapshotData Snapshot { get; set; } = new();
}

[Event("SnapshotApproved")]
public sealed class SnapshotApprovedEvent : IEventDTO
{
    [Parameter("uint64", "epoch", 1, true)] public ulong Epoch { get; set; }
    [Parameter("bytes32", "snapshotHash", 2, true)] public byte[] SnapshotHash { get; set; } = [];
    [Parameter("address", "publisher", 3, true)] public string Publisher { get; set; } = "";
    [Parameter("uint256", "approvals", 4, false)] public BigInteger Approvals { get; set; }
    [Parameter("uint256", "threshold", 5, false)] public BigInteger Threshold { get; set; }
}

[Event("ConflictingSnapshotProposed")]
public sealed class ConflictingSnapshotProposedEvent : IEventDTO
{
    [Parameter("uint64", "epoch", 1, true)] public ulong Epoch { get; set; }
    [Parameter("bytes32", "snapshotHash", 2, true)] public byte[] SnapshotHash { get; set; } = [];
    [Parameter("bytes32", "firstSnapshotHash", 3, true)] public byte[] FirstSnapshotHash { get; set; } = [];
    [Parameter("address", "publisher", 4, false)] public string Publisher { get; set; } = "";
}

[Event("ApprovalWithdrawn")]
public sealed class ApprovalWithdrawnEvent : IEventDTO
{
    [Parameter("uint64", "epoch", 1, true)] public ulong Epoch { get; set; }
    [Parameter("bytes32", "snapshotHash", 2, true)] public byte[] SnapshotHash { get; set; } = [];
    [Parameter("address", "publisher", 3, true)] public string Publisher { get; set; } = "";
}

[Event("ThresholdChanged")]
public sealed class ThresholdChangedEvent : IEventDTO
{
    [Parameter("uint256", "previousThreshold", 1, false)] public BigInteger PreviousThreshold { get; set; }
    [Parameter("uint256", "newThreshold", 2, false)] public BigInteger NewThreshold { get; set; }
}
