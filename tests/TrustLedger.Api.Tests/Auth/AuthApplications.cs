using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Api.Auth;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>
/// The real host with a known signing key (so tests can forge tokens the way an attacker with
/// or without the key would), configured admin and issuer addresses, a clock the tests can move,
/// and a few probe endpoints under /test-auth guarded by the real policies and helpers.
/// </summary>
public class AuthApplication : TrustLedgerApplication
{
    public AuthApplication() : this("sqlite") { }

    protected AuthApplication(string databaseKind) : base(databaseKind) { }

    /// <summary>
    /// HS256 secret; <see cref="SigningKeySetting"/> is what goes into Auth:SigningKey. 64 bytes,
    /// long enough for HS384 and HS512 too, so only the pinned algorithm list can refuse those.
    /// </summary>
    public byte[] Secret { get; } = RandomNumberGenerator.GetBytes(64);

    public virtual string SigningKeySetting => Convert.ToBase64String(Secret);

    public EthPrivateKey Admin { get; } = EthPrivateKey.Generate();
    public EthPrivateKey Issuer { get; } = EthPrivateKey.Generate();

    public ShiftableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:SigningKey", SigningKeySetting);
        // Mixed-case (EIP-55) in one list, lower case in the other: both forms are accepted.
        builder.UseSetting("Auth:Admins", Admin.Address.ToString());
        builder.UseSetting("Auth:Issuers", Issuer.Address.ToLowerHex());
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, ProbeEndpoints>();
        });
    }

    /// <summary>Endpoints that exist only in the tests, to exercise the policies other features will use.</summary>
    private sealed class ProbeEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/test-auth", branch =>
            {
                branch.UseRouting();
                branch.UseAuthentication();
                branch.UseAuthorization();
                branch.UseEndpoints(e =>
                {
                    e.MapGet("/admin", (ClaimsPrincipal user) => TypedResults.Ok(user.Address()!.Value.ToString())).RequireAuthorization(Roles.Admin);
                    e.MapGet("/issuer", (ClaimsPrincipal user) => TypedResults.Ok(user.Address()!.Value.ToString())).RequireAuthorization(Roles.Issuer);
                    e.MapGet("/parties/{address}", (string address) => TypedResults.Ok(address)).RequireSelf();
                    e.MapPost("/act-for", (ActFor request, ClaimsPrincipal user) =>
                        user.RequireSelf(request.Address) is { } forbidden ? (IResult)forbidden : TypedResults.Ok(request.Address))
                        .RequireAuthorization(Roles.Party);
                });
            });
            next(app);
        };
    }

    public sealed record ActFor(string Address);
}

public sealed class PostgresAuthApplication() : AuthApplication("postgres");

/// <summary>Tokens signed ES256 with an EC P-256 key given in PEM.</summary>
public sealed class Es256AuthApplication : AuthApplication
{
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public override string SigningKeySetting => Key.ExportPkcs8PrivateKeyPem();
}

/// <summary>A clock the auth services read; tests move it forward to let nonces expire.</summary>
public sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
