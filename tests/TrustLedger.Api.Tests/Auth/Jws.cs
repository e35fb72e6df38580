using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>
/// Hand-built compact JWS, so a test controls every header field, claim and signature byte the
/// way an attacker would, without a library refusing to produce the bad token.
/// </summary>
public static class Jws
{
    public static string Create(JsonObject header, JsonObject payload, Func<byte[], byte[]>? sign)
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = sign is null ? "" : Base64Url.Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    public static Func<byte[], byte[]> Hmac256(byte[] key) => data => HMACSHA256.HashData(key, data);
    public static Func<byte[], byte[]> Hmac384(byte[] key) => data => HMACSHA384.HashData(key, data);
    public static Func<byte[], byte[]> Hmac512(byte[] key) => data => HMACSHA512.HashData(key, data);
    public static Func<byte[], byte[]> Rs256(RSA key) => data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    public static Func<byte[], byte[]> Es256(ECDsa key) => data => key.SignData(data, HashAlgorithmName.SHA256); // r || s, as JWS wants

    /// <summary>The claims our server puts in an access token, valid now, for <paramref name="subject"/>.</summary>
    /// <param name="sid">the sign-in session; access needs a live one, so a token meant to be accepted names a real session</param>
    public static JsonObject Claims(string subject, DateTimeOffset? now = null, string? sid = null)
    {
        var t = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = "trustledger",
            ["aud"] = "trustledger-api",
            ["sub"] = subject,
            ["role"] = new JsonArray("party"),
            ["sid"] = sid ?? Guid.NewGuid().ToString("N"),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = t,
            ["nbf"] = t,
            ["exp"] = t + 600,
        };
    }

    public static JsonObject Header(string alg, string? kid) => kid is null
        ? new JsonObject { ["alg"] = alg, ["typ"] = "at+jwt" }
        : new JsonObject { ["alg"] = alg, ["typ"] = "at+jwt", ["kid"] = kid };

    /// <summary>The kid our server put in a real token's header (it is public: every token shows it).</summary>
    public static string KidOf(string token) =>
        JsonDocument.Parse(Decode(token.Split('.')[0])).RootElement.GetProperty("kid").GetString()!;

    public static string SessionOf(string token) => PayloadOf(token)["sid"]!.GetValue<string>();

    public static JsonObject PayloadOf(string token) => JsonNode.Parse(Decode(token.Split('.')[1]))!.AsObject();

    private static string Encode(JsonObject json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static byte[] Decode(string part) => Base64Url.TryDecode(part, out var bytes) ? bytes : throw new FormatException(part);
}
