using System.Text;
using System.Text.Json.Nodes;
using TrustLedger.Api.Hosting;
using TrustLedger.Api.Relaying;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.StatusLists;
using TrustLedger.Core.Data;
using TrustLedger.Core.Reciprocity;
using TrustLedger.Core.Relaying;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace TrustLedger.Api.Credentials;

public sealed record AnchorView(string Key, string Hash, string Uid, long? RequestId, string? RequestStatus, string? TxHash, long? Block);

/// <summary>
/// Where a credential stands: active, revoked, revoking (revoked by its fact or its issuer, the
/// anchor's revocation on its way: verification already says revoked), superseded (a newer
/// credential replaced it), anchoring (submitted, not yet indexed), anchor_failed, hash_mismatch, anchor_chain_gone;
/// <c>code</c> is the verifier's status code, read as of <c>asOfBlock</c>.
/// </summary>
public sealed record CredentialStatusView(string State, string Code, long AsOfBlock, string? Detail, long? RevokeRequestId, string? RevokedAt,
    string? RevokedReason = null, string? SupersededBy = null);

public sealed record CredentialView(string Id, string Type, string Issuer, string Mechanism, IReadOnlyList<string> Holders, string IssuedAt,
    string? Source, JsonNode? VerifiableCredential, string? Jws, AnchorView Anchor, CredentialStatusView Status);

public sealed record CredentialPage(IReadOnlyList<CredentialView> Items, string? NextCursor);

public sealed record IssuerView(string Id, string VerificationMethod, bool Default, JsonObject PublicKeyJwk);

public sealed record IssuersView(long ChainId, string Address, string Default, IReadOnlyList<IssuerView> Issuers);

public sealed record RevocationResponse(string Id, string AnchorUid, long RequestId, string Status);

public sealed record EventCredentials(string EventId, string Status, IReadOnlyList<CredentialView> Credentials);

/// <summary>Issued credentials by id and by holder, their status from the indexed chain, revocation, and the service's issuer DIDs.</summary>
public static class CredentialsApi
{
    /// <summary>Credential ids are URLs: ':' stays readable in the path, '/' and the rest are escaped.</summary>
    public static string PathOf(string id) => "/v1/credentials/" + Uri.EscapeDataString(id).Replace("%3A", ":", StringComparison.Ordinal);

