using System.Net;
using System.Net.Sockets;
using System.Text;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using TrustLedger.Core.Chain;

namespace TrustLedger.Core.Tests.Chain;

/// <summary>
/// A reverse proxy in front of a node that is restarting answers 502 or an empty body, not a JSON-RPC answer: the
/// circuit reads that as the node being down (as a refused connection), instead of letting Nethereum's error handling
/// fail with a NullReferenceException that every worker logged as an unknown error.
/// </summary>
public class NodeCircuitTests
{
    [Theory]
    [InlineData("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "HTTP 502")]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\n<b>x</b>!", "HTTP 503")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "empty body")]
    public async Task A_proxy_answer_that_is_no_JSON_RPC_answer_is_node_trouble_and_opens_the_circuit(string answer, string reason)
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await proxy.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[8192];
            _ = await stream.ReadAsync(buffer);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
        });
        var circuit = new NodeCircuit(TimeSpan.FromSeconds(30));
        var web3 = new Web3(new RpcClient(new Uri($"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}"), new HttpClient(circuit)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => web3.Eth.Blocks.GetBlockNumber.SendRequestAsync());
        await serving;

        Assert.True(NodeErrors.IsNodeTrouble(error), $"{error.GetType().Name}: {error.Message}");
        Assert.DoesNotContain("Object reference", error.ToString());
        Assert.True(circuit.IsOpen);
        Assert.Contains(reason, circuit.LastError);
    }
}
