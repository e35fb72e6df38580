using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace TrustLedger.Core.Indexing.Sources;

/// <summary>
/// eth_call pinned to a block by its hash (EIP-1898, requireCanonical), for what a source's event does
/// not carry (EAS's attestation payload, an ERC-8004 agent's owner). Pinned by hash, the answer belongs
/// to the same chain as the log; if that block left the chain meanwhile, the range is read again.
/// </summary>
public sealed class PinnedCalls(IWeb3 web3)
{
    private int _id;

    /// <summary>The call's return data (0x hex) at block <paramref name="number"/> <paramref name="hash"/>.</summary>
    public async Task<string> CallAsync(string to, string data, long number, string hash)
    {
        try
        {
            var request = new RpcRequest(Interlocked.Increment(ref _id), "eth_call",
                new CallInput(data, to), new { blockHash = hash, requireCanonical = true });
            return await web3.Client.SendRequestAsync<string>(request);
        }
        catch (RpcResponseException)
        {
            var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number));
            if (block is null || !string.Equals(block.BlockHash, hash, StringComparison.OrdinalIgnoreCase))
                throw new ChainMovedException($"block {number} {hash} left the chain while a source's call was made");
            throw; // the block is there: a real failure, retried with backoff by the indexer's loop
        }
    }
}
