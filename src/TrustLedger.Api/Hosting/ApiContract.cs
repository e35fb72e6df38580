namespace TrustLedger.Api.Hosting;

/// <summary>Problem types an endpoint can answer besides those every request can meet.</summary>
public sealed record ProblemsMetadata(IReadOnlyList<string> Codes);

/// <summary>An example body: of the request (<see cref="Status"/> null) or of the response with that status.</summary>
public sealed record ExampleMetadata(int? Status, object Value, string? Summary = null);

/// <summary>The endpoint touches neither the database nor the chain (no 503 for a dependency).</summary>
public sealed record NoDependencyMetadata;

/// <summary>
/// What an endpoint declares for the API's contract (the OpenAPI document at /openapi/v1.json),
/// beside the framework's own WithSummary / WithDescription / Produces:
/// <code>
/// group.MapPost("/", Submit)
///     .Documented("Relay a signed attestation", "...")
///     .Produces&lt;SubmittedResponse&gt;(StatusCodes.Status202Accepted)
///     .WithProblems(ProblemCatalog.AttestationRefusals)
///     .WithRequestExample(new { message = ..., signature = "0x..." });
/// </code>
/// Problems every request can meet (validation, 401/403 when the endpoint needs a sign-in, 413/415
/// for a body, 429, 503) are added to every operation by <see cref="ApiDocs"/>; 201 and 202 answers
/// get their Location header there too.
/// </summary>
public static class ApiContract
{
    public static TBuilder Documented<TBuilder>(this TBuilder builder, string summary, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithSummary(summary).WithDescription(description);

    public static TBuilder WithProblems<TBuilder>(this TBuilder builder, params string[] codes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var code in codes) _ = ProblemCatalog.Get(code).First(); // unknown codes fail at start-up, not in the document
        return builder.WithMetadata(new ProblemsMetadata(codes));
    }

    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object example, string? summary = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ExampleMetadata(null, example, summary));

    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int status, object example, string? summary = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ExampleMetadata(status, example, summary));

    public static TBuilder NeedsNoDependency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NoDependencyMetadata());
}
