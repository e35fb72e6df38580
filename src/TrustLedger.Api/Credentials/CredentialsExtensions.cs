using TrustLedger.Api.Dids;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.SdJwt;
using TrustLedger.Core.Credentials.OpenId4Vci;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Credentials.StatusLists;

namespace TrustLedger.Api.Credentials;

public static class CredentialsExtensions
{
    /// <summary>
    /// Issuer keys, anchoring, the status provider over the indexed chain and the credentials' facts,
    /// the verifiers (trusting our issuer and the governed trusted-issuer list), product credentials
    /// and their daily budget, the facts worker, and the HTTPS endpoint. Call after AddChain,
    /// AddRelaying and AddTrustLedgerConfiguration.
    /// </summary>
    public static void AddCredentials(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<CredentialOptions>(builder.Configuration.GetSection(CredentialOptions.Section));
        var urls = PublicUrls(builder.Configuration);
        services.AddSingleton(urls);
        services.AddSingleton(sp =>
        {
            var keys = IssuerKeys.From(sp.GetRequiredService<ChainConnection>());
            // A rotated signing key is found in the registry at start; unreadable, the identity key (always valid) signs meanwhile.
            try { IssuerKeyRotation.LoadAsync(keys, sp.GetRequiredService<DidResolver>(), CancellationToken.None).GetAwaiter().GetResult(); }
            catch (Exception e) when (e is IssuerKeyRotationException or Nethereum.JsonRpc.Client.RpcClientUnknownException or HttpRequestException) { sp.GetRequiredService<ILogger<IssuerKeys>>().LogWarning("issuer signing key not read: {Reason}", e.Message); }
            return keys;
        });
        services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<ChainConnection>();
            return new IssuerKeyRotation(sp.GetRequiredService<IssuerKeys>(), sp.GetRequiredService<DidResolver>(), chain.Web3, chain.Keys.Issuer,
                sp.GetRequiredService<TrustLedger.Core.Data.Database>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<TrustLedger.Core.Transactions.TransactionOptions>>().Value,
                sp.GetRequiredService<ILogger<IssuerKeyRotation>>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<CredentialAnchoring>();
        services.AddSingleton<AnchorStatusProvider>();
        services.AddSingleton<TrustedIssuers>();
        services.AddSingleton<StatusListPublisher>();
        services.AddSingleton<AllowListedFetcher>();
        services.AddSingleton<IssuerDidWeb>();
        // did:web is fetched by the one allow-listed fetcher; ours is built locally (read lazily: IssuerKeys itself needs the resolver).
        services.AddSingleton(sp => DidResolvers.For(sp.GetRequiredService<ChainConnection>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CredentialOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AllowListedFetcher>(), did => sp.GetRequiredService<IssuerDidWeb>().DocumentFor(did)));
        services.AddSingleton<StatusListSources>();
        services.AddSingleton(sp => new CredentialVerifier(sp.GetRequiredService<AnchorStatusProvider>(), sp.GetRequiredService<IssuerKeys>(),
            trustedIssuers: sp.GetRequiredService<TrustedIssuers>(), statusLists: sp.GetRequiredService<StatusListSources>(),
            urls: sp.GetRequiredService<CredentialUrls>(), dids: sp.GetRequiredService<DidResolver>()));
        services.AddSingleton(sp => new PresentationVerifier(sp.GetRequiredService<CredentialVerifier>()));
        services.AddSingleton<CredentialIssuance>();
        services.AddSingleton<IssuanceBudget>();
        services.AddSingleton<CredentialViews>();
        services.AddSingleton<ProductCredentials>();
        services.AddSingleton<SdJwtVcIssuance>();
        services.Configure<OpenId4VciOptions>(builder.Configuration.GetSection(OpenId4VciOptions.Section));
        services.AddSingleton<OpenId4VciStore>();
        services.AddSingleton<OpenId4VciIssuer>();
        services.AddSingleton(sp => new SdJwtVcVerifier(sp.GetRequiredService<IssuerKeys>(), sp.GetRequiredService<TrustedIssuers>(),
            sp.GetRequiredService<SdJwtVcIssuance>(), sp.GetRequiredService<CredentialUrls>().Base, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<CredentialFactsWorker>();
        builder.AddHttpsEndpoint();
    }

    /// <summary>
    /// Credentials:PublicBaseUrl, or when it is empty the service's own first listening URL (the local
    /// run: http://127.0.0.1:5080; a wildcard host reads as 127.0.0.1), so every URL a credential names
    /// resolves at this service. Read once at start-up: the URLs are signed into what we issue.
    /// </summary>
    public static CredentialUrls PublicUrls(IConfiguration configuration)
    {
        var section = configuration.GetSection(CredentialOptions.Section);
        string? configured = section[nameof(CredentialOptions.PublicBaseUrl)];
        string[] former = section.GetSection(nameof(CredentialOptions.FormerPublicBaseUrls)).Get<string[]>() ?? [];
        if (string.IsNullOrWhiteSpace(configured))
        {
            string listening = (configuration["urls"] ?? Hosting.Configuration.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(u => u.StartsWith("http", StringComparison.OrdinalIgnoreCase)) ?? Hosting.Configuration.DefaultUrl;
            configured = listening.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
        }
        try { return new CredentialUrls(configured, former); }
        catch (ArgumentException e) { throw new InvalidOperationException($"{CredentialOptions.Section}:{nameof(CredentialOptions.PublicBaseUrl)}: {e.Message}"); }
    }

    /// <summary>The VC API, /v1/credentials, /v1/issuers, /v1/dids, our status lists, and our context and schemas at their URLs.</summary>
    public static void MapCredentials(this WebApplication app)
    {
        app.MapVcApi();
        app.MapCredentialsApi();
        app.MapContexts();
        app.MapStatusLists();
        app.MapDids();
        app.MapSdJwt();
        app.MapOpenId4Vci();
        app.MapCredentialOffers();
    }
}
