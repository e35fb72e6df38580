using Scalar.AspNetCore;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// The API's contract: the OpenAPI 3.1 document at /openapi/v1.json, complete (<see cref="OpenApiContract"/>
/// adds every problem type with its status and an example, Location on 201/202, the bearer scheme),
/// and the interactive docs at /docs (Scalar), served entirely from this host: its script is embedded
/// in Scalar.AspNetCore, and the fonts, telemetry, AI agent, MCP and request proxy it would fetch
/// from scalar.com are off, so a browser on /docs talks to nothing but this service.
/// </summary>
public static class ApiDocs
{
    public static void AddApiDocs(this WebApplicationBuilder builder) =>
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(OpenApiContract.DescribeDocumentAsync);
            options.AddOperationTransformer(OpenApiContract.DescribeOperationAsync);
            options.AddSchemaTransformer(OpenApiContract.TypeScreenedStringsAsync);
        });

    /// <summary>The OpenAPI document at /openapi/v1.json and interactive docs at /docs.</summary>
    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().DisableRateLimiting();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("TrustLedger API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
    }
}
