using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// Completes the generated OpenAPI document from what endpoints declare (<see cref="ApiContract"/>) and
/// what every request can meet: each operation lists the problem types it can answer, grouped by
/// status, each with an example; 201/202 answers carry Location; operations that need a sign-in carry
/// the bearer scheme and the 401/403 problems; every operation gets an operationId.
/// </summary>
public static class OpenApiContract
{
    private const string ProblemSchema = "Problem";
    private const string BearerScheme = "bearer";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "TrustLedger API",
            Version = "v1",
            Description = DocumentDescription,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
            Description = "An access token from POST /v1/auth/login (Sign-In with Ethereum); refresh it with POST /v1/auth/refresh.",
        };
        EnsureProblemSchema(document);
        return Task.CompletedTask;
    }

    public static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        EnsureProblemSchema(document);
        var method = description.HttpMethod ?? "GET";
        var path = "/" + (description.RelativePath ?? "").TrimStart('/');
        operation.OperationId ??= OperationId(method, path);

        var needsSignIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var codes = new List<string> { "bad-request", "invalid-header", "uri-too-long", "headers-too-large" };
        if (!metadata.OfType<DisableRateLimitingAttribute>().Any()) codes.Add("too-many-requests");
        if (description.ParameterDescriptions.Count > 0 || operation.RequestBody is not null) codes.Add("validation");
        if (operation.RequestBody is not null) codes.AddRange(["malformed-json", "payload-too-large", "unsupported-media-type"]);
        if (needsSignIn) codes.AddRange(["token-missing", "token-expired", "token-invalid", "role-required"]);
        if (!metadata.OfType<NoDependencyMetadata>().Any()) codes.AddRange(["database-unavailable", "chain-unavailable", "chain-replaced"]);
        codes.AddRange(metadata.OfType<ProblemsMetadata>().SelectMany(m => m.Codes));

        operation.Responses ??= new OpenApiResponses();
        foreach (var group in codes.Distinct().SelectMany(ProblemCatalog.Get).GroupBy(p => p.Status).OrderBy(g => g.Key))
            operation.Responses[group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(group.ToList(), path, document);

        foreach (var (status, response) in operation.Responses)
        {
            if (status is "201" or "202" && response is OpenApiResponse created)
            {
                created.Headers ??= new Dictionary<string, IOpenApiHeader>();
                created.Headers["Location"] = new OpenApiHeader
                {
                    Description = "Where to follow the created or accepted resource (GET it for its state).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
            if (response is OpenApiResponse plain && string.IsNullOrEmpty(plain.Description)) plain.Description = DefaultDescription(status);
        }

        foreach (var example in metadata.OfType<ExampleMetadata>())
        {
            var content = example.Status is { } status
                ? (operation.Responses.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var r) ? r.Content : null)
                : operation.RequestBody?.Content;
            foreach (var media in content?.Values ?? [])
                if (media is OpenApiMediaType mediaType) mediaType.Example = JsonSerializer.SerializeToNode(example.Value, Web);
        }

        if (needsSignIn)
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        return Task.CompletedTask;
    }

    /// <summary>
    /// Strings are read with <see cref="ScreenedJson"/>'s converter, which hides their type from the schema
    /// generator; they are strings all the same.
    /// </summary>
    public static Task TypeScreenedStringsAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null)
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: false } ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        return Task.CompletedTask;
    }

    private static OpenApiResponse ProblemResponse(IReadOnlyList<ProblemType> problems, string path, OpenApiDocument document)
    {
        var examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal);
        foreach (var p in problems)
        {
            var value = new JsonObject { ["type"] = p.Uri, ["title"] = p.Title, ["status"] = p.Status, ["detail"] = p.Description, ["instance"] = path };
            if (p.Code is "validation" or "malformed-json" or "invalid-header")
                value["errors"] = p.Code switch
                {
                    "invalid-header" => new JsonObject { ["X-Example"] = new JsonArray("a header value must be visible ASCII text") },
                    "malformed-json" => new JsonObject { ["body"] = new JsonArray("not valid JSON: 'n' is an invalid start of a property name") },
                    _ => new JsonObject { ["<field>"] = new JsonArray("what is wrong with it, e.g. required, or not an integer between 1 and 5") },
                };
            examples[p.Code] = new OpenApiExample { Summary = p.Title, Description = p.Description, Value = value };
        }
        return new OpenApiResponse
        {
            Description = "Problem details (RFC 9457); `type` is one of: " + string.Join(", ", problems.Select(p => $"`{p.Uri}` ({p.Title})")),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document), Examples = examples },
            },
        };
    }

    private static void EnsureProblemSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (document.Components.Schemas.ContainsKey(ProblemSchema)) return;
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details. Extension members (e.g. `field`, `errors`, `dependency`) add context.",
            Required = new HashSet<string> { "type", "title", "status" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "Stable: https://trustledger.dev/problems/<code>" },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object, Description = "Validation problems: each bad field and what is wrong with it.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
    }

    private static string OperationId(string method, string path)
    {
        var words = path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => new string([.. s.Trim('{', '}').Where(char.IsLetterOrDigit)]))
            .Where(s => s.Length > 0)
            .Select(s => char.ToUpperInvariant(s[0]) + s[1..]);
        return method.ToLowerInvariant() + string.Concat(words);
    }

    private static string DefaultDescription(string status) => status switch
    {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted: stored durably and on its way; follow Location",
        "204" => "No content",
        "304" => "Not modified (If-None-Match matched the ETag)",
        _ => status,
    };

    private const string DocumentDescription = """
        Portable, verifiable trust for small and medium businesses: partners endorse each other on chain with gasless
        EIP-712 signatures that the service relays, anyone reads a supplier's sybil-resistant reputation, and
        reciprocity events become W3C Verifiable Credentials.

        **Sign in** (writes): `POST /v1/auth/nonce`, sign an EIP-4361 message with the wallet, `POST /v1/auth/login`,
        then send `Authorization: Bearer <accessToken>`.

        **Sign and relay**: every write on chain is a typed-data endpoint (`GET .../typed-data`, which already refuses
        what the service would refuse) whose answer the wallet signs as returned (`eth_signTypedData_v4`), then a POST of
        `{message, signature}` answered `202` with the request's `uid` and `Location`. Status goes `pending` ->
        `confirmed` (indexed from the chain) or `failed` (with the registry's error), later `revoked`.

        **Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `type`
        (`https://trustledger.dev/problems/<code>`); every operation lists the types it can answer under each status.
        A dependency that is down gives `503` with `Retry-After` within 2 s; `GET /health` names it.
        More: docs/api.md in the repository.
        """;
}
