using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.RewardToken;

// The RewardToken functions the service calls. Names and types follow contracts/rewards/IRewardToken.sol
// (and OpenZeppelin's ERC20/Pausable); AbiBindingTests checks them against the compiled artifact.

[Function("mintBatch", typeof(MintBatchOutput))]
public sealed class MintBatchFunction : FunctionMessage
{
    [Parameter("address[]", "members", 1)] public List<string> Members { get; set; } = [];
    [Parameter("uint256[]", "amounts", 2)] public List<BigInteger> Amounts { get; set; } = [];
    [Parameter("bytes32[]", "eventUids", 3)] public List<byte[]> EventUids { get; set; } = [];
}

[FunctionOutput]
public sealed class MintBatchOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "rewarded", 1)] public BigInteger Rewarded { get; set; }
    [Parameter("uint256", "issued", 2)] public BigInteger Issued { get; set; }
}

[Function("clawback", "uint256")]
public sealed class ClawbackFunction : FunctionMessage
{
    [Parameter("address[]", "members", 1)] public List<string> Members { get; set; } = [];
    [Parameter("bytes32[]", "eventUids", 2)] public List<byte[]> EventUids { get; set; } = [];
}

[Function("setEpochCap")]
public sealed class SetEpochCapFunction : FunctionMessage
{
    [Parameter("uint256", "newCap", 1)] public BigInteger NewCap { get; set; }
}

[Function("setBudget")]
public sealed class SetBudgetFunction : FunctionMessage
{
    [Parameter("uint256", "newBudget", 1)] public BigInteger NewBudget { get; set; }
}

[Function("pause")]
public sealed class PauseFunction : FunctionMessage;

[Function("unpause")]
public sealed class UnpauseFunction : FunctionMessage;

[Function("transfer", "bool")]
public sealed class TransferFunction : FunctionMessage
{
    [Parameter("address", "to", 1)] public string To { get; set; } = "";
    [Parameter("uint256", "value", 2)] public BigInteger Value { get; set; }
}

[Function("balanceOf", "uint256")]
public sealed class BalanceOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Function("debtOf", "uint256")]
public sealed class DebtOfFunction : FunctionMessage
{
    [Parameter("address", "member", 1)] public string Member { get; set; } = "";
}

[Function("isRewarded", "bool")]
public sealed class IsRewardedFunction : FunctionMessage
{
    [Parameter("bytes32", "eventUid", 1)] public byte[] EventUid { get; set; } = [];
    [Parameter("address", "member", 2)] public string Member { get; set; } = "";
}

[Function("rewardOf", typeof(RewardOfOutput))]
public sealed class RewardOfFunction : FunctionMessage
{
    [Parameter("bytes32", "eventUid", 1)] public byte[] EventUid { get; set; } = [];
    [Parameter("address", "member", 2)] public string Member { get; set; } = "";
}

/// <summary>IRewardToken.Reward: one (eventUid, member) record.</summary>
public sealed class RewardRecord
{
    /// <summary>0 None, 1 Rewarded, 2 ClawedBack, 3 Withheld (IRewardToken.RewardStatus).</summary>
    [Parameter("uint8", "status", 1)] public byte Status { get; set; }
    [Parameter("uint248", "amount", 2)] public BigInteger Amount { get; set; }
}

[FunctionOutput]
public sealed class RewardOfOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public RewardRecord Record { get; set; } = new();
}

[Function("issuedInEpoch", "uint256")]
public sealed class IssuedInEpochFunction : FunctionMessage
{
    [Parameter("uint256", "epoch", 1)] public BigInteger Epoch { get; set; }
}

[Function("issuableNow", "uint256")]
public sealed class IssuableNowFunction : FunctionMessage;

[Function("currentEpoch", "uint256")]
public sealed class CurrentEpochFunction : FunctionMessage;

[Function("startTime", "uint64")]
public sealed class StartTimeFunction : FunctionMessage;

[Function("epochCap", "uint256")]
public sealed class EpochCapFunction : FunctionMessage;

[Function("budget", "uint256")]
public sealed class BudgetFunction : FunctionMessage;

[Function("totalIssued", "uint256")]
public sealed class TotalIssuedFunction : FunctionMessage;

[Function("totalDebt", "uint256")]
public sealed class TotalDebtFunction : FunctionMessage;

[Function("totalSupply", "uint256")]
public sealed class TotalSupplyFunction : FunctionMessage;

[Function("paused", "bool")]
public sealed class PausedFunction : FunctionMessage;

[Function("transferable", "bool")]
public sealed class TransferableFunction : FunctionMessage;

[Function("hasRole", "bool")]
public sealed class HasRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = [];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

[Function("MINTER_ROLE", "bytes32")]
public sealed class MinterRoleFunction : FunctionMessage;

[Function("CLAWBACK_ROLE", "bytes32")]
public sealed class ClawbackRoleFunction : FunctionMessage;

[Function("grantRole")]
public sealed class GrantRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = [];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

[Function("revokeRole")]
public sealed class RevokeRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = [];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}
