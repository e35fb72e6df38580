// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IRewardToken
/// @notice A community reward program's ERC-20 token: rewards are minted in batches by the program's
/// minter, each reward bound to the uid of the attestation (event) it rewards; an event rewards a given
/// member at most once, ever. Issuance is capped per epoch and optionally by a total budget; tokens can
/// be made non-transferable at creation; rewards of reorged-away events are clawed back by uid.
/// @dev A reward is keyed by (eventUid, member), not by eventUid alone, so a rule that pays both sides
/// of one event (attester and subject) is expressible; a retried batch still never mints twice.
/// @dev Roles (OpenZeppelin AccessControl): DEFAULT_ADMIN_ROLE (the program admin: roles, caps,
/// budget, pause), MINTER_ROLE (mintBatch), CLAWBACK_ROLE (clawback; granted to the admin at creation).
interface IRewardToken {
    /// @notice Lifecycle of one (eventUid, member) reward. Anything but `None` is final: mintBatch skips it.
    /// @dev `Rewarded`: minted. `ClawedBack`: was minted, then undone by clawback.
    /// `Withheld`: closed by clawback before any reward was minted, so it can never be minted.
    enum RewardStatus {
        None,
        Rewarded,
        ClawedBack,
        Withheld
    }

    /// @notice The on-chain record of one (eventUid, member) reward: one storage slot.
    /// @param status See {RewardStatus}.
    /// @param amount The reward amount in token base units (18 decimals); 0 when withheld.
    struct Reward {
        RewardStatus status;
        uint248 amount;
    }

    /// @notice A reward for `eventUid` was granted to `member` in `epoch`.
    /// @dev `amount` is the full reward; if the member owed a clawback debt, part of it settled the debt
    /// (see {DebtSettled}) and only the rest was minted (see the ERC-20 Transfer event).
    event Rewarded(address indexed member, bytes32 indexed eventUid, uint256 amount, uint256 epoch);

    /// @notice mintBatch skipped (`member`, `eventUid`): no longer `None` (`status` says why); nothing was minted.
    event RewardSkipped(address indexed member, bytes32 indexed eventUid, uint256 amount, RewardStatus status);

    /// @notice The reward for `eventUid` was undone: `burned` tokens were burned from `member` and the
    /// rest of `amount` (`debt`) was added to the member's debt, to be settled from future rewards.
    event ClawedBack(address indexed member, bytes32 indexed eventUid, uint256 amount, uint256 burned, uint256 debt);

    /// @notice (`member`, `eventUid`) was closed before any reward was minted for it; it can never be rewarded.
    event RewardWithheld(address indexed member, bytes32 indexed eventUid);

    /// @notice clawback skipped (`member`, `eventUid`), already closed with `status` (ClawedBack or Withheld).
    event ClawbackSkipped(address indexed member, bytes32 indexed eventUid, RewardStatus status);

    /// @notice `settled` of `member`'s debt was paid from the reward for `eventUid`; `remaining` is still owed.
    event DebtSettled(address indexed member, bytes32 indexed eventUid, uint256 settled, uint256 remaining);

    /// @notice The issuance cap per epoch changed from `previousCap` to `newCap`, effective in `epoch`.
    event EpochCapChanged(uint256 indexed epoch, uint256 previousCap, uint256 newCap);

    /// @notice The total budget changed from `previousBudget` to `newBudget` (0 = no budget).
    event BudgetChanged(uint256 previousBudget, uint256 newBudget);

    /// @notice The three arrays of a mintBatch differ in length.
    error BatchLengthMismatch(uint256 members, uint256 amounts, uint256 eventUids);

    /// @notice The two arrays of a clawback differ in length.
    error ClawbackLengthMismatch(uint256 members, uint256 eventUids);

    /// @notice Item `index` of a batch has the zero address as member.
    error InvalidMember(uint256 index, bytes32 eventUid);

    /// @notice Item `index` of a batch has an amount of 0 or above `max` (uint248).
    error InvalidAmount(uint256 index, bytes32 eventUid, uint256 amount, uint256 max);

    /// @notice Item `index` of a batch (mint or clawback) has the zero uid.
    error InvalidEventUid(uint256 index);

    /// @notice The batch would issue `requested` tokens in `epoch`, where `issued` of `cap` are already issued.
    error EpochCapExceeded(uint256 epoch, uint256 cap, uint256 issued, uint256 requested);

    /// @notice The batch would issue `requested` tokens with `issued` of `budget` already issued.
    error BudgetExceeded(uint256 budget, uint256 issued, uint256 requested);

    /// @notice Tokens of a non-transferable program cannot move from `from` to `to` (mint and burn still work).
    error TransferDisabled(address from, address to, uint256 amount);

    /// @notice Program parameters rejected at creation: no admin.
    error InvalidAdmin();

    /// @notice Program parameters rejected: the epoch length must be at least one second.
    error InvalidEpochLength(uint256 epochLength);

    /// @notice Program parameters rejected: the epoch cap must be above zero (pause to stop minting).
    error InvalidEpochCap(uint256 epochCap);

    /// @notice The new budget is below what the program has already issued.
    error BudgetBelowIssued(uint256 budget, uint256 issued);

    /// @notice Role allowed to call {mintBatch}.
    /// @return keccak256("MINTER_ROLE").
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to call {clawback}.
    /// @return keccak256("CLAWBACK_ROLE").
    function CLAWBACK_ROLE() external view returns (bytes32);

