// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IRewardToken} from "./IRewardToken.sol";

/// @title RewardToken
/// @notice One community reward program as an ERC-20 (18 decimals). Deployed once as the implementation
/// behind EIP-1167 clones made by {RewardProgramFactory}; every program is a clone with its own storage.
/// @dev Clones cannot run constructors, so name and symbol live in this contract's storage (set by
/// {initialize}) and {name}/{symbol} are overridden; the ERC20 base gets empty strings that are never read.
contract RewardToken is IRewardToken, ERC20Burnable, AccessControl, Pausable, Initializable {
    /// @inheritdoc IRewardToken
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @inheritdoc IRewardToken
    bytes32 public constant CLAWBACK_ROLE = keccak256("CLAWBACK_ROLE");

    string private _programName;
    string private _programSymbol;
    // One slot: read together by every epoch computation and transfer.
    uint64 private _epochLength;
    uint64 private _startTime;
    bool private _transferable;

    uint256 private _epochCap;
    uint256 private _budget;
    uint256 private _totalIssued;
    uint256 private _totalDebt;

    mapping(bytes32 eventUid => mapping(address member => Reward)) private _rewards;
    mapping(uint256 epoch => uint256 issued) private _issuedInEpoch;
    mapping(address member => uint256 owed) private _debts;

    /// @dev Locks the implementation: only clones, initialized by the factory in their creation
    /// transaction, ever hold program state.
    constructor() ERC20("", "") {
        _disableInitializers();
    }

    /// @inheritdoc IRewardToken
    function initialize(
        string calldata name_,
        string calldata symbol_,
        address admin,
        address minter,
        uint64 epochLength_,
        uint256 epochCap_,
        uint256 budget_,
        bool transferable_
    ) external initializer {
        if (admin == address(0)) revert InvalidAdmin();
        if (epochLength_ == 0) revert InvalidEpochLength(epochLength_);
        if (epochCap_ == 0) revert InvalidEpochCap(epochCap_);
        _programName = name_;
        _programSymbol = symbol_;
        _epochLength = epochLength_;
        _startTime = uint64(block.timestamp);
        _transferable = transferable_;
        _epochCap = epochCap_;
        _budget = budget_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (minter != address(0)) {
            // The reorg policy must run unattended within the finality window, so the minter also claws back.
            _grantRole(MINTER_ROLE, minter);
            _grantRole(CLAWBACK_ROLE, minter);
        }
        emit EpochCapChanged(0, 0, epochCap_);
        emit BudgetChanged(0, budget_);
    }

    /// @inheritdoc IRewardToken
    function mintBatch(address[] calldata members, uint256[] calldata amounts, bytes32[] calldata eventUids)
        external
        onlyRole(MINTER_ROLE)
        whenNotPaused
        returns (uint256 rewarded, uint256 issued)
    {
        uint256 count = members.length;
        if (amounts.length != count || eventUids.length != count) {
            revert BatchLengthMismatch(count, amounts.length, eventUids.length);
        }
        uint256 epoch = currentEpoch();
        // Debts are rare; one read per batch spares every item a cold read of the member's debt.
        bool anyDebt = _totalDebt != 0;
        for (uint256 i; i < count; ++i) {
            (address member, uint256 amount, bytes32 eventUid) = (members[i], amounts[i], eventUids[i]);
            if (member == address(0)) revert InvalidMember(i, eventUid);
            if (amount == 0 || amount > type(uint248).max) {
                revert InvalidAmount(i, eventUid, amount, type(uint248).max);
            }
            if (eventUid == bytes32(0)) revert InvalidEventUid(i);

            RewardStatus status = _rewards[eventUid][member].status;
            if (status != RewardStatus.None) {
                emit RewardSkipped(member, eventUid, amount, status);
                continue;
            }
            _rewards[eventUid][member] = Reward(RewardStatus.Rewarded, uint248(amount)); // one SSTORE
            uint256 minted = anyDebt ? amount - _settleDebt(member, eventUid, amount) : amount;
            if (minted != 0) _mint(member, minted);
            emit Rewarded(member, eventUid, amount, epoch);
            ++rewarded;
            issued += minted;
        }
        if (issued != 0) _recordIssuance(epoch, issued);
    }

    /// @inheritdoc IRewardToken
    function clawback(address[] calldata members, bytes32[] calldata eventUids)
        external
        onlyRole(CLAWBACK_ROLE)
        returns (uint256 burned)
    {
        if (members.length != eventUids.length) revert ClawbackLengthMismatch(members.length, eventUids.length);
        for (uint256 i; i < eventUids.length; ++i) {
            (address member, bytes32 eventUid) = (members[i], eventUids[i]);
            if (member == address(0)) revert InvalidMember(i, eventUid);
            if (eventUid == bytes32(0)) revert InvalidEventUid(i);
            Reward storage reward = _rewards[eventUid][member];
            RewardStatus status = reward.status;
            if (status == RewardStatus.Rewarded) {
                burned += _clawBack(reward, member, eventUid);
            } else if (status == RewardStatus.None) {
                reward.status = RewardStatus.Withheld;
                emit RewardWithheld(member, eventUid);
            } else {
                emit ClawbackSkipped(member, eventUid, status);
            }
        }
    }

    /// @inheritdoc IRewardToken
    function setEpochCap(uint256 newCap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newCap == 0) revert InvalidEpochCap(newCap);
        uint256 previousCap = _epochCap;
        _epochCap = newCap;
        emit EpochCapChanged(currentEpoch(), previousCap, newCap);
    }

    /// @inheritdoc IRewardToken
    function setBudget(uint256 newBudget) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newBudget != 0 && newBudget < _totalIssued) revert BudgetBelowIssued(newBudget, _totalIssued);
        uint256 previousBudget = _budget;
        _budget = newBudget;
        emit BudgetChanged(previousBudget, newBudget);
    }

    /// @inheritdoc IRewardToken
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @inheritdoc IRewardToken
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @inheritdoc IERC20
    /// @dev A non-transferable program reverts with {TransferDisabled} before the allowance is looked at.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (!_transferable) revert TransferDisabled(from, to, value);
        return super.transferFrom(from, to, value);
    }

    /// @inheritdoc IRewardToken
    function isRewarded(bytes32 eventUid, address member) external view returns (bool) {
        return _rewards[eventUid][member].status != RewardStatus.None;
    }

    /// @inheritdoc IRewardToken
    function rewardOf(bytes32 eventUid, address member) external view returns (Reward memory) {
        return _rewards[eventUid][member];
    }

    /// @inheritdoc IRewardToken
    function currentEpoch() public view returns (uint256) {
        return (block.timestamp - _startTime) / _epochLength;
    }

    /// @inheritdoc IRewardToken
    function epochLength() external view returns (uint64) {
        return _epochLength;
    }

    /// @inheritdoc IRewardToken
    function startTime() external view returns (uint64) {
        return _startTime;
    }

    /// @inheritdoc IRewardToken
    function epochCap() external view returns (uint256) {
        return _epochCap;
    }

    /// @inheritdoc IRewardToken
    function issuedInEpoch(uint256 epoch) external view returns (uint256) {
        return _issuedInEpoch[epoch];
    }

    /// @inheritdoc IRewardToken
    function issuableNow() external view returns (uint256) {
        uint256 issuedNow = _issuedInEpoch[currentEpoch()];
        uint256 left = issuedNow >= _epochCap ? 0 : _epochCap - issuedNow;
        if (_budget == 0) return left;
        uint256 budgetLeft = _budget > _totalIssued ? _budget - _totalIssued : 0;
        return budgetLeft < left ? budgetLeft : left;
    }

    /// @inheritdoc IRewardToken
    function budget() external view returns (uint256) {
        return _budget;
    }

    /// @inheritdoc IRewardToken
    function totalIssued() external view returns (uint256) {
        return _totalIssued;
    }

    /// @inheritdoc IRewardToken
    function debtOf(address member) external view returns (uint256) {
        return _debts[member];
    }

    /// @inheritdoc IRewardToken
    function totalDebt() external view returns (uint256) {
        return _totalDebt;
    }

    /// @inheritdoc IRewardToken
    function transferable() external view returns (bool) {
        return _transferable;
    }

    /// @inheritdoc IERC20Metadata
    function name() public view override returns (string memory) {
        return _programName;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() public view override returns (string memory) {
        return _programSymbol;
    }

    /// @notice ERC-165: IRewardToken, IERC20, IERC20Metadata and IAccessControl.
    /// @param interfaceId Interface identifier.
    /// @return Whether the interface is supported.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IRewardToken).interfaceId || interfaceId == type(IERC20).interfaceId
            || interfaceId == type(IERC20Metadata).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Every balance change passes here: holder-to-holder moves are refused in a non-transferable
    /// program, and nothing moves while paused. Clawback burns bypass this on purpose (see _clawBack).
    function _update(address from, address to, uint256 value) internal override {
        if (!_transferable && from != address(0) && to != address(0)) revert TransferDisabled(from, to, value);
        _requireNotPaused();
        super._update(from, to, value);
    }

    function _recordIssuance(uint256 epoch, uint256 issued) private {
        uint256 issuedBefore = _issuedInEpoch[epoch];
        if (issuedBefore + issued > _epochCap) revert EpochCapExceeded(epoch, _epochCap, issuedBefore, issued);
        uint256 totalBefore = _totalIssued;
        if (_budget != 0 && totalBefore + issued > _budget) revert BudgetExceeded(_budget, totalBefore, issued);
        _issuedInEpoch[epoch] = issuedBefore + issued;
        _totalIssued = totalBefore + issued;
    }

    function _settleDebt(address member, bytes32 eventUid, uint256 amount) private returns (uint256 settled) {
        uint256 owed = _debts[member];
        if (owed == 0) return 0;
        settled = owed < amount ? owed : amount;
        _debts[member] = owed - settled;
        _totalDebt -= settled;
        emit DebtSettled(member, eventUid, settled, owed - settled);
    }

    /// @dev Burns what the member still holds, up to the reward, and books the rest as debt. Calls the
    /// ERC20 base directly so a clawback works while paused (pausing is the natural first step of a
    /// reorg incident). Burned tokens leave totalIssued, so they return to the budget.
    function _clawBack(Reward storage reward, address member, bytes32 eventUid) private returns (uint256 burned) {
        uint256 amount = reward.amount;
        reward.status = RewardStatus.ClawedBack;
        uint256 held = balanceOf(member);
        burned = held < amount ? held : amount;
        uint256 debt = amount - burned;
        if (burned != 0) {
            ERC20._update(member, address(0), burned);
            _totalIssued -= burned;
        }
        if (debt != 0) {
            _debts[member] += debt;
            _totalDebt += debt;
        }
        emit ClawedBack(member, eventUid, amount, burned, debt);
    }
}
