using System.Text.Json;
using TrustLedger.Core.Credentials.Anchoring;

namespace TrustLedger.Core.Credentials;

/// <summary>
/// The status check of the anchor: a TrustLedgerAnchorStatus entry (or our BitstringStatusListEntry, which carries the same members) must name the anchor key of this very
/// credential (keccak256 of its id), then the provider says what the indexed chain holds there.
/// When the status is <c>required</c> (a TrustLedger credential type), a missing, foreign or
/// unreadable status fails instead of being skipped: such a credential is only as good as its anchor.
/// </summary>
internal static class StatusCheck
{
    public static async ValueTask<(VerificationCheck Check, long? AsOfBlock)> RunAsync(JsonElement credential, IReadOnlyList<JsonElement> entries,
        string anchorHash, ICredentialStatusProvider? provider, bool required, CancellationToken cancellationToken)
    {
        const string name = VerificationCheck.Names.Status;
        var notChecked = required ? CheckOutcome.Failed : CheckOutcome.Skipped;
        // Ours name the anchor inside their BitstringStatusListEntry; credentials issued before it carry a TrustLedgerAnchorStatus.
        var entry = entries.FirstOrDefault(e => Text(e, "type") == VcConstants.AnchorStatusType
            || (Text(e, "type") == StatusLists.StatusListPublisher.EntryType && Text(e, "anchorKey") is not null));
        if (required && entry.ValueKind != JsonValueKind.Object)
            return (new(name, CheckOutcome.Failed, StatusCodes.Required,
                $"a TrustLedger credential must carry a {VcConstants.AnchorStatusType}: this one has {(entries.Count == 0 ? "no credentialStatus" : "none")}"), null);
        if (entries.Count == 0) return (new(name, CheckOutcome.Skipped, StatusCodes.None, "no credentialStatus"), null);
        if (entry.ValueKind != JsonValueKind.Object)
            return (new(name, CheckOutcome.Skipped, StatusCodes.Unsupported, "no credentialStatus of a type this verifier checks"), null);

        string? credentialId = Text(credential, "id"), anchorKey = Text(entry, "anchorKey"), registry = Text(entry, "statusRegistry");
        if (credentialId is null || anchorKey is null || registry is null
            || !entry.TryGetProperty("statusChainId", out var chain) || !chain.TryGetInt64(out long chainId))
            return (new(name, CheckOutcome.Failed, StatusCodes.Malformed, $"{VcConstants.AnchorStatusType} needs the credential id, anchorKey, statusChainId and statusRegistry"), null);
        if (!string.Equals(anchorKey, CredentialAnchor.KeyHex(credentialId), StringComparison.OrdinalIgnoreCase))
            return (new(name, CheckOutcome.Failed, StatusCodes.Malformed, "anchorKey is not keccak256 of this credential's id"), null);
        if (provider is null)
            return (new(name, notChecked, StatusCodes.Unavailable, "no status provider configured"), null);

        StatusAnswer? answer;
        try { answer = await provider.GetStatusAsync(new StatusQuery(credentialId, anchorKey.ToLowerInvariant(), anchorHash, chainId, registry), cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { answer = null; }
        if (answer is null) return (new(name, notChecked, StatusCodes.Unavailable, "the chain state could not be read"), null);

        string at = $"as of block {answer.AsOfBlock}";
        var check = answer.State switch
        {
            AnchorState.Active => new VerificationCheck(name, CheckOutcome.Passed, StatusCodes.Active, $"anchored and not revoked {at}"),
            AnchorState.Revoked => new VerificationCheck(name, CheckOutcome.Failed, StatusCodes.Revoked, $"revoked {at}"),
            AnchorState.Superseded => new VerificationCheck(name, CheckOutcome.Failed, StatusCodes.Superseded, $"superseded {at}"),
            AnchorState.NotAnchored => new VerificationCheck(name, CheckOutcome.Failed, StatusCodes.NotAnchored, $"no anchor for this credential {at}"),
            _ => new VerificationCheck(name, CheckOutcome.Failed, StatusCodes.HashMismatch, $"the anchored hash differs from this credential's {at}"),
        };
        if (answer.Detail is { Length: > 0 } detail) check = check with { Message = check.Message + ": " + detail };
        return (check, answer.AsOfBlock);
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
