using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace TrustLedger.Core.Credentials.Schemas;

/// <summary>
/// Validates credentialSchema entries {id, type: "JsonSchema"} whose id is one of our JSON Schemas
/// (draft 2020-12, shipped as embedded resources, never fetched) under the public base or a former
/// one, with JsonSchema.Net (formats asserted, e.g. date-time). Unknown ids get no answer (schema.unchecked).
/// </summary>
public sealed class LocalSchemaValidator(CredentialUrls urls) : ICredentialSchemaValidator
{
    public const string SchemaType = "JsonSchema";
    public const string MediaType = "application/schema+json";

    // File names: the last path segment of each schema's URL ({PublicBaseUrl}/schemas/<file>).
    public const string EndorsementSchema = "endorsement-credential-v1.json";
    public const string ReciprocitySchema = "reciprocity-credential-v1.json";
    public const string ReputationSchema = "reputation-credential-v1.json";

    /// <summary>Our schemas under the example base only (unit tests, and a verifier built without configuration).</summary>
    public static LocalSchemaValidator Example { get; } = new(CredentialUrls.Example);

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static readonly FrozenDictionary<string, (JsonObject Document, JsonSchema Schema)> Schemas =
        new[] { EndorsementSchema, ReciprocitySchema, ReputationSchema }.ToFrozenDictionary(f => f, Load, StringComparer.Ordinal);

    public static IEnumerable<string> FileNames => Schemas.Keys;

    /// <summary>The schema document as served at <paramref name="urls"/>' base: its $id is the URL it is served at.</summary>
    public static JsonObject? Document(string fileName, CredentialUrls urls)
    {
        if (!Schemas.TryGetValue(fileName, out var entry)) return null;
        var document = new JsonObject { ["$schema"] = entry.Document["$schema"]!.DeepClone(), ["$id"] = urls.Schema(fileName) };
        foreach (var (name, value) in entry.Document)
            if (name is not ("$schema" or "$id")) document[name] = value?.DeepClone();
        return document;
    }

    public bool IsKnown(string schemaId) => urls.OurSchemaFile(schemaId) is { } file && Schemas.ContainsKey(file);

    public ValueTask<(bool Valid, string Message)?> ValidateAsync(JsonElement credential, JsonElement schemaEntry, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Validate(credential, schemaEntry));

    public (bool Valid, string Message)? Validate(JsonElement credential, JsonElement schemaEntry)
    {
        if (schemaEntry.ValueKind != JsonValueKind.Object
            || !schemaEntry.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != SchemaType
            || !schemaEntry.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
            || urls.OurSchemaFile(id.GetString()) is not { } file || !Schemas.TryGetValue(file, out var entry))
            return null;
        var results = entry.Schema.Evaluate(credential, Evaluation);
        if (results.IsValid) return (true, $"matches {id.GetString()}");
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Where(d.InstanceLocation.ToString())}: {e.Value} ({e.Key})"))
            .Distinct().Take(20).ToList();
        return (false, errors.Count > 0 ? string.Join("; ", errors) : "does not match " + id.GetString());
    }

    private static string Where(string pointer) => pointer.Length == 0 ? "(credential)" : pointer;

    private static (JsonObject, JsonSchema) Load(string fileName)
    {
        using var stream = typeof(LocalSchemaValidator).Assembly.GetManifestResourceStream("TrustLedger.Schemas." + fileName)
            ?? throw new InvalidOperationException($"embedded schema {fileName} missing from the build");
        var document = JsonNode.Parse(stream)!.AsObject();
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        // Each schema gets a registry of its own: ours are self-contained, and nothing is fetched or shared globally.
        var schema = JsonSchema.Build(parsed.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri(CredentialUrls.Example.Schema(fileName)));
        return (document, schema);
    }
}
