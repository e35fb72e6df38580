using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace TrustLedger.Core.Relaying;

/// <summary>How signed requests are stored in the outbox: JSON with exact numbers as strings.</summary>
public static class Payloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString
                         | System.Text.Json.Serialization.JsonNumberHandling.WriteAsString,
        Converters = { new BigIntegerAsString() },
    };

    /// <summary>uint96/uint256 values as exact decimal strings.</summary>
    private sealed class BigIntegerAsString : System.Text.Json.Serialization.JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            BigInteger.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    public static string Of(SignedAttestation a) => JsonSerializer.Serialize(a, Json);
    public static string Of(SignedRevocation r) => JsonSerializer.Serialize(r, Json);
    public static SignedAttestation Attestation(string json) => JsonSerializer.Deserialize<SignedAttestation>(json, Json)!;
    public static SignedRevocation Revocation(string json) => JsonSerializer.Deserialize<SignedRevocation>(json, Json)!;
}
