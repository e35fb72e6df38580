using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// Turns the framework's own refusals of a request into 4xx problem details that name the field:
/// a body that is no JSON (400 malformed-json), JSON of the wrong shape or type (400 validation,
/// <c>errors["rules.rewards[0].amount"]</c>), a route or query value that does not parse (400
/// validation, <c>errors["depth"]</c>), a missing body (400), the wrong content type (415), a body
/// too large (413) or too slow (408). The framework raises all of them as
/// <see cref="BadHttpRequestException"/> (binding always throws here: <see cref="InputPipeline"/> sets
/// ThrowOnBadRequest), and names the parameter only in its message, which is read here.
/// </summary>
public sealed partial class InputProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad || http.Response.HasStarted) return false;
        var (status, code, title, errors) = Classify(bad);
        http.Response.StatusCode = status;
        // Kestrel closes the connection after a body it could not read (too large, too slow, malformed framing).
        if (status is 408 or 413 || bad.Message.Contains("request content", StringComparison.OrdinalIgnoreCase)) http.Response.Headers.Connection = "close";
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Type = ProblemResponses.Type(code), Title = title, Detail = Detail(bad) }
            : new HttpValidationProblemDetails(errors) { Status = status, Type = ProblemResponses.Type(code), Title = title };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, string Code, string Title, Dictionary<string, string[]>? Errors) Classify(BadHttpRequestException e)
    {
        switch (e.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return (413, "payload-too-large", "The request body is too large", null);
            case StatusCodes.Status415UnsupportedMediaType:
                return (415, "unsupported-media-type", "Send the body as application/json",
                    new() { ["Content-Type"] = ["must be application/json"] });
            case StatusCodes.Status408RequestTimeout:
                return (408, "request-timeout", "The request body arrived too slowly", null);
            case not StatusCodes.Status400BadRequest:
                return (e.StatusCode, DefaultCode(e.StatusCode), "The request could not be read", null);
        }

        var parameter = ParameterName().Match(e.Message) is { Success: true } m ? m.Groups["name"].Value : null;
        if (Find<JsonException>(e) is { } json)
        {
            var field = FieldOf(json.Path);
            return IsSyntaxError(json)
                ? (400, "malformed-json", "The body is not valid JSON", new() { [field] = [$"not valid JSON: {Reason(json)}"] })
                : (400, "validation", "The request has invalid fields", new() { [field] = [Reason(json)] });
        }
        if (e.Message.StartsWith("Required parameter", StringComparison.Ordinal) || e.Message.StartsWith("Implicit body", StringComparison.Ordinal))
            return e.Message.Contains("from body", StringComparison.Ordinal) || e.Message.StartsWith("Implicit body", StringComparison.Ordinal)
                ? (400, "validation", "The request body is missing", new() { ["body"] = ["required: a JSON object"] })
                : (400, "validation", "The request has invalid fields", new() { [parameter ?? "request"] = ["required"] });
        if (parameter is not null)
            return (400, "validation", "The request has invalid fields", new() { [parameter] = [Expected(e.Message)] });
        return (400, "bad-request", "The request could not be read", new() { ["request"] = [e.Message] });
    }

    /// <summary>Syntax errors carry the reader's own exception inside; type mismatches do not.</summary>
    private static bool IsSyntaxError(JsonException json) =>
        json.InnerException?.GetType().Name == "JsonReaderException" || json.GetType().Name == "JsonReaderException"
        || json.Message.Contains("invalid start of a value", StringComparison.Ordinal)
        || json.Message.Contains("expected end of string", StringComparison.OrdinalIgnoreCase);

    /// <summary>"$.rules.rewards[0].amount" -> "rules.rewards[0].amount"; the document itself -> "body".</summary>
    private static string FieldOf(string? path) => path is null or "$" or "" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The JSON error in words a client understands, without .NET type names.</summary>
    private static string Reason(JsonException json)
    {
        if (ConvertedTo().Match(json.Message) is { Success: true } m) return "must be " + JsonKind(m.Groups["type"].Value);
        if (json.Message.Contains("maximum configured depth", StringComparison.Ordinal)) return "nested too deeply (at most 64 levels)";
        var text = json.Message;
        var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? text[..cut] : text;
    }

    private static string JsonKind(string dotnetType) => dotnetType switch
    {
        var t when t.Contains("String", StringComparison.Ordinal) => "a string",
        var t when t.Contains("Int", StringComparison.Ordinal) || t.Contains("Decimal", StringComparison.Ordinal) => "an integer in range",
        var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("Single", StringComparison.Ordinal) => "a number",
        var t when t.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        var t when t.Contains("List", StringComparison.Ordinal) || t.Contains("[]", StringComparison.Ordinal) => "an array",
        _ => "an object of the documented shape",
    };

    private static string Expected(string message) => ParameterName().Match(message) is { Success: true } m
        ? m.Groups["type"].Value.TrimEnd('?') switch
        {
            "int" or "long" or "Int32" or "Int64" or "Nullable<int>" or "Nullable<long>" => "not an integer in range",
            "double" or "Double" or "Nullable<double>" => "not a number",
            "bool" or "Boolean" => "not true or false",
            _ => "not a valid value",
        }
        : "not a valid value";

    private static string Detail(BadHttpRequestException e) => e.StatusCode == 413 ? e.Message : "the request could not be read";

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T found) return found;
        return null;
    }

    private static string DefaultCode(int status) => status >= 500 ? "internal-error" : "bad-request";

    // The framework's messages: Failed to bind parameter "int? depth" from "abc". / Required parameter "X body" was not provided from body.
    [GeneratedRegex("""parameter "(?<type>[^"]*?) ?(?<name>[A-Za-z_][A-Za-z0-9_]*)"(?: from "| was not|\s|$)""")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.(?: Path|$)")]
    private static partial Regex ConvertedTo();
}
