using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.RewardToken;

// Every custom error of RewardToken (its own and OpenZeppelin's), decoded from revert data by CustomErrors.Rewards.

[Error("BatchLengthMismatch")]
public sealed class BatchLengthMismatchError
{
    [Parameter("uint256", "members", 1)] public BigInteger Members { get; set; }
    [Parameter("uint256", "amounts", 2)] public BigInteger Amounts { get; set; }
    [Parameter("uint256", "eventUids", 3)] public BigInteger EventUids { get; set; }
}

[Error("ClawbackLengthMismatch")]
public sealed class ClawbackLengthMismatchError
{
    [Parameter("uint256", "members", 1)] public BigInteger Members { get; set; }
    [Parameter("uint256", "eventUids", 2)] public BigInteger EventUids { get; set; }
}

[Error("InvalidMember")]
public sealed class InvalidMemberError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
    [Parameter("bytes32", "eventUid", 2)] public byte[] EventUid { get; set; } = [];
}

[Error("InvalidAmount")]
public sealed class InvalidAmountError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
    [Parameter("bytes32", "eventUid", 2)] public byte[] EventUid { get; set; } = [];
    [Parameter("uint256", "amount", 3)] public BigInteger Amount { get; set; }
    [Parameter("uint256", "max", 4)] public BigInteger Max { get; set; }
}

[Error("InvalidEventUid")]
public sealed class InvalidEventUidError { [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; } }

[Error("EpochCapExceeded")]
public sealed class EpochCapExceededError
{
    [Parameter("uint256", "epoch", 1)] public BigInteger Epoch { get; set; }
    [Parameter("uint256", "cap", 2)] public BigInteger Cap { get; set; }
    [Parameter("uint256", "issued", 3)] public BigInteger Issued { get; set; }
    [Parameter("uint256", "requested", 4)] public BigInteger Requested { get; set; }
}

[Error("BudgetExceeded")]
public sealed class BudgetExceededError
{
    [Parameter("uint256", "budget", 1)] public BigInteger Budget { get; set; }
    [Parameter("uint256", "issued", 2)] public BigInteger Issued { get; set; }
    [Parameter("uint256", "requested", 3)] public BigInteger Requested { get; set; }
}

[Error("TransferDisabled")]
public sealed class TransferDisabledError
{
    [Parameter("address", "from", 1)] public string From { get; set; } = "";
    [Parameter("address", "to", 2)] public string To { get; set; } = "";
    [Parameter("uint256", "amount", 3)] public BigInteger Amount { get; set; }
}

[Error("InvalidAdmin")]
public sealed class InvalidAdminError;

[Error("InvalidEpochLength")]
public sealed class InvalidEpochLengthError { [Parameter("uint256", "epochLength", 1)] public BigInteger EpochLength { get; set; } }

[Error("InvalidEpochCap")]
public sealed class InvalidEpochCapError { [Parameter("uint256", "epochCap", 1)] public BigInteger EpochCap { get; set; } }

[Error("BudgetBelowIssued")]
public sealed class BudgetBelowIssuedError
{
    [Parameter("uint256", "budget", 1)] public BigInteger Budget { get; set; }
    [Parameter("uint256", "issued", 2)] public BigInteger Issued { get; set; }
}

[Error("EnforcedPause")]
public sealed class EnforcedPauseError;

[Error("ExpectedPause")]
public sealed class ExpectedPauseError;

[Error("InvalidInitialization")]
public sealed class InvalidInitializationError;

[Error("NotInitializing")]
public sealed class NotInitializingError;

[Error("ERC20InsufficientAllowance")]
public sealed class Erc20InsufficientAllowanceError
{
    [Parameter("address", "spender", 1)] public string Spender { get; set; } = "";
    [Parameter("uint256", "allowance", 2)] public BigInteger Allowance { get; set; }
    [Parameter("uint256", "needed", 3)] public BigInteger Needed { get; set; }
}

[Error("ERC20InsufficientBalance")]
public sealed class Erc20InsufficientBalanceError
{
    [Parameter("address", "sender", 1)] public string Sender { get; set; } = "";
    [Parameter("uint256", "balance", 2)] public BigInteger Balance { get; set; }
    [Parameter("uint256", "needed", 3)] public BigInteger Needed { get; set; }
}

[Error("ERC20InvalidApprover")]
public sealed class Erc20InvalidApproverError { [Parameter("address", "approver", 1)] public string Approver { get; set; } = ""; }

[Error("ERC20InvalidReceiver")]
public sealed class Erc20InvalidReceiverError { [Parameter("address", "receiver", 1)] public string Receiver { get; set; } = ""; }

[Error("ERC20InvalidSender")]
public sealed class Erc20InvalidSenderError { [Parameter("address", "sender", 1)] public string Sender { get; set; } = ""; }

[Error("ERC20InvalidSpender")]
public sealed class Erc20InvalidSpenderError { [Parameter("address", "spender", 1)] public string Spender { get; set; } = ""; }
