using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrustLedger.Core;
using TrustLedger.Core.Auth;

namespace TrustLedger.Api.Auth;

public static class AuthExtensions
{
    /// <summary>Short environment variable names for the auth settings (beside Auth__SigningKey etc.).</summary>
    private static readonly (string Variable, string Key)[] ShortNames =
    [
        ("TRUSTLEDGER_JWT_KEY", "Auth:SigningKey"),
        ("TRUSTLEDGER_ADMINS", "Auth:Admins"),
        ("TRUSTLEDGER_ISSUERS", "Auth:Issuers"),
        ("TRUSTLEDGER_AUTH_DOMAIN", "Auth:Domain"),
        ("TRUSTLEDGER_AUTH_ORIGIN", "Auth:Origin"),
    ];

    /// <summary>
    /// Sign-In with Ethereum, our JWT access tokens (and optionally an external OpenID Connect
    /// authority's), refresh sessions, and the policies <see cref="Roles.Party"/>,
    /// <see cref="Roles.Issuer"/>, <see cref="Roles.Admin"/>. Call after AddData and AddChain.
    /// </summary>
    public static void AddAuth(this WebApplicationBuilder builder)
    {
        var values = ShortNames
            .Select(n => (n.Key, Value: Environment.GetEnvironmentVariable(n.Variable)))
            .Where(v => !string.IsNullOrEmpty(v.Value))
            .ToDictionary(v => v.Key, v => v.Value);
        if (values.Count > 0) builder.Configuration.AddInMemoryCollection(values);

        var services = builder.Services;
        services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        // Built on first use; AuthStartCheck makes that happen at start-up, where a bad setting
        // ends the process with one clear line (StartupFailure) rather than at the first request.
        services.AddSingleton(sp => RoleGrants.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => TokenKeys.Create(
            sp.GetRequiredService<IOptions<AuthOptions>>().Value.SigningKey,
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILogger<TokenKeys>>()));
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<Nonces>();
        services.AddSingleton<Sessions>();
        services.AddSingleton<SiweVerifier>();

        // The external scheme is always registered and chosen only when Auth:Authority is set,
        // so the decision follows configuration as the host finally sees it.
        services.AddAuthentication(BearerValidation.SelectorScheme)
            .AddPolicyScheme(BearerValidation.SelectorScheme, "Bearer token (ours or the external authority's)", options =>
                options.ForwardDefaultSelector = context => BearerValidation.SelectScheme(
                    context, context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value))
            .AddJwtBearer(BearerValidation.OwnScheme, _ => { })
            .AddJwtBearer(BearerValidation.ExternalScheme, _ => { });
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, BearerValidation.ConfigureOwn>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, BearerValidation.ConfigureExternal>();

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Party, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Party))
            .AddPolicy(Roles.Issuer, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Issuer))
            .AddPolicy(Roles.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthResponses.ResultHandler>();
        services.AddHostedService<AuthStartCheck>();
    }

    /// <summary>Checks the key, the role lists and the other settings before the first request, and says who holds which role.</summary>
    private sealed class AuthStartCheck(IServiceProvider services, IOptions<AuthOptions> options, IHostEnvironment environment, ILogger<AuthStartCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            var keys = services.GetRequiredService<TokenKeys>();
            var grants = services.GetRequiredService<RoleGrants>();
            var settings = options.Value;
            foreach (var (name, value) in new[]
                     {
                         ("AccessTokenLifetime", settings.AccessTokenLifetime), ("RefreshTokenLifetime", settings.RefreshTokenLifetime),
                         ("SessionLifetime", settings.SessionLifetime), ("NonceLifetime", settings.NonceLifetime),
                     })
                if (value <= TimeSpan.Zero) throw new StartupFailure($"Auth:{name} must be positive");
            if (settings.ClockSkew < TimeSpan.Zero || settings.ClockSkew > TimeSpan.FromMinutes(5))
                throw new StartupFailure("Auth:ClockSkew must be between 0 and 5 minutes");
            if (!string.IsNullOrEmpty(settings.Origin) && !Uri.TryCreate(settings.Origin, UriKind.Absolute, out _))
                throw new StartupFailure($"Auth:Origin '{settings.Origin}' is not an absolute URL");
            // The Host header is the caller's to choose: a phishing site that got a user to sign a
            // message for its own domain could replay it with that Host. Only local set-ups may trust it.
            if (string.IsNullOrEmpty(settings.Domain) && !environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
                throw new StartupFailure(
                    $"Auth:Domain (TRUSTLEDGER_AUTH_DOMAIN) is required in the {environment.EnvironmentName} environment: " +
                    "the host name of the web app users sign in from, e.g. app.trustledger.dev");
            if (!string.IsNullOrEmpty(settings.Authority) && string.IsNullOrEmpty(settings.Audience))
                throw new StartupFailure("Auth:Authority is set but Auth:Audience is not: the external tokens' audience must be pinned");

            logger.LogInformation("Access tokens: {Algorithm}, {Lifetime} min; sign-in domain: {Domain}; admins: {Admins}; issuers: {Issuers}{External}",
                keys.Algorithm, settings.AccessTokenLifetime.TotalMinutes,
                string.IsNullOrEmpty(settings.Domain) ? "the request's host" : settings.Domain,
                Describe(grants.Admins), Describe(grants.Issuers),
                string.IsNullOrEmpty(settings.Authority) ? "" : $"; also accepting tokens of {settings.Authority}");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

        private static string Describe(IReadOnlyCollection<Core.Crypto.EthAddress> addresses) =>
            addresses.Count == 0 ? "none" : string.Join(", ", addresses);
    }
}
