using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.ReputationSnapshots;

// The ReputationSnapshots functions the service and the CLI call. Names and types follow
// contracts/snapshots/IReputationSnapshots.sol and OpenZeppelin's AccessControl.

[Function("publish", "bool")]
public sealed class PublishFunction : FunctionMessage
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("tuple", "snapshot", 2)] public SnapshotData Snapshot { get; set; } = new();
}

[Function("withdrawApproval")]
public sealed class WithdrawApprovalFunction : FunctionMessage
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
}

[Function("setThreshold")]
public sealed class SetThresholdFunction : FunctionMessage
{
    [Parameter("uint256", "newThreshold", 1)] public BigInteger NewThreshold { get; set; }
}

[Function("threshold", "uint256")]
public sealed class ThresholdFunction : FunctionMessage;

[Function("publisherCount", "uint256")]
public sealed class PublisherCountFunction : FunctionMessage;

[Function("latestEpoch", "uint64")]
public sealed class LatestEpochFunction : FunctionMessage;

[Function("snapshotAt", typeof(SnapshotAtOutput))]
public sealed class SnapshotAtFunction : FunctionMessage
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
}

[Function("approvalCount", "uint256")]
public sealed class ApprovalCountFunction : FunctionMessage
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("bytes32", "snapshotHash", 2)] public byte[] SnapshotHash { get; set; } = new byte[32];
}

[Function("approvalOf", "bytes32")]
public sealed class ApprovalOfFunction : FunctionMessage
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("address", "publisher", 2)] public string Publisher { get; set; } = "";
}

[Function("hashSnapshot", "bytes32")]
public sealed class HashSnapshotFunction : FunctionMessage
{
    [Parameter("tuple", "snapshot", 1)] public SnapshotData Snapshot { get; set; } = new();
}

[Function("leafHash", "bytes32")]
public sealed class LeafHashFunction : FunctionMessage
{
    [Parameter("address", "party", 1)] public string Party { get; set; } = "";
    [Parameter("uint256", "score", 2)] public BigInteger Score { get; set; }
    [Parameter("uint256", "rank", 3)] public BigInteger Rank { get; set; }
    [Parameter("uint256", "evidenceCount", 4)] public BigInteger EvidenceCount { get; set; }
}

[Function("verifyLeaf", "bool")]
public sealed class VerifyLeafFunction : FunctionMessage
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("bytes32", "leaf", 2)] public byte[] Leaf { get; set; } = new byte[32];
    [Parameter("bytes32[]", "proof", 3)] public List<byte[]> Proof { get; set; } = [];
}

[Function("verifyScore", "bool")]
public sealed class VerifyScoreFunction : FunctionMessage
{
    [Parameter("uint64", "epoch", 1)] public ulong Epoch { get; set; }
    [Parameter("address", "party", 2)] public string Party { get; set; } = "";
    [Parameter("uint256", "score", 3)] public BigInteger Score { get; set; }
    [Parameter("uint256", "rank", 4)] public BigInteger Rank { get; set; }
    [Parameter("uint256", "evidenceCount", 5)] public BigInteger EvidenceCount { get; set; }
    [Parameter("bytes32[]", "proof", 6)] public List<byte[]> Proof { get; set; } = [];
}

[Function("PUBLISHER_ROLE", "bytes32")]
public sealed class PublisherRoleFunction : FunctionMessage;

[Function("hasRole", "bool")]
public sealed class HasRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = new byte[32];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

[Function("grantRole")]
public sealed class GrantRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = new byte[32];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

[Function("revokeRole")]
public sealed class RevokeRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = new byte[32];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}
