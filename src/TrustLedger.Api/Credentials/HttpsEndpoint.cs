using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TrustLedger.Api.Credentials;

/// <summary>Configuration section "Https".</summary>
public sealed class HttpsOptions
{
    public const string Section = "Https";

    public const int DefaultPort = 5443;

    /// <summary>
    /// Port of the HTTPS endpoint on 127.0.0.1; 0 turns it off. Unset, it is <see cref="DefaultPort"/>
    /// when the API runs on its default URL, and off when urls were given (--urls, ASPNETCORE_URLS), so
    /// that several processes started with their own urls never fight over one HTTPS port.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>A PFX (or PEM with <see cref="KeyPath"/>) certificate; without one a self-signed development certificate is made at start-up.</summary>
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? CertificatePassword { get; set; }
}

/// <summary>
/// The VC API also over HTTPS (conformance suites call issuers and verifiers over https): an
/// extra https://127.0.0.1:{Https:Port} address beside the plain one (see <see cref="HttpsOptions.Port"/>). With no certificate
/// configured, a self-signed one for localhost/127.0.0.1 is generated in memory at start-up
/// (ECDSA P-256, 30 days); it is never written to disk. Explicit Kestrel endpoint configuration
/// or an https URL in the configured urls wins: then nothing is added.
/// </summary>
public static class HttpsEndpoint
{
    public static void AddHttpsEndpoint(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(HttpsOptions.Section).Get<HttpsOptions>() ?? new HttpsOptions();
        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? "";
        int port = options.Port ?? (urls == Hosting.Configuration.DefaultUrl ? HttpsOptions.DefaultPort : 0);
        if (port <= 0 || urls.Contains("https://", StringComparison.OrdinalIgnoreCase)
            || builder.Configuration.GetSection("Kestrel:Endpoints").Exists()) return;

        var certificate = Load(options) ?? SelfSigned();
        builder.WebHost.UseUrls([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            $"https://{IPAddress.Loopback}:{port}"]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate ??= certificate));
    }

    private static X509Certificate2? Load(HttpsOptions options)
    {
        if (string.IsNullOrEmpty(options.CertificatePath)) return null;
        return options.KeyPath is { Length: > 0 } key
            ? X509Certificate2.CreateFromPemFile(options.CertificatePath, key)
            : X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
    }

    /// <summary>A development certificate for localhost and 127.0.0.1 with server-authentication usage.</summary>
    public static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=TrustLedger development (localhost)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