    /// @notice Sets up a freshly cloned program; callable once, only on a clone (the implementation is locked).
    /// @param name_ ERC-20 name shown by wallets.
    /// @param symbol_ ERC-20 symbol shown by wallets.
    /// @param admin Receives DEFAULT_ADMIN_ROLE only: pause, caps, budget and the roles (a cold key).
    /// @param minter Receives MINTER_ROLE and CLAWBACK_ROLE: minting rewards and undoing those of reorged-away
    /// events are one unattended job (zero: the admin grants both later).
    /// @param epochLength_ Epoch length in seconds, fixed for the program's life; epoch 0 starts now.
    /// @param epochCap_ Maximum tokens issued per epoch (> 0).
    /// @param budget_ Maximum tokens issued over the program's life, net of clawback burns (0 = no budget).
    /// @param transferable_ False makes the token non-transferable forever.
    function initialize(
        string calldata name_,
        string calldata symbol_,
        address admin,
        address minter,
        uint64 epochLength_,
        uint256 epochCap_,
        uint256 budget_,
        bool transferable_
    ) external;

    /// @notice Mints one reward per item, each bound to the uid of the event it rewards. Only MINTER_ROLE,
    /// not while paused.
    /// @dev Whole-batch revert on: authorization, pause, length mismatch, an invalid item (zero member,
    /// zero or too large amount, zero uid), the epoch cap or the budget. An item whose (eventUid, member)
    /// is not `None` (already rewarded, also earlier in the same batch, clawed back or withheld) is
    /// skipped with {RewardSkipped}, so a retried batch never mints twice. Caps count tokens minted.
    /// @param members Recipients.
    /// @param amounts Reward amounts in base units (18 decimals), each 1..type(uint248).max.
    /// @param eventUids Attestation uid of the event behind each reward.
    /// @return rewarded Number of items rewarded (not skipped).
    /// @return issued Tokens minted by this call (rewards minus debt settled).
    function mintBatch(address[] calldata members, uint256[] calldata amounts, bytes32[] calldata eventUids)
        external
        returns (uint256 rewarded, uint256 issued);

    /// @notice Undoes the rewards of reorged-away events, per (member, eventUid). Only CLAWBACK_ROLE;
    /// works while paused.
    /// @dev Rewarded: burns up to the reward amount from the member; what the member no longer holds
    /// becomes debt, settled from the member's next rewards. `None`: marked Withheld so it can never be
    /// minted (closes the race with a mint still in flight). Already closed: skipped with
    /// {ClawbackSkipped}, so a retry is harmless. Burned tokens return to the budget; the epoch cap is
    /// not given back. Reverts whole on a length mismatch, a zero member or a zero uid.
    /// @param members Members who received (or would receive) the rewards.
    /// @param eventUids Uids of the reorged-away events, one per member.
    /// @return burned Total tokens burned by this call.
    function clawback(address[] calldata members, bytes32[] calldata eventUids) external returns (uint256 burned);

    /// @notice Sets the issuance cap per epoch, effective immediately in the current epoch. Only the admin.
    /// @param newCap New cap in base units (> 0).
    function setEpochCap(uint256 newCap) external;

    /// @notice Sets the total budget. Only the admin.
    /// @param newBudget New budget in base units, at least {totalIssued}; 0 removes the budget.
    function setBudget(uint256 newBudget) external;

    /// @notice Stops minting, transfers and redemption burns (clawback still works). Only the admin.
    function pause() external;

    /// @notice Lifts a pause. Only the admin.
    function unpause() external;

    /// @notice Whether `eventUid` has been used up for `member`: rewarded, clawed back or withheld.
    /// mintBatch skips exactly these.
    /// @param eventUid Attestation uid.
    /// @param member Account.
    /// @return True unless the pair is still `None`.
    function isRewarded(bytes32 eventUid, address member) external view returns (bool);

    /// @notice The record of (`eventUid`, `member`): status and amount.
    /// @param eventUid Attestation uid.
    /// @param member Account.
    /// @return The reward record; all zero when never seen.
    function rewardOf(bytes32 eventUid, address member) external view returns (Reward memory);

    /// @notice The epoch the chain is in now: (block.timestamp - startTime) / epochLength.
    /// @return The current epoch number.
    function currentEpoch() external view returns (uint256);

    /// @notice Epoch length in seconds, fixed at creation.
    /// @return Seconds per epoch.
    function epochLength() external view returns (uint64);

    /// @notice Start of epoch 0 (the creation block's timestamp).
    /// @return Unix time in seconds.
    function startTime() external view returns (uint64);

    /// @notice Current cap on tokens issued per epoch.
    /// @return The cap in base units.
    function epochCap() external view returns (uint256);

    /// @notice Tokens issued (minted by rewards) in `epoch`.
    /// @param epoch Epoch number.
    /// @return Base units issued in that epoch.
    function issuedInEpoch(uint256 epoch) external view returns (uint256);

    /// @notice Tokens that can still be issued in the current epoch, also taking the budget into account.
    /// @return Base units that a batch minted now may issue.
    function issuableNow() external view returns (uint256);

    /// @notice Total budget (0 = no budget).
    /// @return The budget in base units.
    function budget() external view returns (uint256);

    /// @notice Tokens issued over the program's life: minted by rewards minus burned by clawback.
    /// @return Base units issued.
    function totalIssued() external view returns (uint256);

    /// @notice What `member` owes from clawbacks that found too few tokens to burn.
    /// @param member Account.
    /// @return Base units owed.
    function debtOf(address member) external view returns (uint256);

    /// @notice Sum of all members' debts.
    /// @return Base units owed.
    function totalDebt() external view returns (uint256);

    /// @notice Whether tokens can move between holders (fixed at creation).
    /// @return False for a non-transferable program.
    function transferable() external view returns (bool);
}
