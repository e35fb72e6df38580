// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IReputationSnapshots} from "./IReputationSnapshots.sol";

/// @title ReputationSnapshots
/// @notice Per-epoch Merkle roots of TrustLedger reputation scores, published by M-of-N publishers.
/// @dev Roles: DEFAULT_ADMIN_ROLE grants and revokes PUBLISHER_ROLE and sets the threshold, always within
/// 1 <= threshold <= max(publisherCount, 1).
/// Approvals are re-counted against the current publisher set on every vote, so a publisher whose
/// role was revoked (e.g. a compromised server) stops counting towards any open proposal.
contract ReputationSnapshots is IReputationSnapshots, AccessControl {
    /// @notice Role allowed to propose and approve snapshots.
    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    /// @notice Highest score: scores are fixed point with 2 decimals, 10000 = 100.00.
    uint256 public constant MAX_SCORE = 10_000;

    uint256 private _threshold;
    uint256 private _publisherCount;
    uint64 private _latestEpoch;
    mapping(uint64 epoch => Snapshot) private _snapshots;

    // Voting state, only used when the threshold is above one.
    mapping(uint64 epoch => mapping(bytes32 snapshotHash => address[] approvers)) private _approvers;
    mapping(uint64 epoch => mapping(address publisher => bytes32 snapshotHash)) private _approvalOf;
    mapping(uint64 epoch => bytes32 snapshotHash) private _firstProposal;

    /// @notice Deploys with an admin, the first publishers and the number of publishers that must agree.
    /// @param admin receives DEFAULT_ADMIN_ROLE (grants and revokes PUBLISHER_ROLE, changes the threshold);
    /// a cold key: it is not a publisher unless listed, and no publisher needs it to start publishing
    /// @param initialThreshold M in M-of-N: 1 lets a single publisher publish, M > 1 requires M
    /// distinct publishers to approve the identical snapshot; at most the number of initial publishers
    /// (or 1 when there are none)
    /// @param initialPublishers receive PUBLISHER_ROLE (duplicates count once)
    constructor(address admin, uint256 initialThreshold, address[] memory initialPublishers) {
        if (admin == address(0)) revert InvalidAdmin(admin);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint256 i = 0; i < initialPublishers.length; ++i) {
            if (initialPublishers[i] == address(0)) revert InvalidPublisher(address(0));
            _grantRole(PUBLISHER_ROLE, initialPublishers[i]);
        }
        _checkThreshold(initialThreshold);
        _threshold = initialThreshold;
        emit ThresholdChanged(0, initialThreshold);
    }

    /// @inheritdoc IReputationSnapshots
    function publish(uint64 epoch, Snapshot calldata snapshot)
        external
        onlyRole(PUBLISHER_ROLE)
        returns (bool published)
    {
        _checkOpen(epoch);
        _checkContent(epoch, snapshot);
        bytes32 snapshotHash = keccak256(abi.encode(snapshot));

        uint256 needed = _threshold;
        if (needed == 1) {
            _finalize(epoch, snapshot, snapshotHash);
            return true;
        }

        bytes32 previous = _approvalOf[epoch][msg.sender];
        if (previous != bytes32(0)) revert AlreadyApproved(epoch, msg.sender, previous);

        address[] storage approvers = _approvers[epoch][snapshotHash];
        if (approvers.length == 0) _recordProposal(epoch, snapshot, snapshotHash);
        approvers.push(msg.sender);
        _approvalOf[epoch][msg.sender] = snapshotHash;

        uint256 approvals = _countCurrentPublishers(approvers);
        emit SnapshotApproved(epoch, snapshotHash, msg.sender, approvals, needed);
        if (approvals < needed) return false;
        _finalize(epoch, snapshot, snapshotHash);
        return true;
    }

    /// @inheritdoc IReputationSnapshots
    function withdrawApproval(uint64 epoch) external {
        _checkOpen(epoch);
        bytes32 snapshotHash = _approvalOf[epoch][msg.sender];
        if (snapshotHash == bytes32(0)) revert NoApprovalToWithdraw(epoch, msg.sender);

        address[] storage approvers = _approvers[epoch][snapshotHash];
        uint256 last = approvers.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            if (approvers[i] == msg.sender) {
                approvers[i] = approvers[last];
                approvers.pop();
                break;
            }
        }
        delete _approvalOf[epoch][msg.sender];
        emit ApprovalWithdrawn(epoch, snapshotHash, msg.sender);
    }

    /// @inheritdoc IReputationSnapshots
    function setThreshold(uint256 newThreshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkThreshold(newThreshold);
        uint256 previous = _threshold;
        _threshold = newThreshold;
        emit ThresholdChanged(previous, newThreshold);
    }

    /// @inheritdoc IReputationSnapshots
    function threshold() external view returns (uint256) {
        return _threshold;
    }

    /// @inheritdoc IReputationSnapshots
    function publisherCount() external view returns (uint256) {
        return _publisherCount;
    }

    /// @inheritdoc IReputationSnapshots
    function latestEpoch() external view returns (uint64) {
        return _latestEpoch;
    }

    /// @inheritdoc IReputationSnapshots
    function snapshotAt(uint64 epoch) external view returns (Snapshot memory) {
        return _published(epoch);
    }

    /// @inheritdoc IReputationSnapshots
    function approvalCount(uint64 epoch, bytes32 snapshotHash) external view returns (uint256) {
        return _countCurrentPublishers(_approvers[epoch][snapshotHash]);
    }

    /// @inheritdoc IReputationSnapshots
    function approvalOf(uint64 epoch, address publisher) external view returns (bytes32) {
        return _approvalOf[epoch][publisher];
    }

    /// @inheritdoc IReputationSnapshots
    function hashSnapshot(Snapshot calldata snapshot) external pure returns (bytes32) {
        return keccak256(abi.encode(snapshot));
    }

    /// @inheritdoc IReputationSnapshots
    function leafHash(address party, uint256 score, uint256 rank, uint256 evidenceCount)
        public
        pure
        returns (bytes32)
    {
        // Double hashing (StandardMerkleTree): a 64-byte inner node can never pass as a leaf.
        return keccak256(bytes.concat(keccak256(abi.encode(party, score, rank, evidenceCount))));
    }

    /// @inheritdoc IReputationSnapshots
    function verifyLeaf(uint64 epoch, bytes32 leaf, bytes32[] calldata proof) public view returns (bool) {
        return MerkleProof.verifyCalldata(proof, _published(epoch).merkleRoot, leaf);
    }

    /// @inheritdoc IReputationSnapshots
    function verifyScore(
        uint64 epoch,
        address party,
        uint256 score,
        uint256 rank,
        uint256 evidenceCount,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return verifyLeaf(epoch, leafHash(party, score, rank, evidenceCount), proof);
    }

    /// @dev Counts publishers as the role is granted, so the threshold can be held to 1 <= M <= max(N, 1).
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted && role == PUBLISHER_ROLE) ++_publisherCount;
    }

    /// @dev Revoking and renouncing both end here: neither may leave fewer publishers than M (when M > 1).
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == PUBLISHER_ROLE) {
            uint256 remaining = --_publisherCount;
            if (_threshold > 1 && remaining < _threshold) revert PublishersBelowThreshold(remaining, _threshold);
        }
    }

    function _checkThreshold(uint256 newThreshold) private view {
        if (newThreshold == 0) revert InvalidThreshold(newThreshold);
        uint256 publishers = _publisherCount;
        if (newThreshold > (publishers == 0 ? 1 : publishers)) revert ThresholdAbovePublishers(newThreshold, publishers);
    }

    function _checkOpen(uint64 epoch) private view {
        uint64 next = _latestEpoch + 1;
        if (epoch != next) revert EpochNotOpen(epoch, next);
    }

    function _checkContent(uint64 epoch, Snapshot calldata snapshot) private view {
        if (snapshot.merkleRoot == bytes32(0) || snapshot.partyCount == 0) {
            revert EmptySnapshot(epoch, snapshot.merkleRoot, snapshot.partyCount);
        }
        if (snapshot.computedAtBlock >= block.number) {
            revert SnapshotBlockInFuture(snapshot.computedAtBlock, block.number);
        }
        if (epoch > 1) {
            uint64 previousBlock = _snapshots[epoch - 1].computedAtBlock;
            if (snapshot.computedAtBlock < previousBlock) {
                revert SnapshotBlockBeforePrevious(snapshot.computedAtBlock, previousBlock);
            }
        }
    }

    function _recordProposal(uint64 epoch, Snapshot calldata snapshot, bytes32 snapshotHash) private {
        emit SnapshotProposed(epoch, snapshotHash, msg.sender, snapshot);
        bytes32 first = _firstProposal[epoch];
        if (first == bytes32(0)) {
            _firstProposal[epoch] = snapshotHash;
        } else if (first != snapshotHash) {
            // Re-proposing the first content after all its approvals were withdrawn is no conflict.
            emit ConflictingSnapshotProposed(epoch, snapshotHash, first, msg.sender);
        }
    }

    function _finalize(uint64 epoch, Snapshot calldata snapshot, bytes32 snapshotHash) private {
        _latestEpoch = epoch;
        _snapshots[epoch] = snapshot;
        emit SnapshotPublished(
            epoch,
            snapshot.merkleRoot,
            snapshotHash,
            snapshot.parametersHash,
            snapshot.computedAtBlock,
            snapshot.scoringVersion,
            snapshot.partyCount
        );
    }

    /// @dev Bounded by the number of publishers, never by the number of parties.
    function _countCurrentPublishers(address[] storage approvers) private view returns (uint256 count) {
        uint256 length = approvers.length;
        for (uint256 i = 0; i < length; ++i) {
            if (hasRole(PUBLISHER_ROLE, approvers[i])) ++count;
        }
    }

    function _published(uint64 epoch) private view returns (Snapshot storage snapshot) {
        if (epoch == 0 || epoch > _latestEpoch) revert EpochNotPublished(epoch);
        return _snapshots[epoch];
    }
}
