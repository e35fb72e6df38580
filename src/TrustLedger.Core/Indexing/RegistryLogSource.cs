using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Core.Indexing;

/// <summary>A block as the indexer remembers it: number, hash (lower-case 0x hex) and unix time.</summary>
public sealed record BlockRef(long Number, string Hash, long Timestamp);

/// <summary>
/// A log as eth_getLogs returns it, as <see cref="LogsResponseReader"/> reads it: hex strings lower-case,
/// quantities as numbers, data as bytes. Recent nodes (Hardhat's EDR, geth, reth) add the block's
/// timestamp, which spares one header fetch per block; older ones leave it null.
/// </summary>
public sealed class RegistryLog
{
    public required string Address { get; init; }
    public string[] Topics { get; init; } = [];
    public byte[] Data { get; init; } = [];
    public long BlockNumber { get; init; }
    public required string BlockHash { get; init; }
    public long? BlockTimestamp { get; init; }
    public required string TransactionHash { get; init; }
    public int LogIndex { get; init; }
    public bool Removed { get; init; }
}

/// <summary>The indexer's reads from the node: head, block headers, and the logs of the registry and of the configured edge sources.</summary>
public sealed class RegistryLogSource(IWeb3 web3, string registryAddress, EdgeSourceSet? sources = null)
{
    private LogsClient? _logs; // made on first use: readers of headers only need no HTTP client of their own


    public string RegistryAddress { get; } = registryAddress.ToLowerInvariant();

    /// <summary>Outside contracts read in the same ranges (EAS, ERC-8004); <see cref="EdgeSourceSet.None"/> when none.</summary>
    public EdgeSourceSet Sources { get; } = sources ?? EdgeSourceSet.None;

    public async Task<long> GetHeadAsync() =>
        (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    /// <summary>The block at <paramref name="number"/> on the node's current chain, or null beyond its head.</summary>
    public async Task<BlockRef?> GetBlockAsync(long number)
    {
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number));
        return block is null ? null : new BlockRef(number, block.BlockHash.ToLowerInvariant(), (long)block.Timestamp.Value);
    }

    /// <summary>Several headers in JSON-RPC batches (for nodes whose logs carry no timestamp).</summary>
    public async Task<Dictionary<long, BlockRef>> GetBlocksAsync(IReadOnlyCollection<long> numbers)
    {
        var result = new Dictionary<long, BlockRef>(numbers.Count);
        foreach (var chunk in numbers.Chunk(100))
        {
            var blocks = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
                .SendBatchRequestAsync([.. chunk.Select(n => new HexBigInteger(n))]);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (blocks[i] is not { } block) throw new InvalidOperationException($"the node has no block {chunk[i]}");
                result[chunk[i]] = new BlockRef(chunk[i], block.BlockHash.ToLowerInvariant(), (long)block.Timestamp.Value);
            }
        }
        return result;
    }

    /// <summary>The registry's indexed events in [from, to], and the edge sources' (one filter each), in chain order.</summary>
    public async Task<RegistryLog[]> GetLogsAsync(long from, long to)
    {
        // topic0 in (...): only the events the indexer stores
        var logs = await GetLogsAsync(RegistryAddress, [RegistryLogDecoder.Topics], from, to);
        if (Sources.Sources.Count == 0) return logs;
        var all = new List<RegistryLog>(logs);
        foreach (var source in Sources.Sources) all.AddRange(await GetLogsAsync(source.Address, source.Topics, from, to));
        return [.. all.OrderBy(l => l.BlockNumber).ThenBy(l => l.LogIndex)];
    }

    /// <summary>One eth_getLogs call: <paramref name="address"/>'s logs in [from, to] matching <paramref name="topics"/>.</summary>
    public async Task<RegistryLog[]> GetLogsAsync(string address, object?[] topics, long from, long to) =>
        [.. await (_logs ??= LogsClient.For(web3)).GetLogsAsync(address, topics, from, to)];

    /// <summary>Decodes the edge sources' logs of a decoded batch (their payloads may need pinned eth_calls).</summary>
    public Task DecodeSourcesAsync(IndexBatch batch, IReadOnlyDictionary<long, BlockRef> headers) =>
        Sources.DecodeAsync(web3, batch, headers);

    /// <summary>
    /// True when a provider refused eth_getLogs because the range holds too much: the wording differs
    /// between providers (geth/Infura "query returned more than 10000 results", Alchemy "Log response
    /// size exceeded", -32005 "limit exceeded", QuickNode "block range is too large") or the call timed out.
    /// </summary>
    public static bool IsRangeTooLarge(Exception e) => e switch
    {
        RpcClientTimeoutException => true,
        RpcResponseException { RpcError: { } error } =>
            error.Code == -32005 || TooLargeMarkers.Any(m => error.Message?.Contains(m, StringComparison.OrdinalIgnoreCase) == true),
        _ => false,
    };

    private static readonly string[] TooLargeMarkers =
    [
        "more than", "too many", "limit exceeded", "size exceeded", "too large", "range is too", "exceed maximum",
        "max results", "timeout", "timed out",
    ];
}
