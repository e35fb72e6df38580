// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title TestAgentIdentityRegistry
/// @notice Test-only stand-in for ERC-8004's Identity Registry: an ERC-721 whose token id is the
///         agent id and whose owner is the agent. Only what the reputation registry and our indexer
///         read (`register`, `ownerOf`); agent URIs and metadata are left out.
contract TestAgentIdentityRegistry is ERC721 {
    uint256 private _lastAgentId;

    /// @notice An agent id was minted to `owner` (ERC-8004 `Registered`, without the URI).
    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);

    constructor() ERC721("Test Agents", "AGENT") {}

    /// @notice Mints the next agent id to the caller.
    function register(string calldata agentURI) external returns (uint256 agentId) {
        agentId = ++_lastAgentId;
        _mint(msg.sender, agentId);
        emit Registered(agentId, agentURI, msg.sender);
    }
}
