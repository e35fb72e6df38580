using System.Globalization;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials.Issuance;

namespace TrustLedger.Api.Credentials;

/// <summary>Problem answers every endpoint that issues product credentials shares.</summary>
public static class CredentialProblems
{
    /// <summary>503 with Retry-After until the next UTC day: today's automatic issuance budget (Credentials:AutomaticIssuancePerDay) is spent.</summary>
    public static IResult BudgetSpent(IssuanceBudgetExhaustedException e, HttpContext http)
    {
        var wait = Math.Max(1, (long)Math.Ceiling((e.ResetsAt - DateTimeOffset.UtcNow).TotalSeconds));
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(StatusCodes.Status503ServiceUnavailable, "issuance-budget-spent", "Today's credential budget is spent", e.Message,
            new Dictionary<string, object?> { ["perDay"] = e.PerDay, ["resetsAt"] = e.ResetsAt });
    }
}
