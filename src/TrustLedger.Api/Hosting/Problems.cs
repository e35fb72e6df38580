
namespace TrustLedger.Api.Hosting;

/// <summary>Problem-details results with our stable type URIs.</summary>
public static class Problems
{
    public static IResult Of(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: ProblemResponses.Type(code), extensions: extensions);

    public static IResult NotFound(string what) => Of(StatusCodes.Status404NotFound, "not-found", "Not found", what);

    public static IResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", detail);

    public static IResult Validation(IDictionary<string, string[]> errors, string code = "validation") =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields", type: ProblemResponses.Type(code));
}
