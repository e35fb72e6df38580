using System.Text.Json.Nodes;

namespace TrustLedger.Core.Credentials.SdJwt;

/// <summary>
/// The SD-JWT VC types we issue, one per product credential type: vct =
/// {Credentials:PublicBaseUrl}/v1/vct/{type}, where the service serves its type metadata (SD-JWT VC
/// draft section 6: name, description, each claim with display label and sd "always"). Every member of
/// the credential's subject becomes a selectively disclosable claim; iss, iat, nbf, exp, vct, sub, cnf
/// and status stay in the clear (the draft forbids hiding the ones a verifier needs to check).
/// </summary>
public static class SdJwtVcTypes
{
    public const string PathPrefix = "/v1/vct/";
    public const string Format = "dc+sd-jwt";
    public const string KeyBindingType = "kb+jwt";

    public sealed record TypeInfo(string Name, string Description, IReadOnlyDictionary<string, string> Claims);

    public static readonly IReadOnlyDictionary<string, TypeInfo> Known = new Dictionary<string, TypeInfo>(StringComparer.Ordinal)
    {
        [VcConstants.EndorsementCredentialType] = new("Endorsement", "A business partner's on-chain endorsement of the subject.",
            new Dictionary<string, string>
            {
                ["endorser"] = "Endorsed by (counterparty)", ["rating"] = "Rating (0-5)", ["category"] = "Category", ["comment"] = "Comment",
                ["attestationUid"] = "Evidence: on-chain attestation", ["occurredAt"] = "Endorsed at",
            }),
        [VcConstants.ReciprocityCredentialType] = new("Reciprocity", "A two-sided business event both parties confirmed on chain.",
            new Dictionary<string, string>
            {
                ["role"] = "Role", ["counterparty"] = "Counterparty", ["eventType"] = "Event type", ["eventUid"] = "Evidence: event",
                ["attestationUid"] = "Evidence: on-chain attestation", ["confirmedAt"] = "Confirmed at",
            }),
        [VcConstants.ReputationCredentialType] = new("Reputation", "The subject's reputation score and rank as of a block.",
            new Dictionary<string, string>
            {
                ["score"] = "Score", ["rank"] = "Rank", ["evidenceCount"] = "Evidence count", ["asOfBlock"] = "As of block",
                ["algorithm"] = "Algorithm", ["snapshotRoot"] = "Evidence: snapshot root", ["merkleProof"] = "Evidence: Merkle proof",
                ["leafIndex"] = "Evidence: leaf index",
            }),
    };

    public static string Vct(string publicBaseUrl, string type) => publicBaseUrl.TrimEnd('/') + PathPrefix + type;

    /// <summary>The credential type a vct of ours names, or null.</summary>
    public static string? TypeOf(string publicBaseUrl, string? vct)
    {
        string prefix = publicBaseUrl.TrimEnd('/') + PathPrefix;
        if (vct is null || !vct.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string type = vct[prefix.Length..];
        return Known.ContainsKey(type) ? type : null;
    }

    /// <summary>The SD-JWT VC Type Metadata document served at the vct URL.</summary>
    public static JsonObject Metadata(string publicBaseUrl, string type)
    {
        var info = Known[type];
        var claims = new JsonArray();
        foreach (var (name, label) in info.Claims)
            claims.Add(new JsonObject
            {
                ["path"] = new JsonArray(name),
                ["display"] = new JsonArray(new JsonObject { ["locale"] = "en", ["label"] = label }),
                ["sd"] = "always",
            });
        return new JsonObject
        {
            ["vct"] = Vct(publicBaseUrl, type),
            ["name"] = info.Name,
            ["description"] = info.Description,
            ["display"] = new JsonArray(new JsonObject { ["locale"] = "en", ["name"] = info.Name, ["description"] = info.Description }),
            ["claims"] = claims,
        };
    }
}