    public static void MapCredentialsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/credentials").WithTags("Credentials");
        group.MapGet("/", List)
            .Documented("A holder's credentials, newest first, cursor-paged",
                "`holder` (an address) is required; `limit` 1..200 (50); pass `nextCursor` back as `cursor`. Each with its anchor and status.")
            .Produces<CredentialPage>();
        group.MapGet("/{id}", Get)
            .Documented("A credential as issued, with its anchor and its status as of the indexed block",
                "`id` is the credential's id (a URL; escape '/' as %2F). `status.state`: active, suspended, revoked, anchoring, revoking, anchor_failed, hash_mismatch, anchor_chain_gone (anchored on a chain that was replaced).")
            .Produces<CredentialView>().WithProblems("not-found");
        group.MapGet("/{id}/status", Status)
            .Documented("A credential's status (the credentialStatus.id URL)", "The status section of GET /v1/credentials/{id}, read as a verifier reads it.")
            .Produces<CredentialStatusView>().WithProblems("not-found");
        group.MapPost("/{id}/revoke", Revoke).RequireAuthorization(Roles.Issuer)
            .Documented("Revoke a credential: the issuer signs a Revoke of its anchor, relayed; 202",
                "Issuer role only. 202 with Location /v1/credentials/{id}; asking again while the revocation is on its way answers the same 202.")
            .Produces<RevocationResponse>(StatusCodes.Status202Accepted).WithProblems([.. ProblemCatalog.RevocationRefusals, "not-found"]);
        group.MapPost("/{id}/suspend", (string id, Database db, StatusListPublisher lists, TimeProvider time, CancellationToken ct) =>
                SetSuspensionAsync(id, true, db, lists, time, ct)).RequireAuthorization(Roles.Issuer)
            .Documented("Suspend a credential (endorsement or reciprocity): its suspension bit is set, the list re-signed and anchored; 202",
                "Issuer role only. Verifiers then read `status.suspended`; POST …/reinstate clears the bit again. Idempotent.")
            .Produces<SuspensionResponse>(StatusCodes.Status202Accepted).WithProblems("not-found", "credential-not-suspendable");
        group.MapPost("/{id}/reinstate", (string id, Database db, StatusListPublisher lists, TimeProvider time, CancellationToken ct) =>
                SetSuspensionAsync(id, false, db, lists, time, ct)).RequireAuthorization(Roles.Issuer)
            .Documented("Reinstate a suspended credential: its suspension bit returns to 0, the list re-signed and anchored; 202",
                "Issuer role only. Idempotent.")
            .Produces<SuspensionResponse>(StatusCodes.Status202Accepted).WithProblems("not-found", "credential-not-suspendable");
        routes.MapGet("/v1/issuers", Issuers).WithTags("Credentials")
            .Documented("The service's issuer DIDs (did:pkh and did:ethr of the issuer key)",
                "The DIDs credentials name as issuer, their verification methods and the public key (JWK).")
            .Produces<IssuersView>();
        routes.MapGet("/v1/reciprocity-events/{id}/credentials", ForEvent).WithTags("Reciprocity events")
            .Documented("The event's ReciprocityCredential",
                "Issued (signed and anchored) on the first request once both sides confirmed; empty while the event is not confirmed.")
            .Produces<EventCredentials>().WithProblems("not-found", "anchor-refused");
    }

    private static IssuersView Issuers(IssuerKeys issuers) => new(issuers.ChainId, issuers.Address.ToString(), issuers.Default.Did.Did,
        [.. issuers.All.Select(k => new IssuerView(k.Did.Did, k.VerificationMethod, k.VerificationMethod == issuers.Default.VerificationMethod, VcJwt.PublicJwk(k.Key.PublicKey)))]);

    private static async Task<IResult> Get(string id, CredentialViews views, Database db, CancellationToken ct)
    {
        var row = await CredentialStore.GetAsync(db, Unescape(id), ct);
        return row is null ? Problems.NotFound($"no credential {Unescape(id)}") : TypedResults.Ok(await views.OfAsync(row, ct));
    }

    private static async Task<IResult> Status(string id, CredentialViews views, Database db, CancellationToken ct)
    {
        var row = await CredentialStore.GetAsync(db, Unescape(id), ct);
        return row is null ? Problems.NotFound($"no credential {Unescape(id)}") : TypedResults.Ok((await views.OfAsync(row, ct)).Status);
    }

    private static async Task<IResult> List(string? holder, string? cursor, string? limit, CredentialViews views, Database db, CancellationToken ct)
    {
        var f = new InputFields();
        var address = f.Address("holder", holder);
        var size = f.Int("limit", limit, 1, 200, 50);
        (string, string)? after = null;
        if (cursor is not null)
        {
            if (DecodeCursor(cursor) is { } decoded) after = decoded;
            else f.Fail("cursor", "not a cursor this API handed out");
        }
        if (!f.Valid) return f.Problem();
        var rows = (await CredentialStore.ListByHolderAsync(db, address, after, size + 1, ct)).ToList();
        string? next = null;
        if (rows.Count > size)
        {
            rows.RemoveAt(size);
            next = EncodeCursor(rows[^1]);
        }
        var items = new List<CredentialView>(rows.Count);
        foreach (var row in rows) items.Add(await views.OfAsync(row, ct));
        return TypedResults.Ok(new CredentialPage(items, next));
    }

    private static async Task<IResult> Revoke(string id, Database db, Outbox outbox, CredentialAnchoring anchoring, TimeProvider time, CancellationToken ct)
    {
        var row = await CredentialStore.GetAsync(db, Unescape(id), ct);
        if (row is null) return Problems.NotFound($"no credential {Unescape(id)}");
        if (row.RevokeRequestId is { } known && await outbox.FindAsync(known, ct) is { Status: not "failed" } asked)
            return Accepted(row, asked);
        var (submission, rejection) = await anchoring.RevokeAsync(row.AnchorKey, ct);
        if (rejection is not null) return RelayResults.Rejected(rejection);
        await CredentialStore.SetRevokeRequestAsync(db, row.Id, submission!.Request.Id, time.GetUtcNow(), ct);
        return Accepted(row, submission.Request);
    }

    /// <summary>Suspension is a bit of our suspension list, not an on-chain revocation: the anchor stays, the list's new version is anchored.</summary>
    private static async Task<IResult> SetSuspensionAsync(string id, bool suspend, Database db, StatusListPublisher lists, TimeProvider time, CancellationToken ct)
    {
        var row = await CredentialStore.GetAsync(db, Unescape(id), ct);
        if (row is null) return Problems.NotFound($"no credential {Unescape(id)}");
        if (!StatusListPublisher.Suspendable([row.Type]) || await StatusListStore.SlotOfAsync(db, row.Id, ct) is not { } slot)
            return Problems.Of(StatusCodes.Status409Conflict, "credential-not-suspendable", "The credential cannot be suspended",
                $"a {row.Type} carries no suspension entry (endorsements and reciprocity credentials do); revoke it instead");
        if (row.RevokedAt is not null && suspend)
            return Problems.Of(StatusCodes.Status409Conflict, "credential-not-suspendable", "The credential cannot be suspended", $"credential {row.Id} is revoked for good");
        await StatusListStore.SetSuspendedAsync(db, row.Id, suspend ? time.GetUtcNow() : null, ct);
        var version = await lists.CurrentAsync(slot.List, ct, StatusListPublisher.SuspensionPurpose);
        return TypedResults.Accepted(PathOf(row.Id), new SuspensionResponse(row.Id, suspend, lists.ListUrl(slot.List, StatusListPublisher.SuspensionPurpose),
            slot.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), version?.Version, version?.AnchorUid));
    }

    private static IResult Accepted(CredentialRow row, RelayRequestRow request) => TypedResults.Accepted(PathOf(row.Id),
        new RevocationResponse(row.Id, row.AnchorUid, request.Id, request.Status == "failed" ? "failed" : "revoking"));

    private static async Task<IResult> ForEvent(string id, Database db, Outbox outbox, ProductCredentials products, CredentialViews views, HttpContext http,
        CancellationToken ct)
    {
        var f = new InputFields();
        id = f.Bytes32("id", id);
        if (!f.Valid) return f.Problem();
        var view = await ReciprocityEvents.FindAsync(id, db, outbox, ct);
        if (view is null) return Problems.NotFound($"no reciprocity event {id}");
        try
        {
            // The current credential first (issued now if the event is confirmed), then earlier ones: revoked or superseded.
            var current = view.Status == "confirmed" ? (await products.IssueReciprocityAsync(view, ct: ct)).Credential : null;
            var items = new List<CredentialView>();
            if (current is not null) items.Add(await views.OfAsync(current, ct));
            foreach (var earlier in await CredentialFacts.CredentialsOfAsync(db, id, ct))
                if (earlier != current?.Id && await CredentialStore.GetAsync(db, earlier, ct) is { Type: VcConstants.ReciprocityCredentialType } row)
                    items.Add(await views.OfAsync(row, ct));
            return TypedResults.Ok(new EventCredentials(id, view.Status, items));
        }
        catch (AnchorRejectedException e)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "anchor-refused", "The credential could not be anchored", e.Message);
        }
        catch (IssuanceBudgetExhaustedException e)
        {
            return CredentialProblems.BudgetSpent(e, http);
        }
    }

    // Route values arrive decoded, except '/', which routing leaves as %2F.
    private static string Unescape(string id) => id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static string EncodeCursor(CredentialRow last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"c1|{last.IssuedAt}|{last.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string, string)? DecodeCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '=')));
            return text.Split('|', 3) is ["c1", var at, var id] ? (at, id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
