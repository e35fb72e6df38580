namespace TrustLedger.Core.Webhooks;

/// <summary>The events a subscription can ask for; each is about one party (snapshot.published: about everyone).</summary>
public static class WebhookEventTypes
{
    public const string EndorsementConfirmed = "endorsement.confirmed";
    public const string ReciprocityProposed = "reciprocity.proposed";
    public const string CredentialRevoked = "credential.revoked";
    public const string ScoreMoved = "score.moved";
    public const string TieAtRisk = "tie.at_risk";
    public const string SnapshotPublished = "snapshot.published";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [EndorsementConfirmed] = "An endorsement about the party is on chain (indexed).",
        [ReciprocityProposed] = "Someone proposed a reciprocity event to the party; it waits for the party's confirmation.",
        [CredentialRevoked] = "A credential the party holds was revoked.",
        [ScoreMoved] = "The party's score moved by more than the subscription's minScoreChange between two snapshot epochs.",
        [TieAtRisk] = "One of the party's relationships became at risk (fading, one-sided or turning negative).",
        [SnapshotPublished] = "A new snapshot epoch of everyone's scores was recorded.",
    };
}
