using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustLedger.Benchmarks.Fuzzing;

/// <summary>A parameter of an operation, with what the document says of its value.</summary>
public sealed record FuzzParameter(string Name, string In, string Type, string? Format, double? Minimum, double? Maximum);

/// <summary>
/// One operation of the OpenAPI document: what to send (parameters, body schema, example), whether it
/// needs a sign-in, and what it may answer (status -> problem types listed in its examples).
/// </summary>
public sealed record FuzzOperation(
    string Method, string Path, string Id, IReadOnlyList<FuzzParameter> Parameters, JsonObject? BodySchema, JsonNode? BodyExample,
    bool NeedsSignIn, IReadOnlyDictionary<int, IReadOnlySet<string>> Problems, IReadOnlySet<int> Statuses)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Reads the operations out of /openapi/v1.json, resolving component schemas.</summary>
public static class FuzzDocument
{
    /// <summary>The problem type that stands for any custom error a contract reverts with (any type is fine under its status).</summary>
    public const string OpenType = "https://trustledger.dev/problems/chain-refused";

    public static IReadOnlyList<FuzzOperation> Read(JsonObject document)
    {
        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (node is not JsonObject op) continue;
                var parameters = (op["parameters"]?.AsArray() ?? []).OfType<JsonObject>().Select(p => Parameter(p, schemas)).ToList();
                var body = op["requestBody"]?["content"]?["application/json"];
                var problems = new Dictionary<int, IReadOnlySet<string>>();
                var statuses = new HashSet<int>();
                foreach (var (status, response) in op["responses"]?.AsObject() ?? [])
                {
                    if (!int.TryParse(status, out var code)) continue;
                    statuses.Add(code);
                    var examples = response?["content"]?["application/problem+json"]?["examples"]?.AsObject();
                    if (examples is not null)
                        problems[code] = examples.Select(e => e.Value?["value"]?["type"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
                }
                operations.Add(new FuzzOperation(method.ToUpperInvariant(), path, op["operationId"]?.GetValue<string>() ?? $"{method} {path}", parameters,
                    body?["schema"] is JsonObject s ? Resolve(s, schemas) : null, body?["example"]?.DeepClone(),
                    op["security"] is JsonArray { Count: > 0 }, problems, statuses));
            }
        }
        return operations;
    }

    private static FuzzParameter Parameter(JsonObject p, JsonObject schemas)
    {
        var schema = p["schema"] is JsonObject s ? Resolve(s, schemas) : new JsonObject();
        return new FuzzParameter(p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), TypeOf(schema), schema["format"]?.GetValue<string>(),
            schema["minimum"]?.GetValue<double>(), schema["maximum"]?.GetValue<double>());
    }

    /// <summary>The schema with $ref replaced by its component (one level at a time, cycles cut).</summary>
    public static JsonObject Resolve(JsonObject schema, JsonObject schemas, int depth = 0)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference && depth < 8)
        {
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            return schemas[name] is JsonObject target ? Resolve(target, schemas, depth + 1) : new JsonObject();
        }
        var copy = (JsonObject)schema.DeepClone();
        if (depth >= 8) return copy;
        if (copy["properties"] is JsonObject properties)
            foreach (var name in properties.Select(p => p.Key).ToList())
                if (properties[name] is JsonObject property) properties[name] = Resolve(property, schemas, depth + 1);
        if (copy["items"] is JsonObject items) copy["items"] = Resolve(items, schemas, depth + 1);
        return copy;
    }

    /// <summary>The schema's JSON type (the first that is not null), "any" when none.</summary>
    public static string TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => a.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t is not null and not "null") ?? "any",
        _ => schema["properties"] is not null ? "object" : "any",
    };

    public static JsonObject Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!.AsObject();
}
