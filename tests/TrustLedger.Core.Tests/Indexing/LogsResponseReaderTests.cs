using System.Text;
using Nethereum.JsonRpc.Client;
using TrustLedger.Core.Indexing;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// The streaming eth_getLogs parser on answers written out by hand: every shape a node may send, read
/// whole and in tiny pieces (a value cut by the window's end must resume, not fail or repeat).
/// </summary>
public class LogsResponseReaderTests
{
    private const string Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string Topic0 = "0x8BF46BF4CFD674FA735A3D63EC1C9AD4153F033C290341F3A588B75685141B35";
    private static readonly string BlockHash = "0x" + new string('A', 64);
    private static readonly string TxHash = "0x" + new string('b', 64);

    private static string Log(int index, string data = "0x0102", string extra = "", bool removed = false, string timestamp = "\"0x6553f100\"") =>
        $$"""
        {"address":"{{Address}}","topics":["{{Topic0}}","0x{{index:x64}}"],"data":"{{data}}","blockNumber":"0x1b4",
         "transactionHash":"{{TxHash}}","transactionIndex":"0x0","blockHash":"{{BlockHash}}","blockTimestamp":{{timestamp}},
         "logIndex":"0x{{index:x}}","removed":{{(removed ? "true" : "false")}}{{extra}}}
        """;

    private static string Response(string result) => $$"""{"jsonrpc":"2.0","id":7,"result":{{result}}}""";

    private static Task<List<RegistryLog>> ReadAsync(string json, int? chunk = null) =>
        LogsResponseReader.ReadAsync(new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Logs_AreRead_WithHexLowerCased_QuantitiesAsNumbers_DataAsBytes(int? chunk)
    {
        var logs = await ReadAsync(Response($"[{Log(0)},{Log(26, data: "0xABff")}]"), chunk);

        Assert.Equal(2, logs.Count);
        var log = logs[1];
        Assert.Equal(Address.ToLowerInvariant(), log.Address);
        Assert.Equal([Topic0.ToLowerInvariant(), "0x" + 26.ToString("x64")], log.Topics);
        Assert.Equal(new byte[] { 0xab, 0xff }, log.Data);
        Assert.Equal(0x1b4, log.BlockNumber);
        Assert.Equal(BlockHash.ToLowerInvariant(), log.BlockHash);
        Assert.Equal(TxHash, log.TransactionHash);
        Assert.Equal(26, log.LogIndex);
        Assert.Equal(0x6553f100, log.BlockTimestamp);
        Assert.False(log.Removed);
        Assert.Same(logs[0].BlockHash, logs[1].BlockHash); // repeated values share one string
    }

    [Fact]
    public async Task MembersInAnyOrder_UnknownOnesSkipped_NullOptionalFieldsEmpty()
    {
        var json = $$"""
            { "result" : [ { "logIndex": 3, "removed": null, "blockTimestamp": null, "topics": null, "data": null,
                             "extra": {"nested": [1, {"a": "b"}], "s": "x\"y"}, "blockNumber": "0x0",
                             "blockHash": "{{BlockHash}}", "transactionHash": "{{TxHash}}", "address": "{{Address}}" } ],
              "id": "abc", "jsonrpc": "2.0" }
            """;

        var log = Assert.Single(await ReadAsync(json, chunk: 3));

        Assert.Equal(3, log.LogIndex); // a plain JSON number, as lenient nodes send
        Assert.Equal(0, log.BlockNumber);
        Assert.Null(log.BlockTimestamp);
        Assert.Empty(log.Topics);
        Assert.Empty(log.Data);
        Assert.False(log.Removed);
    }

    [Fact]
    public async Task RemovedLog_IsReadAsRemoved_AndTheDecoderReadsTheRangeAgain()
    {
        var logs = await ReadAsync(Response($"[{Log(0, removed: true)}]"));

        Assert.True(Assert.Single(logs).Removed);
        var end = new BlockRef(0x1b4, BlockHash.ToLowerInvariant(), 0);
        Assert.Throws<ChainMovedException>(() => RegistryLogDecoder.Decode(0x1b0, end, logs, new Dictionary<long, BlockRef>()));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData(" [ ] ")]
    [InlineData("null")]
    public async Task EmptyResult_IsNoLogs(string result) =>
        Assert.Empty(await ReadAsync(Response(result), chunk: 1));

    [Theory]
    [InlineData(null)]
    [InlineData(5)]
    public async Task ErrorResponse_IsAnRpcResponseException_ThatTheAdaptiveRangeRecognises(int? chunk)
    {
        const string json = """{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"query returned more than 10000 results","data":{"from":"0x1","to":["0x2"]}}}""";

        var e = await Assert.ThrowsAsync<RpcResponseException>(() => ReadAsync(json, chunk));

        Assert.Equal(-32005, e.RpcError.Code);
        Assert.Equal("query returned more than 10000 results", e.RpcError.Message);
        Assert.Equal("0x1", (string?)Assert.IsType<Newtonsoft.Json.Linq.JObject>(e.RpcError.Data)["from"]);
        Assert.True(RegistryLogSource.IsRangeTooLarge(e));
    }

    [Fact]
    public async Task ErrorThatIsNotAboutSize_IsNotTakenForSize()
    {
        var e = await Assert.ThrowsAsync<RpcResponseException>(() =>
            ReadAsync("""{"id":1,"error":{"message":"internal error: database is locked","code":-32000},"jsonrpc":"2.0"}"""));
        Assert.Equal(-32000, e.RpcError.Code);
        Assert.False(RegistryLogSource.IsRangeTooLarge(e));
    }

    [Fact]
    public async Task LargeResult_ReadInSmallPieces_EqualsReadWhole_AndALogLargerThanTheWindowFits()
    {
        var big = "0x" + string.Concat(Enumerable.Repeat("0123456789abcdef", 20_000)); // 160 KB of data (320 KB of hex), above the 64 KB window
        var json = Response("[" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => Log(i, data: i == 10_000 ? big : "0x" + i.ToString("x64")))) + "]");
        Assert.True(json.Length > 10_000_000);

