using Microsoft.AspNetCore.Http.Json;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// The one way every endpoint reads its input, so no input can end in a 500 or in a string one
/// database stores and the other refuses:
/// <list type="bullet">
/// <item>the framework binds route, query and body values (ThrowOnBadRequest in every environment, so a
/// value that does not parse reaches <see cref="InputProblems"/> and becomes a 400 naming the field);</item>
/// <item>JSON bodies are read with <see cref="ScreenedJson"/> (no control characters, no broken Unicode);</item>
/// <item>the framework's own validation (<c>AddValidation</c>: data annotations on request records and
/// parameters) runs before a handler; handlers then read what annotations cannot say (addresses,
/// hex, amounts) with <see cref="InputFields"/>, which collects every bad field into one 400;</item>
/// <item><see cref="UseInputScreening"/> refuses, before routing work starts, URLs and headers over the
/// limits (414, 431), header values that are not ASCII text, and query or route values holding
/// control characters.</item>
/// </list>
/// </summary>
public static class InputPipeline
{
    public static void AddInputPipeline(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => ScreenedJson.AddTo(o.SerializerOptions));
        builder.Services.AddValidation();
        builder.Services.AddExceptionHandler<InputProblems>();
    }

    public static void UseInputScreening(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<LimitOptions>();
        app.Use(async (http, next) =>
        {
            if (Screen(http, limits) is { } refusal)
            {
                // A refused request's body stays unread; the connection is not worth keeping for the next one.
                if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0) http.Response.Headers.Connection = "close";
                await refusal.ExecuteAsync(http);
                return;
            }
            await next(http);
        });
    }

    private static IResult? Screen(HttpContext http, LimitOptions limits)
    {
        var request = http.Request;
        var urlBytes = TextRules.Utf8Length(request.Path.Value ?? "") + TextRules.Utf8Length(request.QueryString.Value ?? "");
        if (urlBytes > limits.MaxUrlBytes)
            return Problems.Of(StatusCodes.Status414UriTooLong, "uri-too-long", "The URL is too long", $"at most {limits.MaxUrlBytes} bytes of path and query");

        var headerBytes = 0;
        var count = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                headerBytes += name.Length + (value?.Length ?? 0) + 4;
                if (value is not null && !TextRules.IsHeaderText(value))
                    return Problems.Validation(new Dictionary<string, string[]> { [name] = ["a header value must be visible ASCII text"] }, "invalid-header");
            }
        }
        if (headerBytes > limits.MaxHeaderBytes || count > limits.MaxHeaderCount)
            return Problems.Of(StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", "The request headers are too large",
                $"at most {limits.MaxHeaderCount} headers and {limits.MaxHeaderBytes} bytes of them");

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            if (TextRules.Problem(name) is not null) errors["query"] = ["a parameter name holds a control character"];
            foreach (var value in values)
                if (value is not null && TextRules.Problem(value) is { } problem) errors[name] = [problem];
        }
        foreach (var (name, value) in request.RouteValues)
            if (value is string text && TextRules.Problem(text) is { } problem) errors[name] = [problem];
        if (errors.Count == 0 && TextRules.Problem(request.Path.Value ?? "") is { } inPath) errors["path"] = [inPath];
        return errors.Count > 0 ? Problems.Validation(errors) : null;
    }
}
