using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.RewardToken;

// RewardToken events the reward worker reads from its own receipts (mints and clawbacks).

[Event("Rewarded")]
public sealed class RewardedEvent : IEventDTO
{
    [Parameter("address", "member", 1, true)] public string Member { get; set; } = "";
    [Parameter("bytes32", "eventUid", 2, true)] public byte[] EventUid { get; set; } = [];
    [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
    [Parameter("uint256", "epoch", 4, false)] public BigInteger Epoch { get; set; }
}

[Event("RewardSkipped")]
public sealed class RewardSkippedEvent : IEventDTO
{
    [Parameter("address", "member", 1, true)] public string Member { get; set; } = "";
    [Parameter("bytes32", "eventUid", 2, true)] public byte[] EventUid { get; set; } = [];
    [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
    [Parameter("uint8", "status", 4, false)] public byte Status { get; set; }
}

[Event("ClawedBack")]
public sealed class ClawedBackEvent : IEventDTO
{
    [Parameter("address", "member", 1, true)] public string Member { get; set; } = "";
    [Parameter("bytes32", "eventUid", 2, true)] public byte[] EventUid { get; set; } = [];
    [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
    [Parameter("uint256", "burned", 4, false)] public BigInteger Burned { get; set; }
    [Parameter("uint256", "debt", 5, false)] public BigInteger Debt { get; set; }
}

[Event("RewardWithheld")]
public sealed class RewardWithheldEvent : IEventDTO
{
    [Parameter("address", "member", 1, true)] public string Member { get; set; } = "";
    [Parameter("bytes32", "eventUid", 2, true)] public byte[] EventUid { get; set; } = [];
}

[Event("ClawbackSkipped")]
public sealed class ClawbackSkippedEvent : IEventDTO
{
    [Parameter("address", "member", 1, true)] public string Member { get; set; } = "";
    [Parameter("bytes32", "eventUid", 2, true)] public byte[] EventUid { get; set; } = [];
    [Parameter("uint8", "status", 3, false)] public byte Status { get; set; }
}

[Event("DebtSettled")]
public sealed class DebtSettledEvent : IEventDTO
{
    [Parameter("address", "member", 1, true)] public string Member { get; set; } = "";
    [Parameter("bytes32", "eventUid", 2, true)] public byte[] EventUid { get; set; } = [];
    [Parameter("uint256", "settled", 3, false)] public BigInteger Settled { get; set; }
    [Parameter("uint256", "remaining", 4, false)] public BigInteger Remaining { get; set; }
}

[Event("Transfer")]
public sealed class TransferEvent : IEventDTO
{
    [Parameter("address", "from", 1, true)] public string From { get; set; } = "";
    [Parameter("address", "to", 2, true)] public string To { get; set; } = "";
    [Parameter("uint256", "value", 3, false)] public BigInteger Value { get; set; }
}

// The admin's acts on a program (sent from the admin's own wallet, never by the service): the rewards
// engine follows them to version the program's rules.

[Event("Paused")]
public sealed class PausedEvent : IEventDTO
{
    [Parameter("address", "account", 1, false)] public string Account { get; set; } = "";
}

[Event("Unpaused")]
public sealed class UnpausedEvent : IEventDTO
{
    [Parameter("address", "account", 1, false)] public string Account { get; set; } = "";
}

[Event("EpochCapChanged")]
public sealed class EpochCapChangedEvent : IEventDTO
{
    [Parameter("uint256", "epoch", 1, true)] public BigInteger Epoch { get; set; }
    [Parameter("uint256", "previousCap", 2, false)] public BigInteger PreviousCap { get; set; }
    [Parameter("uint256", "newCap", 3, false)] public BigInteger NewCap { get; set; }
}

[Event("BudgetChanged")]
public sealed class BudgetChangedEvent : IEventDTO
{
    [Parameter("uint256", "previousBudget", 1, false)] public BigInteger PreviousBudget { get; set; }
    [Parameter("uint256", "newBudget", 2, false)] public BigInteger NewBudget { get; set; }
}
