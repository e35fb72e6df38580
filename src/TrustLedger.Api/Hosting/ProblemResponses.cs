namespace TrustLedger.Api.Hosting;

/// <summary>
/// Every error leaves as RFC 9457 problem details with a stable <c>type</c> URI. Unhandled
/// exceptions become a plain 500 problem without internals.
/// </summary>
public static class ProblemResponses
{
    public const string TypeBase = "https://trustledger.dev/problems/";

    public static string Type(string code) => TypeBase + code;

    public static void AddProblemResponses(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null or "" || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                problem.Type = Type(problem is HttpValidationProblemDetails ? "validation" : DefaultCode(problem.Status ?? context.HttpContext.Response.StatusCode));
            problem.Instance ??= context.HttpContext.Request.Path;
        });
        builder.AnswerKestrelRejectionsWithProblems();
    }

    public static void UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }

    private static string DefaultCode(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        406 => "not-acceptable",
        408 => "request-timeout",
        409 => "conflict",
        413 => "payload-too-large",
        414 => "uri-too-long",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        429 => "too-many-requests",
        431 => "headers-too-large",
        503 => "unavailable",
        _ => status >= 500 ? "internal-error" : "error",
    };
}
