// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IRewardProgramFactory
/// @notice Creates community reward programs with one call: each program is an EIP-1167 clone of one
/// locked RewardToken implementation, initialized in the same transaction, and gets a sequential id.
interface IRewardProgramFactory {
    /// @notice Program `programId` was created as token `token`, administered by `admin`, by `creator`.
    /// @param programId Sequential id, starting at 1.
    /// @param token The program's ERC-20 token (a clone).
    /// @param admin Holder of DEFAULT_ADMIN_ROLE and CLAWBACK_ROLE.
    /// @param minter Holder of MINTER_ROLE (zero if none yet).
    /// @param creator The account that called createProgram.
    /// @param name ERC-20 name.
    /// @param symbol ERC-20 symbol.
    /// @param epochLength Seconds per epoch.
    /// @param epochCap Tokens issuable per epoch.
    /// @param budget Tokens issuable over the program's life (0 = no budget).
    /// @param transferable Whether holders can move the tokens.
    event ProgramCreated(
        uint256 indexed programId,
        address indexed token,
        address indexed admin,
        address minter,
        address creator,
        string name,
        string symbol,
        uint64 epochLength,
        uint256 epochCap,
        uint256 budget,
        bool transferable
    );

    /// @notice No program has id `programId`.
    error UnknownProgram(uint256 programId);

    /// @notice Creates a reward program. Anyone may call; the program belongs to `admin`.
    /// @dev Parameter checks are the token's ({IRewardToken-initialize}): a zero admin, a zero epoch length or
    /// a zero epoch cap revert with InvalidAdmin, InvalidEpochLength, InvalidEpochCap.
    /// @param name ERC-20 name shown by wallets.
    /// @param symbol ERC-20 symbol shown by wallets.
    /// @param admin Program admin (DEFAULT_ADMIN_ROLE): pause, caps, budget, roles; a cold key.
    /// @param minter Account that mints rewards and claws back those of reorged-away events (MINTER_ROLE and
    /// CLAWBACK_ROLE), e.g. our minter key; zero to grant later.
    /// @param epochLength Seconds per epoch, fixed forever; epoch 0 starts at creation.
    /// @param epochCap Tokens (base units, 18 decimals) issuable per epoch, > 0; the admin can change it.
    /// @param budget Tokens issuable over the program's life, 0 for none; the admin can change it.
    /// @param transferable False makes the token non-transferable forever.
    /// @return token Address of the new program's token.
    function createProgram(
        string calldata name,
        string calldata symbol,
        address admin,
        address minter,
        uint64 epochLength,
        uint256 epochCap,
        uint256 budget,
        bool transferable
    ) external returns (address token);

    /// @notice The locked RewardToken every program clones.
    /// @return The implementation address.
    function implementation() external view returns (address);

    /// @notice Number of programs created (also the id of the newest one).
    /// @return The count.
    function programCount() external view returns (uint256);

    /// @notice Token of program `programId`; reverts with {UnknownProgram} for an unknown id.
    /// @param programId Sequential id.
    /// @return The token address.
    function programToken(uint256 programId) external view returns (address);

    /// @notice Program id of `token`, 0 if this factory did not create it.
    /// @param token Token address.
    /// @return The program id.
    function programIdOf(address token) external view returns (uint256);
}
