namespace TrustLedger.Core.Transactions;

/// <summary>Configuration section "Transactions": how every service key sends (relayer, minter, snapshot publisher).</summary>
public sealed class TransactionOptions
{
    public const string Section = "Transactions";

    /// <summary>A sent transaction not mined after this long is replaced with higher fees.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Fee increase of a replacement, in percent (nodes require at least 10).</summary>
    public int ReplacementBumpPercent { get; set; } = 25;

    /// <summary>Extra gas over the node's estimate, in percent, plus <see cref="GasHeadroom"/>.</summary>
    public int GasMarginPercent { get; set; } = 25;

    /// <summary>Extra gas over the node's estimate, in gas units.</summary>
    public long GasHeadroom { get; set; } = 50_000;
}
