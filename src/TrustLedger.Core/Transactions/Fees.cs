using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace TrustLedger.Core.Transactions;

/// <summary>
/// EIP-1559 fees of every service key, never above <see cref="TransactionOptions.FeeCeilingGwei"/>: what a new
/// transaction bids, and what a stuck one's replacement bids, until the ceiling leaves no room for a replacement.
/// </summary>
public sealed class Fees(IWeb3 web3, TransactionOptions options)
{
    public BigInteger Ceiling => options.FeeCeilingWei;

    private (BigInteger MaxFee, BigInteger Tip, long At)? _last;

    /// <summary>
    /// As <see cref="SuggestAsync()"/>, reusing the last suggestion while it is younger than <paramref name="maxAge"/>: for a
    /// sender with several transactions a second, which would otherwise ask the node twice per transaction. The cap
    /// (twice the base fee) stays above the base fee for at least six full blocks, far longer than such an age.
    /// </summary>
    public async Task<(BigInteger MaxFee, BigInteger Tip)> SuggestAsync(TimeSpan maxAge)
    {
        if (_last is { } last && System.Diagnostics.Stopwatch.GetElapsedTime(last.At) < maxAge) return (last.MaxFee, last.Tip);
        var (maxFee, tip) = await SuggestAsync();
        _last = (maxFee, tip, System.Diagnostics.Stopwatch.GetTimestamp());
        return (maxFee, tip);
    }

    /// <summary>Tip from the node, fee cap at twice the base fee plus the tip (a few full blocks do not strand us), both capped.</summary>
    public async Task<(BigInteger MaxFee, BigInteger Tip)> SuggestAsync()
    {
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var baseFee = block.BaseFeePerGas?.Value ?? BigInteger.Zero;
        BigInteger tip;
        try
        {
            tip = (await web3.Client.SendRequestAsync<HexBigInteger>("eth_maxPriorityFeePerGas")).Value;
        }
        catch (RpcResponseException)
        {
            tip = BigInteger.Pow(10, 9); // 1 gwei where the node has no suggestion
        }
        if (tip <= 0) tip = BigInteger.Pow(10, 9);
        var maxFee = BigInteger.Min(baseFee * 2 + tip, Ceiling);
        return (maxFee, BigInteger.Min(tip, maxFee));
    }

    /// <summary>
    /// A replacement's fees: both raised by the configured bump, held under the ceiling. Null when the ceiling
    /// leaves no replacement a node would accept (nodes want both fees at least 10% higher): stop bidding.
    /// </summary>
    public (BigInteger MaxFee, BigInteger Tip)? Bump(BigInteger maxFee, BigInteger tip)
    {
        var bump = 100 + options.ReplacementBumpPercent;
        var newMax = BigInteger.Min(maxFee * bump / 100, Ceiling);
        var newTip = BigInteger.Min(tip * bump / 100, newMax);
        if (newMax * 100 < maxFee * 110 || newTip * 100 < tip * 110) return null;
        return (newMax, newTip);
    }

    /// <summary>
    /// True when the node refused a broadcast for the sender's state or the fee market, not for the transaction's
    /// content: no funds, a fee cap below the base fee, an underpriced bid. The same bytes (or a higher bid) can
    /// still be mined, so the transaction is kept and retried, never given up as "refused".
    /// </summary>
    public static bool IsSenderSideRefusal(string message) =>
        SenderSide.Any(m => message.Contains(m, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] SenderSide =
    [
        "insufficient funds", "enough funds", "underpriced", "fee cap", "feecap", "less than block base fee",
        "too low for the next block", "max fee per gas less than", "nonce too high",
    ];
}
