using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Reciprocity;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>Ties a ReputationCredential to a published score snapshot: its epoch, Merkle root, the party's proof and leaf index.</summary>
public sealed record ReputationSnapshotProof(long Epoch, string Root, IReadOnlyList<string> Proof, long LeafIndex);

/// <summary>
/// The product's own credentials, built (CredentialBuilder), signed with the issuer key, anchored
/// and stored in one call. Each is idempotent on what it attests: one ReciprocityCredential per
/// event and confirmation (both parties are its subjects and holders), one EndorsementCredential
/// per endorsement, one ReputationCredential per party, score and as-of block; a repeat returns
/// the stored one. Each records the attestations it derives from (<see cref="CredentialFacts"/>),
/// and each new one spends one anchor of the daily budget (<see cref="IssuanceBudget"/>): these are
/// anchors the service pays for on a party's behalf.
/// </summary>
public sealed class ProductCredentials(
    Database db, CredentialIssuance issuance, IssuanceBudget budget, IssuerKeys issuers, IOptions<CredentialOptions> options,
    CredentialUrls urls, TimeProvider time)
{
    public const string DefaultEventType = "reciprocity";
    public const string DefaultCategory = "general";

    /// <summary>For an event both sides confirmed (status "confirmed" in GET /v1/reciprocity-events/{id}).</summary>
    /// <exception cref="InvalidOperationException">The event is not confirmed.</exception>
    public Task<IssueOutcome> IssueReciprocityAsync(ReciprocityEventView view, SecuringMechanism mechanism = SecuringMechanism.Eip712, CancellationToken ct = default)
    {
        if (view.Status != "confirmed" || view.Confirmation is not { } confirmation)
            throw new InvalidOperationException($"reciprocity event {view.Id} is {view.Status}, not confirmed by both parties");
        string kind = Text(view.Proposal.Fields, "kind") is { Length: > 0 } k ? k : DefaultEventType;
        var claim = new ReciprocityClaim(kind, view.Id,
            new ReciprocityParty(Did(view.Proposer), "proposer", view.Proposal.Uid),
            new ReciprocityParty(Did(view.Counterparty), "confirmer", confirmation.Uid),
            At(confirmation.Time ?? view.Proposal.Time));
        return IssueReciprocityAsync(view.Id, confirmation.Uid, id => CredentialBuilder.Reciprocity(Header(id), claim), mechanism, ct);
    }

    /// <summary>
    /// The event's current credential lives at source reciprocity:&lt;event&gt;. One issued for an earlier
    /// confirmation (since revoked or expired, or the registry would not have taken another) is
    /// retired from that source first, and marked superseded by the new one.
    /// </summary>
    private async Task<IssueOutcome> IssueReciprocityAsync(string eventId, string confirmationUid, Func<string, System.Text.Json.Nodes.JsonObject> build,
        SecuringMechanism mechanism, CancellationToken ct)
    {
        string source = $"reciprocity:{eventId}";
        string? earlier = null;
        if (await CredentialStore.FindBySourceAsync(db, source, ct) is { } current)
        {
            if ((await CredentialFacts.OfAsync(db, current.Id, ct)).Any(f => f.Uid == confirmationUid.ToLowerInvariant()))
                return new(current, await CredentialStore.HoldersAsync(db, current.Id, ct), false);
            await CredentialStore.RetireSourceAsync(db, current.Id, ct);
            earlier = current.Id;
        }
        var outcome = await IssueAsync(build, mechanism, source, [eventId, confirmationUid], ct);
        if (earlier is not null && outcome.Credential.Id != earlier) await CredentialStore.SetSupersededByAsync(db, earlier, outcome.Credential.Id, ct);
        return outcome;
    }

    /// <summary>For an endorsement on chain (status "confirmed", endorsement schema): the endorsed party is the subject.</summary>
    public Task<IssueOutcome> IssueEndorsementAsync(AttestationView attestation, SecuringMechanism mechanism = SecuringMechanism.Eip712, CancellationToken ct = default)
    {
        if (attestation.Status != "confirmed" || attestation.Schema != ProductSchemas.Endorsement.Uid)
            throw new InvalidOperationException($"attestation {attestation.Uid} is not a confirmed endorsement");
        var rating = attestation.Fields?.TryGetValue("rating", out var r) == true
            ? r is JsonElement { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : Convert.ToInt32(r, CultureInfo.InvariantCulture)
            : 0;
        var claim = new EndorsementClaim(Did(attestation.Subject), Did(attestation.Attester), rating,
            Text(attestation.Fields, "category") is { Length: > 0 } c ? c : DefaultCategory, attestation.Uid, At(attestation.Time),
            Text(attestation.Fields, "comment"));
        return IssueAsync(id => CredentialBuilder.Endorsement(Header(id), claim), mechanism, $"endorsement:{attestation.Uid}", [attestation.Uid], ct);
    }

    /// <summary>A party's score, rank and evidence count as of a block, optionally tied to a published snapshot.</summary>
    public Task<IssueOutcome> IssueReputationAsync(string address, decimal score, int rank, int evidenceCount, long asOfBlock, string algorithm,
        ReputationSnapshotProof? snapshot = null, SecuringMechanism mechanism = SecuringMechanism.Eip712, CancellationToken ct = default)
    {
        var party = EthAddress.Parse(address);
        var claim = new ReputationClaim(Did(party.ToLowerHex()), score, rank, evidenceCount, asOfBlock, algorithm,
            snapshot?.Root, snapshot?.Proof, snapshot?.LeafIndex);
        string source = string.Create(CultureInfo.InvariantCulture,
            $"reputation:{party.ToLowerHex()}:{asOfBlock}:{algorithm}:{score}:{rank}:{evidenceCount}:{snapshot?.Epoch}:{snapshot?.Root}");
        return IssueAsync(id => CredentialBuilder.Reputation(Header(id), claim), mechanism, source, [], ct);
    }

    /// <exception cref="IssuanceBudgetExhaustedException">A new credential is needed and today's budget is spent.</exception>
    private async Task<IssueOutcome> IssueAsync(Func<string, System.Text.Json.Nodes.JsonObject> build, SecuringMechanism mechanism, string source,
        IReadOnlyList<string> facts, CancellationToken ct)
    {
        // A repeat costs nothing: only a credential that is not stored yet spends the budget.
        if (await CredentialStore.FindBySourceAsync(db, source, ct) is { } done) return new(done, await CredentialStore.HoldersAsync(db, done.Id, ct), false);
        // Concurrent callers for one fact wait for the first and get its credential: each would
        // otherwise hold a reservation of the budget meanwhile, and a burst of identical requests
        // could be refused 503 for a credential that costs one anchor. (Across replicas the unique
        // source still stores one; the loser gives its reservation back.)
        using var turn = await _gates.EnterAsync(source, ct);
        if (await CredentialStore.FindBySourceAsync(db, source, ct) is { } stored) return new(stored, await CredentialStore.HoldersAsync(db, stored.Id, ct), false);
        var resetsAt = await budget.TryReserveAsync(ct);
        if (resetsAt is not null) throw new IssuanceBudgetExhaustedException(budget.PerDay, resetsAt.Value);
        IssueOutcome? outcome = null;
        try { return outcome = await issuance.IssueAsync(build(CredentialHeader.NewId()), issuers.Default, mechanism, source, ct, facts); }
        finally
        {
            if (outcome is not { Created: true }) await budget.ReleaseAsync(CancellationToken.None);
        }
    }

    private readonly SourceGates _gates = new();

    /// <summary>One issuance at a time per source on this replica; an entry lives only while someone is in or waiting.</summary>
    private sealed class SourceGates
    {
        private readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _gates = new(StringComparer.Ordinal);

        public async Task<IDisposable> EnterAsync(string source, CancellationToken ct)
        {
            SemaphoreSlim gate;
            lock (_gates)
            {
                var entry = _gates.GetValueOrDefault(source);
                gate = entry.Gate ?? new SemaphoreSlim(1, 1);
                _gates[source] = (gate, entry.Users + 1);
            }
            try { await gate.WaitAsync(ct); }
            catch { Leave(source, entered: false); throw; }
            return new Turn(this, source);
        }

        private void Leave(string source, bool entered)
        {
            lock (_gates)
            {
                var (gate, users) = _gates[source];
                if (entered) gate.Release();
                if (users > 1) _gates[source] = (gate, users - 1);
                else { _gates.Remove(source); gate.Dispose(); }
            }
        }

        private sealed class Turn(SourceGates gates, string source) : IDisposable
        {
            public void Dispose() => gates.Leave(source, entered: true);
        }
    }

    private CredentialHeader Header(string id)
    {
        // Whole seconds: XML Schema dateTime without fractions reads the same everywhere.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        return new(id, issuers.Default.Did.Did, now, options.Value.ProductCredentialLifetime is { } life ? now + life : null, Urls: urls);
    }

    private string Did(string address) => EthDid.Pkh(issuers.ChainId, EthAddress.Parse(address));

    private static DateTimeOffset At(long? unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds ?? 0);

    // Fields come as CLR values from AttestationView.Of, or as JsonElement when a view was read back from JSON.
    private static string? Text(IReadOnlyDictionary<string, object?>? fields, string name) =>
        fields is null || !fields.TryGetValue(name, out var value) ? null
        : value is JsonElement { ValueKind: JsonValueKind.String } json ? json.GetString() : value as string;
}
