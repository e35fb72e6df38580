using Scalar.AspNetCore;

namespace TrustLedger.Api.Hosting;

public static class ApiDocs
{
    public static void AddApiDocs(this WebApplicationBuilder builder) => builder.Services.AddOpenApi();

    /// <summary>The OpenAPI document at /openapi/v1.json and interactive docs at /docs.</summary>
    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("TrustLedger API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    }
}
