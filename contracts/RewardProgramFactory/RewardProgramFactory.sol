// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IRewardProgramFactory} from "./IRewardProgramFactory.sol";
import {RewardToken} from "../RewardToken/RewardToken.sol";

/// @title RewardProgramFactory
/// @notice One call gives a community its reward program. Programs are EIP-1167 clones of a single
/// RewardToken implementation deployed by this factory's constructor, so a program costs a small
/// proxy plus its initial storage instead of a full token deployment.
contract RewardProgramFactory is IRewardProgramFactory {
    /// @inheritdoc IRewardProgramFactory
    address public immutable implementation;

    /// @inheritdoc IRewardProgramFactory
    uint256 public programCount;

    mapping(uint256 programId => address token) private _tokens;
    mapping(address token => uint256 programId) private _programIds;

    /// @notice Deploys the RewardToken implementation; its own constructor locks it against initialization.
    constructor() {
        implementation = address(new RewardToken());
    }

    /// @inheritdoc IRewardProgramFactory
    /// @dev Public with memory strings (not external/calldata): one stack slot per string is what lets
    /// the full ProgramCreated event compile without via-IR.
    function createProgram(
        string memory name,
        string memory symbol,
        address admin,
        address minter,
        uint64 epochLength,
        uint256 epochCap,
        uint256 budget,
        bool transferable
    ) public returns (address token) {
        token = Clones.clone(implementation);
        // Same transaction as the clone: nobody can initialize it first.
        RewardToken(token).initialize(name, symbol, admin, minter, epochLength, epochCap, budget, transferable);
        uint256 programId = ++programCount;
        _tokens[programId] = token;
        _programIds[token] = programId;
        emit ProgramCreated(
            programId, token, admin, minter, msg.sender, name, symbol, epochLength, epochCap, budget, transferable
        );
    }

    /// @inheritdoc IRewardProgramFactory
    function programToken(uint256 programId) external view returns (address) {
        address token = _tokens[programId];
        if (token == address(0)) revert UnknownProgram(programId);
        return token;
    }

    /// @inheritdoc IRewardProgramFactory
    function programIdOf(address token) external view returns (uint256) {
        return _programIds[token];
    }
}
