using Nethereum.Web3;

namespace TrustLedger.Core.Indexing.Sources;

/// <summary>
/// The configured outside sources, as the indexer and `trustledger recompute` read them: one
/// eth_getLogs filter each, and the decoding of their logs into a range's batch.
/// </summary>
public sealed class EdgeSourceSet
{
    private readonly Dictionary<string, IEdgeSource> _byAddress;

    public EdgeSourceSet(EdgeSourceOptions options)
    {
        if (options.Problem() is { } problem) throw new InvalidOperationException(problem);
        Options = options;
        Sources = [.. options.Eas.Select(e => (IEdgeSource)new EasEdgeSource(e)), .. options.Erc8004.Select(e => new Erc8004EdgeSource(e))];
        _byAddress = Sources.ToDictionary(s => s.Address, StringComparer.Ordinal);
        if (_byAddress.Count != Sources.Count) throw new InvalidOperationException("Reputation:Sources: a contract is configured twice");
        Fingerprint = options.Fingerprint();
    }

    public static readonly EdgeSourceSet None = new(new EdgeSourceOptions());

    public EdgeSourceOptions Options { get; }
    public IReadOnlyList<IEdgeSource> Sources { get; }

    /// <summary>Kept with the index: <see cref="EdgeSourceOptions.Fingerprint"/>.</summary>
    public string Fingerprint { get; }

    public bool Owns(string address) => _byAddress.ContainsKey(address.ToLowerInvariant());

    /// <summary>Decodes the batch's source logs (set aside by <see cref="RegistryLogDecoder"/>) in chain order.</summary>
    public async Task DecodeAsync(IWeb3 web3, IndexBatch batch, IReadOnlyDictionary<long, BlockRef> headers)
    {
        if (batch.SourceLogs.Count == 0) return;
        var calls = new PinnedCalls(web3);
        foreach (var log in batch.SourceLogs)
        {
            var time = log.BlockTimestamp ?? headers[log.BlockNumber].Timestamp;
            await _byAddress[log.Address].DecodeAsync(log, time, batch, calls);
        }
        batch.SourceLogs.Clear();
    }
}
