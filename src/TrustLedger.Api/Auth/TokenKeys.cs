using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TrustLedger.Core;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Auth;

/// <summary>
/// The one key our access tokens are signed and checked with, and the one algorithm allowed for
/// it: HS256 for a shared secret, ES256 for an EC P-256 private key in PEM. Validation accepts
/// exactly that algorithm with exactly that key, which rules out <c>alg: none</c> and
/// algorithm confusion (an HMAC keyed with our public key, an attacker's RSA key, ...).
/// </summary>
public sealed class TokenKeys
{
    public const int MinimumSecretBytes = 32;

    // Process-wide, so several test hosts in one process agree and a dev server keeps it until restart.
    private static readonly Lazy<byte[]> EphemeralSecret = new(() => RandomNumberGenerator.GetBytes(MinimumSecretBytes));

    private TokenKeys(SecurityKey signingKey, SecurityKey validationKey, string algorithm, bool ephemeral)
    {
        Signing = new SigningCredentials(signingKey, algorithm);
        ValidationKey = validationKey;
        Algorithm = algorithm;
        IsEphemeral = ephemeral;
    }

    public SigningCredentials Signing { get; }

    /// <summary>The secret itself (HS256) or the public key only (ES256).</summary>
    public SecurityKey ValidationKey { get; }

    /// <summary>"HS256" or "ES256": the only value of <c>alg</c> validation accepts.</summary>
    public string Algorithm { get; }

    /// <summary>Generated for this process (Development/Testing without a configured key).</summary>
    public bool IsEphemeral { get; }

    /// <summary>The public key as a JWK for /.well-known/jwks.json; none for a shared secret.</summary>
    public JsonWebKey? PublicJwk => ValidationKey is ECDsaSecurityKey ec ? JsonWebKeyConverter.ConvertFromECDsaSecurityKey(ec) : null;

    /// <summary>
    /// From Auth:SigningKey. Absent: a random per-process secret in Development and Testing,
    /// a start-up failure anywhere else. A malformed or short key always fails.
    /// </summary>
    public static TokenKeys Create(string? configured, IHostEnvironment environment, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
                throw new StartupFailure(
                    $"Auth:SigningKey (TRUSTLEDGER_JWT_KEY) is required in the {environment.EnvironmentName} environment: " +
                    "a base64 secret of at least 32 bytes (openssl rand -base64 32) or an EC P-256 private key in PEM");
            logger.LogWarning("No Auth:SigningKey (TRUSTLEDGER_JWT_KEY): signing tokens with a random key made for this process; " +
                "tokens will not survive a restart and other replicas will not accept them");
            return FromSecret(EphemeralSecret.Value, ephemeral: true);
        }

        configured = configured.Trim();
        if (configured.StartsWith("-----BEGIN", StringComparison.Ordinal)) return FromPem(configured);
        if (DecodeBase64(configured) is { Length: >= MinimumSecretBytes } secret) return FromSecret(secret, ephemeral: false);
        throw new StartupFailure(
            $"Auth:SigningKey (TRUSTLEDGER_JWT_KEY) must be base64 of at least {MinimumSecretBytes} random bytes " +
            "(openssl rand -base64 32) or an EC P-256 private key in PEM");
    }

    private static TokenKeys FromSecret(byte[] secret, bool ephemeral)
    {
        var key = new SymmetricSecurityKey(secret) { KeyId = KeyIdOf(secret) };
        return new TokenKeys(key, key, SecurityAlgorithms.HmacSha256, ephemeral);
    }

    private static TokenKeys FromPem(string pem)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new StartupFailure("Auth:SigningKey (TRUSTLEDGER_JWT_KEY) looks like PEM but is not an EC private key");
        }
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value || ecdsa.KeySize != 256)
            throw new StartupFailure("Auth:SigningKey (TRUSTLEDGER_JWT_KEY) must be an EC key on P-256 (ES256)");
        try
        {
            ecdsa.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException)
        {
            throw new StartupFailure("Auth:SigningKey (TRUSTLEDGER_JWT_KEY) is a public key; the private key is needed to sign tokens");
        }
        var kid = KeyIdOf([.. parameters.Q.X!, .. parameters.Q.Y!]);
        var signing = new ECDsaSecurityKey(ecdsa) { KeyId = kid };
        var validation = new ECDsaSecurityKey(ECDsa.Create(parameters)) { KeyId = kid };
        return new TokenKeys(signing, validation, SecurityAlgorithms.EcdsaSha256, ephemeral: false);
    }

    /// <summary>A short public id: the first 8 bytes of SHA-256 over the key material (not reversible).</summary>
    private static string KeyIdOf(ReadOnlySpan<byte> material) => Base64Url.Encode(SHA256.HashData(material).AsSpan(0, 8));

    private static byte[]? DecodeBase64(string text)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written)) return buffer[..written];
        return Base64Url.TryDecode(text, out var bytes) ? bytes : null;
    }
}
