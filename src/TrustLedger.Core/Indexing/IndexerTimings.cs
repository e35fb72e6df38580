using System.Diagnostics;

namespace TrustLedger.Core.Indexing;

/// <summary>
/// Where an indexer's time goes, summed since it started: the node (JSON-RPC request and parsing
/// its answer), decoding events into rows, and database writes. Reads overlap writes (one range is
/// read ahead), so the parts can add up to more than the wall-clock time. Thread-safe.
/// </summary>
public sealed class IndexerTimings
{
    private long _rpc, _decode, _db;

    public TimeSpan Rpc => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _rpc));
    public TimeSpan Decode => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _decode));
    public TimeSpan Db => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _db));

    public async Task<T> RpcAsync<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try { return await call(); }
        finally { Interlocked.Add(ref _rpc, Stopwatch.GetTimestamp() - start); }
    }

    public T Decoding<T>(Func<T> decode)
    {
        var start = Stopwatch.GetTimestamp();
        try { return decode(); }
        finally { Interlocked.Add(ref _decode, Stopwatch.GetTimestamp() - start); }
    }

    public async Task<T> DbAsync<T>(Func<Task<T>> write)
    {
        var start = Stopwatch.GetTimestamp();
        try { return await write(); }
        finally { Interlocked.Add(ref _db, Stopwatch.GetTimestamp() - start); }
    }

    public override string ToString() =>
        $"RPC {Rpc.TotalSeconds:F1} s, decoding {Decode.TotalSeconds:F1} s, database {Db.TotalSeconds:F1} s";
}
