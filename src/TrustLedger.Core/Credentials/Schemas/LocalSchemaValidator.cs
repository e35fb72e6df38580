using System.Collections.Frozen;
using System.Text.Json;

namespace TrustLedger.Core.Credentials.Schemas;

/// <summary>
/// Validates credentialSchema entries {id, type: "JsonSchema"} whose id is one of our schemas,
/// shipped as embedded resources (never fetched). Unknown ids get no answer (schema.unchecked).
/// </summary>
public sealed class LocalSchemaValidator : ICredentialSchemaValidator
{
    public const string SchemaType = "JsonSchema";
    public const string EndorsementSchema = "https://trustledger.example/schemas/endorsement-credential-v1.json";
    public const string ReciprocitySchema = "https://trustledger.example/schemas/reciprocity-credential-v1.json";
    public const string ReputationSchema = "https://trustledger.example/schemas/reputation-credential-v1.json";

    public static LocalSchemaValidator Instance { get; } = new();

    private static readonly FrozenDictionary<string, JsonElement> Schemas = new[]
    {
        "endorsement-credential-v1.json", "reciprocity-credential-v1.json", "reputation-credential-v1.json",
    }.Select(Load).ToFrozenDictionary(s => s.GetProperty("$id").GetString()!, StringComparer.Ordinal);

    public static bool IsKnown(string schemaId) => Schemas.ContainsKey(schemaId);

    /// <summary>The schema document (for serving it at its URL).</summary>
    public static bool TryGet(string schemaId, out JsonElement schema) => Schemas.TryGetValue(schemaId, out schema);

    public ValueTask<(bool Valid, string Message)?> ValidateAsync(JsonElement credential, JsonElement schemaEntry, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Validate(credential, schemaEntry));

    public static (bool Valid, string Message)? Validate(JsonElement credential, JsonElement schemaEntry)
    {
        if (schemaEntry.ValueKind != JsonValueKind.Object
            || !schemaEntry.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != SchemaType
            || !schemaEntry.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
            || !Schemas.TryGetValue(id.GetString()!, out var schema))
            return null;
        var errors = JsonSchemaSubset.Validate(schema, credential);
        return errors.Count == 0 ? (true, $"matches {id.GetString()}") : (false, string.Join("; ", errors));
    }

    private static JsonElement Load(string fileName)
    {
        using var stream = typeof(LocalSchemaValidator).Assembly.GetManifestResourceStream("TrustLedger.Schemas." + fileName)
            ?? throw new InvalidOperationException($"embedded schema {fileName} missing from the build");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }
}
