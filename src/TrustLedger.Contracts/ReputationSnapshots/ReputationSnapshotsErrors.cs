using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.ReputationSnapshots;

// Custom errors of ReputationSnapshots (and OpenZeppelin's AccessControl), decoded from revert
// data by SnapshotsRevert; the Solidity name is the stable code the service reports.

[Error("InvalidAdmin")]
public sealed class InvalidAdminError { [Parameter("address", "admin", 1)] public string Admin { get; set; } = ""; }

[Error("InvalidThreshold")]
public sealed class InvalidThresholdError { [Parameter("uint256", "threshold", 1)] public BigInteger Threshold { get; set; } }

[Error("ThresholdAbovePublishers")]
public sealed class ThresholdAbovePublishersError
{
    [Parameter("uint256", "threshold", 1)] public BigInteger Threshold { get; set; }
    [Parameter("uint256", "publishers", 2)] public BigInteger Publishers { get; set; }
}

[Error("PublishersBelowThreshold")]
public sealed class PublishersBelowThresholdError
{
    [Parameter("uint256", "publishers", 1)] public BigInteger Publishers { get; set; }
    [Parameter("uint256", "threshold", 2)] public BigInteger Threshold { get; set; }
}

[Error("InvalidPublisher")]
public sealed class InvalidPublisherError { [Parameter("address", "publisher", 1)] public string Publisher { get; set; } = ""; }

[Error("EpochNotOpen")]
public sealed class EpochNotOpenError
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("uint64", "nextEpoch", 2)] public ulong NextEpoch { get; set; }
}

[Error("EpochNotPublished")]
public sealed class EpochNotPublishedError { [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; } }

[Error("EmptySnapshot")]
public sealed class EmptySnapshotError
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("bytes32", "merkleRoot", 2)] public byte[] MerkleRoot { get; set; } = [];
    [Parameter("uint32", "partyCount", 3)] public uint PartyCount { get; set; }
}

[Error("SnapshotBlockInFuture")]
public sealed class SnapshotBlockInFutureError
{
    [Parameter("uint64", "computedAtBlock", 1)] public ulong ComputedAtBlock { get; set; }
    [Parameter("uint256", "currentBlock", 2)] public BigInteger CurrentBlock { get; set; }
}

[Error("SnapshotBlockBeforePrevious")]
public sealed class SnapshotBlockBeforePreviousError
{
    [Parameter("uint64", "computedAtBlock", 1)] public ulong ComputedAtBlock { get; set; }
    [Parameter("uint64", "previousComputedAtBlock", 2)] public ulong PreviousComputedAtBlock { get; set; }
}

[Error("AlreadyApproved")]
public sealed class AlreadyApprovedError
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("address", "publisher", 2)] public string Publisher { get; set; } = "";
    [Parameter("bytes32", "approvedSnapshotHash", 3)] public byte[] ApprovedSnapshotHash { get; set; } = [];
}

[Error("NoApprovalToWithdraw")]
public sealed class NoApprovalToWithdrawError
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("address", "publisher", 2)] public string Publisher { get; set; } = "";
}
