using System.Net;
using System.Net.Sockets;
using TrustLedger.Core.Webhooks;

namespace TrustLedger.Core.Tests.Webhooks;

public sealed class WebhookDestinationTests
{
    [Theory]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://localhost/hook", "loopback")]
    [InlineData("https://10.1.2.3/hook", "private")]
    [InlineData("https://192.168.0.10/hook", "private")]
    [InlineData("https://172.20.0.1/hook", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "private")]
    [InlineData("https://100.64.0.1/hook", "private")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://[fd00::1]/hook", "private")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "private")]
    [InlineData("http://crm.example.com/hook", "https")]
    [InlineData("https://user:pw@crm.example.com/hook", "user name")]
    [InlineData("ftp://crm.example.com/hook", "http(s)")]
    public void OutsideDevelopment_PrivateLoopbackAndPlainTargets_AreRefused(string url, string reason)
    {
        Assert.Contains(reason, WebhookDestinations.Refusal(url, allowPrivate: false));
    }

    [Fact]
    public void PublicHttpsTarget_IsAccepted_AndLoopbackOnlyInDevelopment()
    {
        Assert.Null(WebhookDestinations.Refusal("https://hooks.crm.example.com/trustledger?x=1", allowPrivate: false));
        Assert.Null(WebhookDestinations.Refusal("http://127.0.0.1:8080/hook", allowPrivate: true));
        Assert.True(WebhookDestinations.IsPublic(IPAddress.Parse("8.8.8.8")));
        Assert.False(WebhookDestinations.IsPublic(IPAddress.Parse("0.0.0.0")));
    }

    /// <summary>A name that passes the URL check but resolves to loopback is refused when connecting (DNS can change after the check).</summary>
    [Fact]
    public async Task HostResolvingToLoopback_IsRefusedAtConnectTime()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            using var http = new HttpClient(WebhookDestinations.Handler(allowPrivate: false, TimeSpan.FromSeconds(2)));
            var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync($"http://localhost:{port}/hook", new StringContent("{}")));
            Assert.IsType<WebhookDestinationRefusedException>(e.InnerException);
            Assert.False(listener.Pending()); // nothing reached the listener
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The example of the Standard Webhooks reference libraries: same secret, id, timestamp and body, same signature.</summary>
    [Fact]
    public void Signature_MatchesTheStandardWebhooksReferenceExample()
    {
        var signature = StandardWebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }
}
