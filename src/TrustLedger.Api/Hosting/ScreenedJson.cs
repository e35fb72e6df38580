using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// JSON converters every request body is read with, so no string the service stores or searches can
/// hold what <see cref="TextRules"/> refuses. A refusal is a <see cref="JsonException"/>; the
/// serializer adds the member's path and <see cref="InputProblems"/> names it as the field.
/// Writing is left to the default converters.
/// </summary>
public static class ScreenedJson
{
    public static void AddTo(JsonSerializerOptions options)
    {
        options.Converters.Add(new ScreenedString());
        options.Converters.Add(new ScreenedElement());
    }

    /// <summary>Any string member of a request record (multi-line text allowed: a SIWE message has line breaks).</summary>
    private sealed class ScreenedString : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) throw new JsonException($"The JSON value could not be converted to {typeof(string)}.");
            string text;
            try { text = reader.GetString()!; }
            catch (InvalidOperationException) { throw new JsonException("not valid Unicode text (an unpaired surrogate)"); }
            return TextRules.Problem(text, multiLine: true) is { } problem ? throw new JsonException(problem) : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options)!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
    }

    /// <summary>A raw JSON member (a signed EIP-712 message, rules): every name and string inside is screened.</summary>
    private sealed class ScreenedElement : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (TextRules.FirstProblem(document.RootElement) is { } problem)
                throw new JsonException(problem.Path == "body" ? problem.Reason : $"{problem.Path}: {problem.Reason}");
            return document.RootElement.Clone();
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);
    }
}
