// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @title TestAgentReputationRegistry
/// @notice Test-only ERC-8004-shaped Reputation Registry: `giveFeedback` / `revokeFeedback` with the
///         specification's signatures and events (NewFeedback, FeedbackRevoked), feedback indices
///         counted from 1 per (agent, client), agent owners barred from rating their own agent.
///         Responses and on-chain summaries are left out: our indexer reads only these two events.
contract TestAgentReputationRegistry {
    struct Feedback {
        int128 value;
        uint8 valueDecimals;
        bool isRevoked;
    }

    IERC721 private immutable _identityRegistry;
    mapping(uint256 agentId => mapping(address client => Feedback[] feedback)) private _feedback;

    event NewFeedback(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        int128 value,
        uint8 valueDecimals,
        string indexed indexedTag1,
        string tag1,
        string tag2,
        string endpoint,
        string feedbackURI,
        bytes32 feedbackHash
    );
    event FeedbackRevoked(uint256 indexed agentId, address indexed clientAddress, uint64 indexed feedbackIndex);

    error UnknownAgent(uint256 agentId);
    error SelfFeedback(uint256 agentId, address owner);
    error TooManyDecimals(uint8 valueDecimals);
    error NoSuchFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex);
    error AlreadyRevoked(uint256 agentId, address clientAddress, uint64 feedbackIndex);

    constructor(IERC721 identityRegistry) {
        _identityRegistry = identityRegistry;
    }

    function getIdentityRegistry() external view returns (address) {
        return address(_identityRegistry);
    }

    function giveFeedback(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string memory tag1,
        string memory tag2,
        string memory endpoint,
        string memory feedbackURI,
        bytes32 feedbackHash
    ) external {
        // memory, not calldata: the event's eleven values must fit the stack without via-IR
        uint64 feedbackIndex = _record(agentId, value, valueDecimals);
        emit NewFeedback(agentId, msg.sender, feedbackIndex, value, valueDecimals, tag1, tag1, tag2, endpoint, feedbackURI, feedbackHash);
    }

    function revokeFeedback(uint256 agentId, uint64 feedbackIndex) external {
        Feedback[] storage list = _feedback[agentId][msg.sender];
        if (feedbackIndex == 0 || feedbackIndex > list.length) revert NoSuchFeedback(agentId, msg.sender, feedbackIndex);
        Feedback storage entry = list[feedbackIndex - 1];
        if (entry.isRevoked) revert AlreadyRevoked(agentId, msg.sender, feedbackIndex);
        entry.isRevoked = true;
        emit FeedbackRevoked(agentId, msg.sender, feedbackIndex);
    }

    function getLastIndex(uint256 agentId, address clientAddress) external view returns (uint64) {
        return uint64(_feedback[agentId][clientAddress].length);
    }

    function _record(uint256 agentId, int128 value, uint8 valueDecimals) private returns (uint64) {
        if (valueDecimals > 18) revert TooManyDecimals(valueDecimals);
        address owner = _ownerOf(agentId);
        if (owner == msg.sender) revert SelfFeedback(agentId, owner);
        Feedback[] storage list = _feedback[agentId][msg.sender];
        list.push(Feedback(value, valueDecimals, false));
        return uint64(list.length);
    }

    function _ownerOf(uint256 agentId) private view returns (address owner) {
        try _identityRegistry.ownerOf(agentId) returns (address found) {
            return found;
        } catch {
            revert UnknownAgent(agentId);
        }
    }
}
