using System.Diagnostics;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Benchmarks.Relaying;

/// <summary>
/// The node's own rate for the relayer's work: the same batch transactions (multiAttestByDelegation of
/// <c>batchSize</c> pre-signed attestations), signed in advance with consecutive nonces, sent back to back with
/// eth_sendRawTransaction and counted once the last receipt is there. No outbox, no estimate, no receipt polling
/// per batch: the bound a relayer on this node can at best approach.
/// </summary>
internal static class NodeBatchBound
{
    public static async Task<double> MeasureAsync(IWeb3 web3, Account sender, string registry, IReadOnlyList<SignedAttestation> requests, int batchSize)
    {
        var batches = requests.Chunk(batchSize).Select(chunk => new MultiAttestByDelegationFunction
        {
            Requests = [.. chunk.Select(r => r.ToContract())],
        }.GetCallData()).ToList();
        var from = sender.Address;
        var gas = (await web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput(Hex.Encode(batches[0]), registry) { From = from })).Value;
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var tip = new System.Numerics.BigInteger(1_000_000_000);
        var maxFee = (block.BaseFeePerGas?.Value ?? 0) * 4 + tip;
        var nonce = (await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(from, BlockParameter.CreatePending())).Value;
        sender.TransactionManager.Client ??= web3.Client;
        var raw = new List<string>(batches.Count);
        foreach (var (data, i) in batches.Select((d, i) => (d, i)))
            raw.Add(await sender.TransactionManager.SignTransactionAsync(new TransactionInput
            {
                From = from, To = registry, Data = Hex.Encode(data), Value = new HexBigInteger(0),
                Gas = new HexBigInteger(gas * 5 / 4 + 50_000), MaxFeePerGas = new HexBigInteger(maxFee),
                MaxPriorityFeePerGas = new HexBigInteger(tip), Nonce = new HexBigInteger(nonce + i), Type = new HexBigInteger(2),
                ChainId = new HexBigInteger(sender.ChainId ?? 31337),
            }));

        var clock = Stopwatch.StartNew();
        var last = (await TransactionSender.SendUnrecordedBackToBackAsync(web3, raw))[^1];
        TransactionReceipt? receipt;
        while ((receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(last)) is null) await Task.Delay(1);
        var seconds = clock.Elapsed.TotalSeconds;
        if (receipt.Status.Value != 1) throw new InvalidOperationException($"the last pre-signed batch {last} reverted");
        return requests.Count / seconds;
    }
}
