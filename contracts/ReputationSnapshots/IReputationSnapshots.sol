// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Reputation snapshots anchored on chain
/// @notice Each scoring epoch publishes the Merkle root over every party's
/// (party, score, rank, evidenceCount) leaf, plus what is needed to recompute it: the block
/// height the scores were computed at, the scoring version and a hash of the parameters.
/// Anyone holding a leaf and its proof can check it against a root here, without trusting the
/// service that computed it. Past roots stay readable forever.
///
/// Leaves follow OpenZeppelin's StandardMerkleTree convention (see docs/snapshots.md):
/// `leaf = keccak256(bytes.concat(keccak256(abi.encode(party, score, rank, evidenceCount))))`,
/// inner nodes hash the sorted pair. `score` is fixed point with 2 decimals: 0..10000 stands for
/// 0.00..100.00.
///
/// Publishing is M-of-N: with `threshold() == 1` one publisher's transaction publishes the
/// epoch; with a threshold M > 1, M distinct current publishers must approve the identical
/// snapshot (same root, parameters hash, block, version and party count) before it is final.
interface IReputationSnapshots {
    /// @notice The content of one epoch's snapshot; what publishers approve and what is stored.
    /// @param merkleRoot root over all leaves of the epoch (StandardMerkleTree convention)
    /// @param parametersHash keccak256 of the scoring parameters (opaque here; see docs/snapshots.md)
    /// @param computedAtBlock block height of this chain whose state the scores were computed from
    /// @param scoringVersion version of the scoring algorithm that produced the scores
    /// @param partyCount number of leaves in the tree
    struct Snapshot {
        bytes32 merkleRoot;
        bytes32 parametersHash;
        uint64 computedAtBlock;
        uint32 scoringVersion;
        uint32 partyCount;
    }

    /// @notice An epoch's snapshot became final: this is the record verifiers and indexers use.
    event SnapshotPublished(
        uint64 indexed epoch,
        bytes32 indexed merkleRoot,
        bytes32 indexed snapshotHash,
        bytes32 parametersHash,
        uint64 computedAtBlock,
        uint32 scoringVersion,
        uint32 partyCount
    );

    /// @notice A snapshot content was put forward for an open epoch for the first time (M > 1 only).
    event SnapshotProposed(
        uint64 indexed epoch,
        bytes32 indexed snapshotHash,
        address indexed publisher,
        Snapshot snapshot
    );

    /// @notice A publisher approved a snapshot (M > 1 only). `approvals` counts current publishers only.
    event SnapshotApproved(
        uint64 indexed epoch,
        bytes32 indexed snapshotHash,
        address indexed publisher,
        uint256 approvals,
        uint256 threshold
    );

    /// @notice A second, different snapshot was proposed for an epoch that already had one:
    /// the publishers disagree (a bug or a compromised server). Neither is final until one
    /// reaches the threshold; publishers can withdraw and re-approve.
    event ConflictingSnapshotProposed(
        uint64 indexed epoch,
        bytes32 indexed snapshotHash,
        bytes32 indexed firstSnapshotHash,
        address publisher
    );

    /// @notice A publisher withdrew its approval for an open epoch.
    event ApprovalWithdrawn(uint64 indexed epoch, bytes32 indexed snapshotHash, address indexed publisher);

    /// @notice The number of approvals needed to publish changed.
    event ThresholdChanged(uint256 previousThreshold, uint256 newThreshold);

    /// @notice The constructor was given the zero address as admin.
    error InvalidAdmin(address admin);
    /// @notice A threshold of zero would let nobody (or anybody) publish.
    error InvalidThreshold(uint256 threshold);
    /// @notice M-of-N needs M <= N: a threshold above the number of publishers could never be met.
    error ThresholdAbovePublishers(uint256 threshold, uint256 publishers);
    /// @notice Revoking (or renouncing) this publisher would leave fewer publishers than the threshold;
    /// lower the threshold first.
    error PublishersBelowThreshold(uint256 publishers, uint256 threshold);
    /// @notice The zero address cannot be a publisher.
    error InvalidPublisher(address publisher);
    /// @notice Only the next epoch (`latestEpoch() + 1`) accepts proposals and withdrawals.
    error EpochNotOpen(uint64 epoch, uint64 nextEpoch);
    /// @notice Nothing was published for this epoch (yet).
    error EpochNotPublished(uint64 epoch);
    /// @notice A snapshot needs a non-zero root and at least one party.
    error EmptySnapshot(uint64 epoch, bytes32 merkleRoot, uint32 partyCount);
    /// @notice Scores can only be computed from a block that already exists.
    error SnapshotBlockInFuture(uint64 computedAtBlock, uint256 currentBlock);
    /// @notice Epochs move forward in chain height: a snapshot cannot predate the previous one.
    error SnapshotBlockBeforePrevious(uint64 computedAtBlock, uint64 previousComputedAtBlock);
    /// @notice Each publisher approves at most one snapshot per epoch (withdraw first to change).
    error AlreadyApproved(uint64 epoch, address publisher, bytes32 approvedSnapshotHash);
    /// @notice The caller has no approval to withdraw for this epoch.
    error NoApprovalToWithdraw(uint64 epoch, address publisher);

