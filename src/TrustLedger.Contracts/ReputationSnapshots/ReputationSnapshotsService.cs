using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace TrustLedger.Contracts.ReputationSnapshots;

/// <summary>Where an epoch became final: the SnapshotPublished log.</summary>
public sealed record PublishedSnapshotLog(SnapshotPublishedEvent Event, string TxHash, long BlockNumber);

/// <summary>
/// Typed calls to one ReputationSnapshots contract: what the service's publisher, the API and the
/// CLI read (latest epoch, a published snapshot, on-chain verification) and the publish call data.
/// Sending is left to the caller, who owns the account and its retries.
/// </summary>
public sealed class ReputationSnapshotsService(IWeb3 web3, string address)
{
    public string Address { get; } = address.ToLowerInvariant();

    public Task<ulong> LatestEpochAsync() =>
        web3.Eth.GetContractQueryHandler<LatestEpochFunction>().QueryAsync<ulong>(Address, new LatestEpochFunction());

    public Task<BigInteger> ThresholdAsync() =>
        web3.Eth.GetContractQueryHandler<ThresholdFunction>().QueryAsync<BigInteger>(Address, new ThresholdFunction());

    /// <summary>The published snapshot of <paramref name="epoch"/>, or null if it is not published (yet).</summary>
    public async Task<SnapshotData?> SnapshotAtAsync(ulong epoch)
    {
        if (epoch == 0 || epoch > await LatestEpochAsync()) return null;
        return (await web3.Eth.GetContractQueryHandler<SnapshotAtFunction>()
            .QueryDeserializingToObjectAsync<SnapshotAtOutput>(new SnapshotAtFunction { Epoch = epoch }, Address)).Snapshot;
    }

    /// <summary>The contract's own verdict on a leaf and its proof (the view <c>verifyScore</c>).</summary>
    public Task<bool> VerifyScoreAsync(VerifyScoreFunction leafAndProof) =>
        web3.Eth.GetContractQueryHandler<VerifyScoreFunction>().QueryAsync<bool>(Address, leafAndProof);

    public Task<BigInteger> PublisherCountAsync() =>
        web3.Eth.GetContractQueryHandler<PublisherCountFunction>().QueryAsync<BigInteger>(Address, new PublisherCountFunction());

    public Task<byte[]> PublisherRoleAsync() =>
        web3.Eth.GetContractQueryHandler<PublisherRoleFunction>().QueryAsync<byte[]>(Address, new PublisherRoleFunction());

    public Task<bool> HasRoleAsync(byte[] role, string account) =>
        web3.Eth.GetContractQueryHandler<HasRoleFunction>().QueryAsync<bool>(Address, new HasRoleFunction { Role = role, Account = account });

    /// <summary>The snapshot hash <paramref name="publisher"/> approved in <paramref name="epoch"/> (zero if none; always zero at threshold 1).</summary>
    public Task<byte[]> ApprovalOfAsync(ulong epoch, string publisher) =>
        web3.Eth.GetContractQueryHandler<ApprovalOfFunction>()
            .QueryAsync<byte[]>(Address, new ApprovalOfFunction { Epoch = epoch, Publisher = publisher });

    /// <summary>What the contract hashes a snapshot to (what publishers approve).</summary>
    public Task<byte[]> HashSnapshotAsync(SnapshotData snapshot) =>
        web3.Eth.GetContractQueryHandler<HashSnapshotFunction>().QueryAsync<byte[]>(Address, new HashSnapshotFunction { Snapshot = snapshot });

    /// <summary>The SnapshotPublished log of <paramref name="epoch"/>, searched from <paramref name="fromBlock"/>; null if none.</summary>
    public async Task<PublishedSnapshotLog?> FindPublishedAsync(ulong epoch, long fromBlock = 0)
    {
        // One log per epoch: Nethereum's own (reflecting) decoder is fast enough here.
        var topic0 = "0x" + Nethereum.Contracts.ABITypedRegistry.GetEvent<SnapshotPublishedEvent>().Sha3Signature;
        var filter = new NewFilterInput
        {
            Address = [Address],
            FromBlock = new BlockParameter(new HexBigInteger(fromBlock)),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [topic0, "0x" + epoch.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)],
        };
        var logs = await web3.Client.SendRequestAsync<FilterLog[]>(new RpcRequest(1, "eth_getLogs", filter)) ?? [];
        var log = logs.FirstOrDefault(l => !l.Removed);
        return log is null ? null : new PublishedSnapshotLog(log.DecodeEvent<SnapshotPublishedEvent>().Event, log.TransactionHash.ToLowerInvariant(), (long)log.BlockNumber.Value);
    }

    /// <summary>The on-chain content of a computed snapshot (roots as 32 bytes).</summary>
    public static SnapshotData ContentOf(byte[] merkleRoot, byte[] parametersHash, long computedAtBlock, uint scoringVersion, int partyCount) => new()
    {
        MerkleRoot = merkleRoot,
        ParametersHash = parametersHash,
        ComputedAtBlock = checked((ulong)computedAtBlock),
        ScoringVersion = scoringVersion,
        PartyCount = checked((uint)partyCount),
    };

    /// <summary>True when two contents are identical field by field (what M-of-N publishers must agree on).</summary>
    public static bool SameContent(SnapshotData a, SnapshotData b) =>
        a.MerkleRoot.AsSpan().SequenceEqual(b.MerkleRoot) && a.ParametersHash.AsSpan().SequenceEqual(b.ParametersHash)
        && a.ComputedAtBlock == b.ComputedAtBlock && a.ScoringVersion == b.ScoringVersion && a.PartyCount == b.PartyCount;
}
