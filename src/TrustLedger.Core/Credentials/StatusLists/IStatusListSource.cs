namespace TrustLedger.Core.Credentials.StatusLists;

/// <summary>A status list credential as fetched: its compact vc+jwt, or why there is none.</summary>
public sealed record StatusListDocument(string? Jws, string? Error)
{
    public static StatusListDocument Failed(string error) => new(null, error);
}

/// <summary>Where the verifier reads status list credentials from (ours locally, others over HTTP under the allow-list rules).</summary>
public interface IStatusListSource
{
    ValueTask<StatusListDocument> GetAsync(string url, CancellationToken cancellationToken);
}
