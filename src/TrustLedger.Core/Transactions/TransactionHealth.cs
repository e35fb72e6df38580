using System.Globalization;
using System.Numerics;
using Dapper;
using Nethereum.Web3;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Transactions;

/// <summary>The oldest transaction of a key that has waited past Transactions:StuckAfter.</summary>
public sealed record StuckTransaction(long Nonce, string TxHash, string Since, long Seconds, int Attempts, string MaxFeePerGas, string? Error);

/// <summary>
/// One service key in /health: its job, address, balance (wei), transactions in flight, the oldest stuck one, whether
/// its bid is at the fee ceiling, and the alert a person should act on (null when there is none).
/// </summary>
public sealed record KeyHealth(string Job, string Address, string? Balance, int InFlight, StuckTransaction? OldestStuck, bool AtFeeCeiling, string? Alert);

/// <summary>The transactions part of /health: "alert" when any key needs a person.</summary>
public sealed record TransactionsHealth(string Status, decimal FeeCeilingGwei, string? ContractAdmin, IReadOnlyList<KeyHealth> Keys);

/// <summary>
/// What every service key is doing on chain, read from chain_transactions and the node: the sending keys' balances,
/// their stuck transactions, and the alerts no sender raises by bidding higher (at the fee ceiling, refused for lack
/// of funds or an underpriced fee, an empty account). The issuer key signs but never sends, so it has no balance line.
/// </summary>
public static class TransactionHealth
{
    /// <summary>Each key with the purpose its transactions are recorded under (the issuer sends nothing).</summary>
    private static IEnumerable<(ServiceKey Key, string? Purpose)> Jobs(KeyStore keys)
    {
        yield return (keys.Relayer, "relayer");
        if (keys.Publisher is { } publisher) yield return (publisher, "snapshots");
        if (keys.Minter is { } minter) yield return (minter, "rewards");
        yield return (keys.Issuer, null);
    }

    /// <param name="chainUp">false when the node did not answer: balances are not read (no second wait on a node that is down)</param>
    public static async Task<TransactionsHealth> CheckAsync(
        IWeb3 web3, KeyStore keys, Database db, TransactionOptions options, TimeProvider time, bool chainUp, CancellationToken ct)
    {
        var fees = new Fees(web3, options);
        var result = new List<KeyHealth>();
        foreach (var (key, purpose) in Jobs(keys))
        {
            if (purpose is null)
            {
                result.Add(new KeyHealth(key.Role, key.Address, null, 0, null, false, null));
                continue;
            }
            BigInteger? balance = null;
            try
            {
                if (chainUp) balance = (await web3.Eth.GetBalance.SendRequestAsync(key.Address)).Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The chain part of /health reports the node; a balance we cannot read is no alert of its own.
            }
            IReadOnlyList<ChainTransaction> inFlight;
            await using (var connection = await db.OpenConnectionAsync(ct))
                inFlight = [.. await connection.QueryAsync<ChainTransaction>(new CommandDefinition(
                    $"{ChainTransaction.Columns} WHERE account = @Address AND status IN ('signed', 'sent', 'refused') ORDER BY nonce, id",
                    new { key.Address }, cancellationToken: ct))];
            var (stuck, atCeiling) = Stuck(inFlight, fees, options, time);
            result.Add(new KeyHealth(key.Role, key.Address, balance?.ToString(CultureInfo.InvariantCulture),
                inFlight.Select(t => t.Nonce).Distinct().Count(), stuck, atCeiling, AlertOf(key, balance, stuck, atCeiling, options)));
        }
        return new TransactionsHealth(result.Any(k => k.Alert is not null) ? "alert" : "ok", options.FeeCeilingGwei, keys.Admin, result);
    }

    private static (StuckTransaction?, bool AtCeiling) Stuck(IReadOnlyList<ChainTransaction> inFlight, Fees fees, TransactionOptions options, TimeProvider time)
    {
        if (inFlight.Count == 0) return (null, false);
        var attempts = inFlight.Where(t => t.Nonce == inFlight[0].Nonce).ToList();
        var since = DateTimeOffset.Parse(attempts[0].CreatedAt, CultureInfo.InvariantCulture);
        var age = time.GetUtcNow() - since;
        if (age < options.StuckAfter) return (null, false);
        var newest = attempts[^1];
        var atCeiling = fees.Bump(BigInteger.Parse(newest.MaxFeePerGas, CultureInfo.InvariantCulture),
            BigInteger.Parse(newest.MaxPriorityFeePerGas, CultureInfo.InvariantCulture)) is null;
        var error = attempts.LastOrDefault(t => t.Error is not null)?.Error;
        return (new StuckTransaction(newest.Nonce, newest.TxHash, attempts[0].CreatedAt, (long)age.TotalSeconds, attempts.Count, newest.MaxFeePerGas, error),
            atCeiling);
    }

    private static string? AlertOf(ServiceKey key, BigInteger? balance, StuckTransaction? stuck, bool atCeiling, TransactionOptions options)
    {
        if (stuck is not null && atCeiling)
            return $"the {key.Role}'s transaction {stuck.TxHash} (nonce {stuck.Nonce}) is stuck at the fee ceiling of {options.FeeCeilingGwei} gwei: " +
                   "no higher bid goes out; raise Transactions:FeeCeilingGwei or wait for fees to fall";
        if (stuck is { Error: { } error })
            return $"the {key.Role}'s transaction {stuck.TxHash} (nonce {stuck.Nonce}) is stuck: {error}";
        if (balance is { IsZero: true }) return $"the {key.Role} account {key.Address} holds no ether to pay gas";
        return null;
    }
}