    /// @notice Proposes or approves `snapshot` as the content of `epoch`; publishes it once
    /// `threshold()` current publishers approved the identical content. Gas does not depend on
    /// the number of parties. Requires PUBLISHER_ROLE.
    /// @param epoch must equal `latestEpoch() + 1` (guards against a late vote landing on a later epoch)
    /// @param snapshot the content; `computedAtBlock` must be below the current block and not
    /// below the previous epoch's
    /// @return published true if this call made the epoch final
    function publish(uint64 epoch, Snapshot calldata snapshot) external returns (bool published);

    /// @notice Withdraws the caller's approval for the open `epoch`, so it can approve another snapshot.
    /// @param epoch the open epoch (`latestEpoch() + 1`)
    function withdrawApproval(uint64 epoch) external;

    /// @notice Sets how many publishers must approve identical content. Requires DEFAULT_ADMIN_ROLE.
    /// A lowered threshold applies from the next approval on.
    /// @param newThreshold at least 1 and at most `publisherCount()` (1 while there is no publisher)
    function setThreshold(uint256 newThreshold) external;

    /// @notice The number of approvals a snapshot needs to become final.
    function threshold() external view returns (uint256);

    /// @notice The number of accounts holding PUBLISHER_ROLE (N in M-of-N). Never below `threshold()` once
    /// `threshold() > 1`: revoking a publisher that far is refused.
    function publisherCount() external view returns (uint256);

    /// @notice The last published epoch; 0 before the first. Epochs are 1, 2, 3, ... without gaps.
    function latestEpoch() external view returns (uint64);

    /// @notice The published snapshot of `epoch`; reverts with EpochNotPublished otherwise.
    /// @param epoch 1..latestEpoch()
    function snapshotAt(uint64 epoch) external view returns (Snapshot memory);

    /// @notice Approvals of current publishers for `snapshotHash` in the open or a past epoch.
    /// @param epoch the epoch
    /// @param snapshotHash `hashSnapshot(snapshot)`
    function approvalCount(uint64 epoch, bytes32 snapshotHash) external view returns (uint256);

    /// @notice The snapshot hash `publisher` approved in `epoch`, or zero (always zero when M = 1).
    /// @param epoch the epoch
    /// @param publisher the publisher
    function approvalOf(uint64 epoch, address publisher) external view returns (bytes32);

    /// @notice The identity of a snapshot's content, as approved by publishers: keccak256(abi.encode(snapshot)).
    /// @param snapshot the content
    function hashSnapshot(Snapshot calldata snapshot) external pure returns (bytes32);

    /// @notice The leaf of one party: keccak256(bytes.concat(keccak256(abi.encode(party, score, rank, evidenceCount)))).
    /// @param party the scored address
    /// @param score fixed point, 2 decimals (0..10000 = 0.00..100.00)
    /// @param rank 1 = best
    /// @param evidenceCount number of attestations the score rests on
    function leafHash(address party, uint256 score, uint256 rank, uint256 evidenceCount)
        external
        pure
        returns (bytes32);

    /// @notice True if `leaf` with `proof` hashes up to the root of published `epoch`.
    /// Reverts with EpochNotPublished for an unknown epoch.
    /// @param epoch a published epoch
    /// @param leaf a leaf hash (see leafHash)
    /// @param proof sibling hashes from the leaf up, as StandardMerkleTree.getProof returns them
    function verifyLeaf(uint64 epoch, bytes32 leaf, bytes32[] calldata proof) external view returns (bool);

    /// @notice True if the party's (score, rank, evidenceCount) with `proof` is in published `epoch`.
    /// Reverts with EpochNotPublished for an unknown epoch.
    /// @param epoch a published epoch
    /// @param party the scored address
    /// @param score fixed point, 2 decimals (0..10000)
    /// @param rank 1 = best
    /// @param evidenceCount number of attestations the score rests on
    /// @param proof sibling hashes from the leaf up
    function verifyScore(
        uint64 epoch,
        address party,
        uint256 score,
        uint256 rank,
        uint256 evidenceCount,
        bytes32[] calldata proof
    ) external view returns (bool);
}
