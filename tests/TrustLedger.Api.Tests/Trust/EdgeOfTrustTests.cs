using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Api.Tests.Hosting;

namespace TrustLedger.Api.Tests.Trust;

/// <summary>Real Kestrel on 127.0.0.1 with a per-client limit of 5 requests per 10 s and no proxy configured (the default).</summary>
public class LimitedKestrelApplication : KestrelApplication
{
    public const int PerClient = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Limits:PerClientPer10Seconds", PerClient.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The same, behind a configured reverse proxy (this machine, 127.0.0.1), and serving a dashboard page.</summary>
public sealed class ProxiedKestrelApplication : LimitedKestrelApplication
{
    public string DashboardRoot { get; } = Directory.CreateTempSubdirectory("trustledger-dashboard-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
        File.WriteAllText(Path.Combine(DashboardRoot, "index.html"), "<!doctype html><title>TrustLedger</title><div id=app></div>");
        builder.UseSetting("Dashboard:Root", DashboardRoot);
    }
}

/// <summary>
/// Issue 14, point 10's smaller items, as the attacks: a client that rotates X-Forwarded-For to get a
/// fresh rate-limit budget per request; a page that frames the dashboard to trick a wallet into
/// signing. (Logout and refresh-token reuse ending access at once: Auth/AccessTokenTests.)
/// </summary>
public sealed class ForwardedHeaderSpoofingTests(LimitedKestrelApplication app) : IClassFixture<LimitedKestrelApplication>
{
    [Fact]
    public async Task RotatingXForwardedFor_WithoutAConfiguredProxy_DoesNotEscapeThePerClientLimit()
    {
        using var client = app.RealClient();

        var statuses = await ForwardedAsync(client, i => $"203.0.113.{i + 1}");

        // 20 requests within one or two 10-second windows: at most 2 * 5 get through, whatever the header says.
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) <= 2 * LimitedKestrelApplication.PerClient, string.Join(",", statuses));
    }

    internal static async Task<List<HttpStatusCode>> ForwardedAsync(HttpClient client, Func<int, string> forwardedFor, int count = 20)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/network/summary");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor(i));
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}

public sealed class TrustedProxyTests(ProxiedKestrelApplication app) : IClassFixture<ProxiedKestrelApplication>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BehindAConfiguredProxy_EachForwardedClientHasItsOwnLimit_AndOneClientIsStillLimited()
    {
        using var client = app.RealClient();

        var distinct = await ForwardedHeaderSpoofingTests.ForwardedAsync(client, i => $"198.51.100.{i + 1}");
        var same = await ForwardedHeaderSpoofingTests.ForwardedAsync(client, _ => "192.0.2.77");

        Assert.All(distinct, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains(HttpStatusCode.TooManyRequests, same);
        Assert.True(same.Count(s => s == HttpStatusCode.OK) <= 2 * LimitedKestrelApplication.PerClient, string.Join(",", same));
    }

    [Fact]
    public async Task DashboardPage_CarriesACspThatForbidsFraming()
    {
        using var client = app.RealClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/supplier/0x90f79bf6eb2c4f870365e785982e1f101e93b906");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.200");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=app>", await response.Content.ReadAsStringAsync(Ct));
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
    }
}

/// <summary>An identity provider's token that names a configured issuer's address and claims every role, in every claim name a provider uses.</summary>
public sealed class ExternalRoleClaimTests(ExternalAuthorityApplication app) : IClassFixture<ExternalAuthorityApplication>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProviderTokenClaimingIssuerAndAdmin_ForTheIssuersAddress_GetsOnlyTheParty()
    {
        var token = app.IdpToken(c =>
        {
            c["eth_address"] = app.Issuer.Address.ToLowerHex();
            c["role"] = new JsonArray("issuer", "admin");
            c["roles"] = new JsonArray("issuer", "admin");
            c["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"] = new JsonArray("issuer", "admin");
            c["groups"] = new JsonArray("admin");
        });
        var client = app.CreateClient().WithBearer(token);

        await (await client.GetAsync("/test-auth/issuer", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        await (await client.GetAsync("/test-auth/admin", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        var me = await (await client.GetAsync("/v1/auth/me", Ct)).JsonAsync();
        Assert.Equal(["party"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        // What the issuer role guards: issuing on our key, and trusting issuers.
        var issue = await Credentials.CredentialClient.IssueAsync(client, Credentials.CredentialClient.Credential(app.Issuer.Address));
        await issue.AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        var trust = await client.PostAsync("/v1/trust-anchors", System.Net.Http.Json.JsonContent.Create(new
        {
            address = app.Issuer.Address.ToLowerHex(), name = "me", reason = "provider says admin",
        }), Ct);
        await trust.AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
    }
}
