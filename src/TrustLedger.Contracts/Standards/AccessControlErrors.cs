using Nethereum.ABI.FunctionEncoding.Attributes;

namespace TrustLedger.Contracts.Standards;

// OpenZeppelin AccessControl's custom errors, in the ABI of every contract built on it
// (ReputationSnapshots, RewardToken); CustomErrors decodes them for each.

[Error("AccessControlUnauthorizedAccount")]
public sealed class AccessControlUnauthorizedAccountError
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
    [Parameter("bytes32", "neededRole", 2)] public byte[] NeededRole { get; set; } = [];
}

[Error("AccessControlBadConfirmation")]
public sealed class AccessControlBadConfirmationError;
