using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrustLedger.Core.Rewards;

/// <summary>
/// How rules are stored and shown: camelCase JSON, amounts in tokens as exact decimal strings ("12.5"),
/// recipients as "attester" | "subject" | "both". The stored text of a version is what the API returns.
/// </summary>
public static class RewardRulesJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new TokenAmountConverter(), new JsonStringEnumConverter<RewardRecipients>(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(RewardRules rules) => JsonSerializer.Serialize(rules, Options);

    public static RewardRules Deserialize(string json) =>
        JsonSerializer.Deserialize<RewardRules>(json, Options) ?? throw new JsonException("rules JSON is null");

    /// <summary>Base units in C#, token decimal strings in JSON.</summary>
    public sealed class TokenAmountConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && TokenAmount.TryParse(reader.GetString(), out var units)
                ? units
                : throw new JsonException("a token amount is a decimal string such as \"12.5\"");

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(TokenAmount.Format(value));
    }
}
