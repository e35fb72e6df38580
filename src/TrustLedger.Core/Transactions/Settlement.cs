using System.Numerics;
using Nethereum.RPC.Eth.DTOs;

namespace TrustLedger.Core.Transactions;

/// <summary>Points in sending where a test can simulate a crash.</summary>
public enum SendStep { Signed, Broadcast }

/// <summary>The node's answer to a call we might send: the gas it needs, or why it would revert.</summary>
public sealed record GasEstimate(BigInteger? Gas, Exception? Refusal);

/// <summary>What became of the oldest nonce in flight.</summary>
public abstract record Settlement
{
    /// <summary>Not mined yet. <paramref name="Moved"/>: a rebroadcast or a replacement went out.</summary>
    public sealed record Waiting(bool Moved) : Settlement;

    /// <summary>One of the nonce's transactions is in a block (it may have reverted: see the receipt's status).</summary>
    public sealed record Mined(ChainTransaction Transaction, TransactionReceipt Receipt) : Settlement;

    /// <summary>None of the nonce's transactions will ever be mined: another transaction used the nonce, or the node refused them.</summary>
    public sealed record Dropped(long Nonce, string Code, string Reason) : Settlement;
}
