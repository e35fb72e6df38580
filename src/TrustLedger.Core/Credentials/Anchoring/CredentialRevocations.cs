using TrustLedger.Core.Data;

namespace TrustLedger.Core.Credentials.Anchoring;

/// <summary>
/// Makes the chain follow the facts: every credential whose endorsement, proposal or confirmation
/// was revoked or expired gets its anchor revoked (a Revoke signed by the issuer key, relayed like
/// the anchor was), and the revocation and its reason are recorded. Verification does not wait for
/// this: it reads the facts itself (<see cref="AnchorStatusProvider"/>).
/// </summary>
public sealed class CredentialRevocations(Database db, CredentialAnchoring anchoring, TimeProvider time, ILogger logger)
{
    /// <summary>One pass: up to 50 stale credentials. True when any revocation was submitted.</summary>
    public async Task<bool> RevokeStaleAsync(CancellationToken ct)
    {
        var submitted = false;
        foreach (var stale in await CredentialFacts.StaleAsync(db, time.GetUtcNow().ToUnixTimeSeconds(), 50, ct))
        {
            var (submission, rejection) = await anchoring.RevokeAsync(stale.AnchorKey, ct);
            // A refusal (the anchor revoked already, or a revocation relayed before a crash) is recorded
            // too, without a request: retrying it every pass would be refused the same way.
            await CredentialStore.SetRevokeRequestAsync(db, stale.Id, submission?.Request.Id, time.GetUtcNow(), ct, stale.Reason);
            if (rejection is not null)
                logger.LogWarning("Credential {Id} revoked ({Reason}); its anchor revocation was refused: {Code} {Detail}",
                    stale.Id, stale.Reason, rejection.Code, rejection.Detail);
            else
                logger.LogInformation("Credential {Id} revoked ({Reason}): anchor revocation is relay request {Request}", stale.Id, stale.Reason, submission!.Request.Id);
            submitted |= submission is not null;
        }
        return submitted;
    }
}
