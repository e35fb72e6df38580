using System.Net;
using System.Text;
using System.Text.Json;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Indexing;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// The streaming eth_getLogs client: it finds the node and HttpClient of the IWeb3 it is made from
/// (Nethereum keeps both private), sends the full topics filter, maps failures to Nethereum's exception
/// types, and on a real node reads exactly the logs Nethereum's own client reads.
/// </summary>
public class LogsClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task For_UsesTheIWeb3sUrlAndHttpClient_AndSendsTheWholeTopicsFilter()
    {
        var handler = new Canned(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"result":[]}""");
        var web3 = new Web3(new RpcClient(new Uri("http://127.0.0.1:9/rpc"), new HttpClient(handler)));

        var logs = await LogsClient.For(web3).GetLogsAsync("0xabc", [new[] { "0x01", "0x02" }, null, "0x03", new[] { "0x04" }], 10, 255, Ct);

        Assert.Empty(logs);
        Assert.Equal("http://127.0.0.1:9/rpc", Assert.Single(handler.Urls));
        using var body = JsonDocument.Parse(Assert.Single(handler.Bodies));
        Assert.Equal("eth_getLogs", body.RootElement.GetProperty("method").GetString());
        var filter = body.RootElement.GetProperty("params")[0];
        Assert.Equal("0xabc", filter.GetProperty("address").GetString());
        Assert.Equal("0xa", filter.GetProperty("fromBlock").GetString());
        Assert.Equal("0xff", filter.GetProperty("toBlock").GetString());
        Assert.Equal("""[["0x01","0x02"],null,"0x03",["0x04"]]""", filter.GetProperty("topics").GetRawText());
    }

    [Fact]
    public void For_FindsTheUrlOfAPlainWeb3()
    {
        // Nethereum's own HttpClients rotate, so ours is used; what matters is that the URL is found at all.
        Assert.NotNull(LogsClient.For(new Web3("http://127.0.0.1:9")));
    }

    [Fact]
    public async Task HttpErrorWithoutJsonRpcBody_IsAnRpcClientUnknownException_NamingTheStatus()
    {
        var web3 = new Web3(new RpcClient(new Uri("http://127.0.0.1:9"), new HttpClient(new Canned(HttpStatusCode.BadGateway, "<html>bad gateway</html>"))));
        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => LogsClient.For(web3).GetLogsAsync("0xabc", [], 1, 2, Ct));
        Assert.Contains("HTTP 502", e.Message);
    }

    [Fact]
    public async Task HttpErrorWithAJsonRpcError_IsTheRpcError()
    {
        // Some providers answer a refused range with HTTP 400 and the JSON-RPC error.
        var web3 = new Web3(new RpcClient(new Uri("http://127.0.0.1:9"), new HttpClient(new Canned(HttpStatusCode.BadRequest,
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Log response size exceeded."}}"""))));
        var e = await Assert.ThrowsAsync<RpcResponseException>(() => LogsClient.For(web3).GetLogsAsync("0xabc", [], 1, 2, Ct));
        Assert.True(RegistryLogSource.IsRangeTooLarge(e));
    }

    [Fact]
    public async Task NodeThatCannotBeReached_IsAnRpcClientUnknownException()
    {
        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() =>
            LogsClient.For(new Web3("http://127.0.0.1:9")).GetLogsAsync("0xabc", [], 1, 2, Ct));
        Assert.Contains("eth_getLogs", e.Message);
    }

    [Fact]
    public async Task OnARealNode_ReadsTheSameLogsAsNethereum()
    {
        var registry = await TestRegistry.DeployAsync(TestServices.RequireChain(), await TestServices.FundedMnemonicAsync());
        var schema = await registry.RegisterSchemaAsync("bytes payload");
        await registry.MultiAttestAsync(1, [.. Enumerable.Range(0, 30).Select(i => registry.Request(1, schema, registry.AddressOf(2), new byte[i * 11]))]);
        var web3 = new Web3(registry.RpcUrl);
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

        var ours = await LogsClient.For(web3).GetLogsAsync(registry.Address, [RegistryLogDecoder.Topics], registry.DeploymentBlock, head, Ct);
        var theirs = await web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            Address = [registry.Address], FromBlock = new BlockParameter(new HexBigInteger(registry.DeploymentBlock)),
            ToBlock = new BlockParameter(new HexBigInteger(head)), Topics = [RegistryLogDecoder.Topics],
        });

        Assert.Equal(31, ours.Count); // the schema and 30 attestations
        Assert.Equal(theirs.Length, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            var (a, b) = (ours[i], theirs[i]);
            Assert.Equal(b.Address.ToLowerInvariant(), a.Address);
            Assert.Equal(b.Topics.Select(t => t.ToString()!.ToLowerInvariant()), a.Topics);
            Assert.Equal(b.Data.ToLowerInvariant(), "0x" + Convert.ToHexStringLower(a.Data));
            Assert.Equal((long)b.BlockNumber.Value, a.BlockNumber);
            Assert.Equal(b.BlockHash.ToLowerInvariant(), a.BlockHash);
            Assert.Equal(b.TransactionHash.ToLowerInvariant(), a.TransactionHash);
            Assert.Equal((int)b.LogIndex.Value, a.LogIndex);
            Assert.Equal(b.Removed, a.Removed);
            Assert.NotNull(a.BlockTimestamp); // Hardhat's EDR sends it
        }
        Assert.Equal(30, ours.Count(l => l.Topics[0] == TypedEventDecoder<AttestedEvent>.Instance.Topic0));
    }

    /// <summary>Answers every request with one body, and records what was asked.</summary>
    private sealed class Canned(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<string> Urls { get; } = [];
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Urls.Add(request.RequestUri!.ToString());
            Bodies.Add(await request.Content!.ReadAsStringAsync(ct));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