        var whole = await ReadAsync(json);
        var pieces = await ReadAsync(json, chunk: 4_093);

        Assert.Equal(20_000, whole.Count);
        Assert.Equal(whole.Select(l => (l.LogIndex, Convert.ToHexString(l.Data), l.Topics[1])), pieces.Select(l => (l.LogIndex, Convert.ToHexString(l.Data), l.Topics[1])));
        Assert.Equal(Enumerable.Range(0, 20_000), pieces.Select(l => l.LogIndex));
        Assert.Equal(160_000, pieces[10_000].Data.Length);
    }

    [Theory]
    [InlineData("", "not a valid JSON-RPC response")]
    [InlineData("<html>502 Bad Gateway</html>", "not a valid JSON-RPC response")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":[{"address":"0x1"}""", "not a valid JSON-RPC response")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":[]""", "not a valid JSON-RPC response")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"0x1"}""", "not an array")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", "neither")]
    [InlineData("""[1,2]""", "is an object")]
    [InlineData("""{"result":[{"address":"0xzz","blockHash":"0x1","transactionHash":"0x1","blockNumber":"0x1","logIndex":"0x1"}]}""", "not a hex digit")]
    [InlineData("""{"result":[{"address":"0x1","blockHash":"0x1","transactionHash":"0x1","blockNumber":"1","logIndex":"0x1"}]}""", "not 0x hex")]
    [InlineData("""{"result":[{"address":"0x1","blockHash":"0x1","transactionHash":"0x1","blockNumber":"0x1","logIndex":"0x1","data":"0x123"}]}""", "whole bytes")]
    [InlineData("""{"result":[{"address":"0x1","transactionHash":"0x1","blockNumber":"0x1","logIndex":"0x1"}]}""", "lacks blockHash")]
    [InlineData("""{"result":[{"address":"0x1","blockHash":"0x1","transactionHash":"0x1","blockNumber":"0x1ffffffffffffffff","logIndex":"0x1"}]}""", "exceeds")]
    [InlineData("""{"result":[]} {"result":[]}""", "follows")]
    [InlineData("""{"result":[],}""", "not a valid JSON-RPC response")]
    public async Task MalformedAnswer_IsAClearRpcClientUnknownException(string json, string says)
    {
        foreach (var chunk in (int?[])[null, 1])
        {
            var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => ReadAsync(json, chunk));
            Assert.Contains("eth_getLogs", e.Message);
            Assert.Contains(says, e.Message);
        }
    }

    [Fact]
    public async Task EscapedHexString_IsUnescaped()
    {
        var json = Response($"[{Log(1).Replace($"\"{TxHash}\"", "\"\\u0030x" + TxHash[2..] + "\"")}]");
        Assert.Equal(TxHash, Assert.Single(await ReadAsync(json, chunk: 2)).TransactionHash);
    }

    /// <summary>A body that arrives <c>chunk</c> bytes at a time (all at once when null), as a slow network delivers it.</summary>
    private sealed class ChunkedStream(byte[] bytes, int? chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(chunk is { } n && buffer.Length > n ? buffer[..n] : buffer, ct);
    }
}
