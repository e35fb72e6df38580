using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts;
using TrustLedger.Contracts.RewardToken;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Rewards;

/// <summary>One transaction for the contract admin's own wallet to send: from, to, data (no value).</summary>
public sealed record AdminCall(string Operation, string From, string To, string Data, long ChainId, string Description);

/// <summary>
/// The program admin's operations on a token (pause, unpause, set-epoch-cap, set-budget) as transactions for the
/// contract admin (Keys:ContractAdmin) to send from its own wallet: no service key holds DEFAULT_ADMIN_ROLE, so the
/// service can only prepare them. Each is simulated from the admin's address first, so a call the token would refuse
/// (ExpectedPause, BudgetBelowIssued, ...) is answered with its error instead of being handed out. The rewards engine
/// then follows the token's own events to version the program's rules.
/// </summary>
public sealed class ProgramAdminCalls(IWeb3 web3, long chainId, string admin)
{
    public static readonly IReadOnlyList<string> Operations = ["pause", "unpause", "set-epoch-cap", "set-budget"];

    /// <summary>The call, or the token's custom error (code, detail) when the admin's transaction would revert.</summary>
    public async Task<(AdminCall? Call, (string Code, string Detail)? Refusal)> PrepareAsync(string token, string operation, BigInteger? value = null)
    {
        var (data, description) = operation switch
        {
            "pause" => (new PauseFunction().GetCallData(), "pause the program: no mints, transfers or redemptions; new events earn nothing"),
            "unpause" => (new UnpauseFunction().GetCallData(), "lift the pause"),
            "set-epoch-cap" => (new SetEpochCapFunction { NewCap = value ?? 0 }.GetCallData(), $"set the epoch cap to {TokenAmount.Format(value ?? 0)} tokens"),
            "set-budget" => (new SetBudgetFunction { NewBudget = value ?? 0 }.GetCallData(), $"set the budget to {TokenAmount.Format(value ?? 0)} tokens"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not an admin operation"),
        };
        try
        {
            await web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput(Hex.Encode(data), token) { From = admin, Value = new HexBigInteger(0) });
        }
        catch (RpcResponseException e) when (!NodeErrors.IsNodeTrouble(e))
        {
            return (null, CustomErrors.Rewards.Describe(e));
        }
        return (new AdminCall(operation, admin, token, Hex.Encode(data), chainId, description), null);
    }
}
