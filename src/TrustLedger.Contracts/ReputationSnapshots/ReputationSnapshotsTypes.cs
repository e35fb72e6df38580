using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.ReputationSnapshots;

// Typed mirror of IReputationSnapshots.Snapshot. AbiBindingTests checks it against the artifact.

/// <summary>One epoch's snapshot as the contract stores and publishers approve it.</summary>
public sealed class SnapshotData
{
    [Parameter("bytes32", "merkleRoot", 1)] public byte[] MerkleRoot { get; set; } = new byte[32];
    [Parameter("bytes32", "parametersHash", 2)] public byte[] ParametersHash { get; set; } = new byte[32];
    [Parameter("uint64", "computedAtBlock", 3)] public ulong ComputedAtBlock { get; set; }
    [Parameter("uint32", "scoringVersion", 4)] public uint ScoringVersion { get; set; }
    [Parameter("uint32", "partyCount", 5)] public uint PartyCount { get; set; }
}

[FunctionOutput]
public sealed class SnapshotAtOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public SnapshotData Snapshot { get; set; } = new();
}

[FunctionOutput]
public sealed class PublishOutput : IFunctionOutputDTO
{
    [Parameter("bool", "published", 1)] public bool Published { get; set; }
}

[FunctionOutput]
public sealed class UInt256Output : IFunctionOutputDTO
{
    [Parameter("uint256", "", 1)] public BigInteger Value { get; set; }
}
