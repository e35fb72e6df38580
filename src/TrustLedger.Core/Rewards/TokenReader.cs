using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Contracts.RewardToken;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Rewards;

/// <summary>What the token says now (the chain is the source of truth for balances, caps and issuance).</summary>
public sealed record TokenState(
    BigInteger CurrentEpoch, BigInteger EpochCap, BigInteger IssuedThisEpoch, BigInteger IssuableNow,
    BigInteger Budget, BigInteger TotalIssued, BigInteger TotalDebt, BigInteger TotalSupply, bool Paused);

/// <summary>Typed reads of a program's token and of the registry, through the service's one IWeb3.</summary>
public sealed class TokenReader(IWeb3 web3)
{
    private Task<TOut> Call<TFunction, TOut>(string contract, TFunction function) where TFunction : FunctionMessage, new() =>
        web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TOut>(contract, function);

    public Task<BigInteger> BalanceOfAsync(string token, string member) => Call<BalanceOfFunction, BigInteger>(token, new() { Account = member });

    public Task<BigInteger> DebtOfAsync(string token, string member) => Call<DebtOfFunction, BigInteger>(token, new() { Member = member });

    public Task<BigInteger> IssuableNowAsync(string token) => Call<IssuableNowFunction, BigInteger>(token, new());

    public Task<ulong> StartTimeAsync(string token) => Call<StartTimeFunction, ulong>(token, new());

    public async Task<RewardRecord> RewardOfAsync(string token, string eventUid, string member) =>
        (await web3.Eth.GetContractQueryHandler<RewardOfFunction>().QueryDeserializingToObjectAsync<RewardOfOutput>(
            new RewardOfFunction { EventUid = Hex.Decode(eventUid), Member = member }, token)).Record;

    public async Task<TokenState> StateAsync(string token)
    {
        var epoch = await Call<CurrentEpochFunction, BigInteger>(token, new());
        return new TokenState(
            epoch,
            await Call<EpochCapFunction, BigInteger>(token, new()),
            await Call<IssuedInEpochFunction, BigInteger>(token, new() { Epoch = epoch }),
            await IssuableNowAsync(token),
            await Call<BudgetFunction, BigInteger>(token, new()),
            await Call<TotalIssuedFunction, BigInteger>(token, new()),
            await Call<TotalDebtFunction, BigInteger>(token, new()),
            await Call<TotalSupplyFunction, BigInteger>(token, new()),
            await Call<PausedFunction, bool>(token, new()));
    }

    /// <summary>
    /// Whether the registry holds the event now (at the node's latest block): the attestation, and for a
    /// reciprocity event also a confirmation. The index may miss it while it re-indexes after a reorg.
    /// </summary>
    public async Task<bool> EventOnChainAsync(string registry, string eventUid, bool needsConfirmation)
    {
        if (!await ExistsAsync(registry, Hex.Decode(eventUid))) return false;
        if (!needsConfirmation) return true;
        var confirmation = await Call<ConfirmationOfFunction, byte[]>(registry, new() { Uid = Hex.Decode(eventUid) });
        return confirmation.Any(b => b != 0) && await ExistsAsync(registry, confirmation);
    }

    private async Task<bool> ExistsAsync(string registry, byte[] uid) =>
        (await web3.Eth.GetContractQueryHandler<GetAttestationFunction>().QueryDeserializingToObjectAsync<GetAttestationOutput>(
            new GetAttestationFunction { Uid = uid }, registry)).Record.Uid.Any(b => b != 0);
}
