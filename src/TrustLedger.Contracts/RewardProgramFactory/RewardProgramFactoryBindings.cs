using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.RewardProgramFactory;

// RewardProgramFactory (contracts/rewards/IRewardProgramFactory.sol): a community's program in one call.

[Function("createProgram", "address")]
public sealed class CreateProgramFunction : FunctionMessage
{
    [Parameter("string", "name", 1)] public string Name { get; set; } = "";
    [Parameter("string", "symbol", 2)] public string Symbol { get; set; } = "";
    [Parameter("address", "admin", 3)] public string Admin { get; set; } = "";
    [Parameter("address", "minter", 4)] public string Minter { get; set; } = "";
    [Parameter("uint64", "epochLength", 5)] public ulong EpochLength { get; set; }
    [Parameter("uint256", "epochCap", 6)] public BigInteger EpochCap { get; set; }
    [Parameter("uint256", "budget", 7)] public BigInteger Budget { get; set; }
    [Parameter("bool", "transferable", 8)] public bool Transferable { get; set; }
}

[Function("programIdOf", "uint256")]
public sealed class ProgramIdOfFunction : FunctionMessage
{
    [Parameter("address", "token", 1)] public string Token { get; set; } = "";
}

[Event("ProgramCreated")]
public sealed class ProgramCreatedEvent : IEventDTO
{
    [Parameter("uint256", "programId", 1, true)] public BigInteger ProgramId { get; set; }
    [Parameter("address", "token", 2, true)] public string Token { get; set; } = "";
    [Parameter("address", "admin", 3, true)] public string Admin { get; set; } = "";
    [Parameter("address", "minter", 4, false)] public string Minter { get; set; } = "";
    [Parameter("address", "creator", 5, false)] public string Creator { get; set; } = "";
    [Parameter("string", "name", 6, false)] public string Name { get; set; } = "";
    [Parameter("string", "symbol", 7, false)] public string Symbol { get; set; } = "";
    [Parameter("uint64", "epochLength", 8, false)] public ulong EpochLength { get; set; }
    [Parameter("uint256", "epochCap", 9, false)] public BigInteger EpochCap { get; set; }
    [Parameter("uint256", "budget", 10, false)] public BigInteger Budget { get; set; }
    [Parameter("bool", "transferable", 11, false)] public bool Transferable { get; set; }
}

[Error("UnknownProgram")]
public sealed class UnknownProgramError { [Parameter("uint256", "programId", 1)] public BigInteger ProgramId { get; set; } }

[Error("FailedDeployment")]
public sealed class FailedDeploymentError;

[Error("InsufficientBalance")]
public sealed class InsufficientBalanceError
{
    [Parameter("uint256", "balance", 1)] public BigInteger Balance { get; set; }
    [Parameter("uint256", "needed", 2)] public BigInteger Needed { get; set; }
}
