using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.SdJwt;

/// <summary>
/// The IETF Token Status List (draft-ietf-oauth-status-list) form of our revocation lists, which is
/// the status mechanism SD-JWT VC names: <c>"status": {"status_list": {"idx": i, "uri": u}}</c>.
/// The same bits as the Bitstring Status List at {list URL} (the same slot, set by the same
/// revocation), served at {list URL}/token as a statuslist+jwt signed by our issuer key. The two
/// formats order bits differently: W3C puts index 0 in the most significant bit of byte 0, the token
/// list in the least significant; both are computed from one set of revoked indices.
/// </summary>
public static class TokenStatusList
{
    public const string MediaType = "application/statuslist+jwt";
    public const string JwtType = "statuslist+jwt";
    public const string UriSuffix = "/token";

    /// <summary>How long a fetched list may be cached (the ttl claim): short, since revocation must show soon.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    /// <summary>base64url(ZLIB(DEFLATE(bytes))), bit i = byte i/8, bit i%8 counted from the least significant.</summary>
    public static string EncodeList(int bits, IEnumerable<long> set)
    {
        var bytes = new byte[(bits + 7) / 8];
        foreach (var index in set) bytes[index / 8] |= (byte)(1 << (int)(index % 8));
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(bytes);
        return Base64Url.Encode(buffer.ToArray());
    }

    public static bool IsSet(byte[] decompressed, long index) =>
        index >= 0 && index / 8 < decompressed.Length && (decompressed[index / 8] >> (int)(index % 8) & 1) == 1;

    /// <summary>The signed list: header {alg ES256K, kid, typ statuslist+jwt}; payload {sub = uri, iat, exp, ttl, status_list {bits 1, lst}}.</summary>
    public static string Sign(string uri, int bits, IEnumerable<long> revoked, IssuerKey issuer, DateTimeOffset now)
    {
        long iat = now.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = VcConstants.JwsAlgorithm, ["kid"] = issuer.VerificationMethod, ["typ"] = JwtType };
        var payload = new JsonObject
        {
            ["sub"] = uri,
            ["iss"] = issuer.Did.Did,
            ["iat"] = iat,
            ["exp"] = iat + (long)TimeToLive.TotalSeconds * 2,
            ["ttl"] = (long)TimeToLive.TotalSeconds,
            ["status_list"] = new JsonObject { ["bits"] = 1, ["lst"] = EncodeList(bits, revoked) },
        };
        return Jws.Sign(header, payload, issuer.Key);
    }

    public static string Uri(string bitstringListUrl) => bitstringListUrl + UriSuffix;

    public static JsonObject StatusClaim(string bitstringListUrl, long index) => new()
    {
        ["status_list"] = new JsonObject { ["idx"] = index, ["uri"] = Uri(bitstringListUrl) },
    };

    internal static string Describe(long list, long index) => string.Create(CultureInfo.InvariantCulture, $"list {list}, index {index}");
}
