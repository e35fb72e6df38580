using System.Numerics;

namespace TrustLedger.Core.Transactions;

/// <summary>Configuration section "Transactions": how every service key sends (relayer, minter, snapshot publisher).</summary>
public sealed class TransactionOptions
{
    public const string Section = "Transactions";

    /// <summary>A sent transaction not mined after this long is replaced with higher fees.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Fee increase of a replacement, in percent (nodes require at least 10).</summary>
    public int ReplacementBumpPercent { get; set; } = 25;

    /// <summary>
    /// The most any transaction of a service key bids per gas (its max fee; the tip never exceeds it), in gwei.
    /// A stuck transaction is bumped up to here and no further: the sender then stops bidding, rebroadcasts the
    /// same bytes, and /health raises an alert for a person to decide (fund, raise the ceiling, or wait).
    /// </summary>
    public decimal FeeCeilingGwei { get; set; } = 200m;

    /// <summary>Extra gas over the node's estimate, in percent, plus <see cref="GasHeadroom"/>.</summary>
    public int GasMarginPercent { get; set; } = 25;

    /// <summary>Extra gas over the node's estimate, in gas units.</summary>
    public long GasHeadroom { get; set; } = 50_000;

    /// <summary><see cref="FeeCeilingGwei"/> in wei.</summary>
    public BigInteger FeeCeilingWei => new(decimal.Round(FeeCeilingGwei * 1_000_000_000m, 0));

    /// <summary>The gas limit a transaction gets for an estimate: the node's figure with the configured margin.</summary>
    public BigInteger GasLimitFor(BigInteger estimated) => estimated * (100 + GasMarginPercent) / 100 + GasHeadroom;
}
