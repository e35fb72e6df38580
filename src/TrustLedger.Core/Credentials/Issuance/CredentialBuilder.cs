using System.Globalization;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Schemas;
using TrustLedger.Core.Credentials.Validation;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>
/// Builds our three credential types as unsigned VC 2.0 documents (contexts: credentials v2, then
/// ours; credentialSchema: our JSON Schema for the type, see Schemas/). Subjects stay flat and every subject of one credential has the same members, so the
/// EIP-712 types stay simple for any verifier. Optional members are left out, never null.
/// </summary>
public static class CredentialBuilder
{
    public static JsonObject Endorsement(CredentialHeader header, EndorsementClaim claim)
    {
        RequireUrl(claim.SubjectDid, nameof(claim.SubjectDid));
        RequireUrl(claim.EndorserDid, nameof(claim.EndorserDid));
        if (claim.Rating < 0) throw new ArgumentOutOfRangeException(nameof(claim), "rating must not be negative");
        var subject = new JsonObject
        {
            ["id"] = claim.SubjectDid,
            ["endorser"] = claim.EndorserDid,
            ["rating"] = claim.Rating,
            ["category"] = claim.Category,
            ["attestationUid"] = claim.AttestationUid,
            ["occurredAt"] = XmlDateTime.Format(claim.EndorsedAt),
        };
        if (claim.Comment is { Length: > 0 } comment) subject["comment"] = comment;
        return Envelope(header, VcConstants.EndorsementCredentialType, subject, LocalSchemaValidator.EndorsementSchema);
    }

    public static JsonObject Reciprocity(CredentialHeader header, ReciprocityClaim claim)
    {
        JsonObject Side(ReciprocityParty party, ReciprocityParty other)
        {
            RequireUrl(party.Did, nameof(claim));
            return new JsonObject
            {
                ["id"] = party.Did,
                ["role"] = party.Role,
                ["counterparty"] = other.Did,
                ["eventType"] = claim.EventType,
                ["eventUid"] = claim.EventUid,
                ["attestationUid"] = party.AttestationUid,
                ["confirmedAt"] = XmlDateTime.Format(claim.ConfirmedAt),
            };
        }
        if (claim.First.Did == claim.Second.Did) throw new ArgumentException("a reciprocity event needs two different parties", nameof(claim));
        return Envelope(header, VcConstants.ReciprocityCredentialType, new JsonArray(Side(claim.First, claim.Second), Side(claim.Second, claim.First)),
            LocalSchemaValidator.ReciprocitySchema);
    }

    public static JsonObject Reputation(CredentialHeader header, ReputationClaim claim)
    {
        RequireUrl(claim.SubjectDid, nameof(claim.SubjectDid));
        if (claim.Rank < 0 || claim.EvidenceCount < 0 || claim.AsOfBlock < 0)
            throw new ArgumentOutOfRangeException(nameof(claim), "rank, evidence count and block must not be negative");
        var subject = new JsonObject
        {
            ["id"] = claim.SubjectDid,
            ["score"] = claim.Score.ToString(CultureInfo.InvariantCulture),
            ["rank"] = claim.Rank,
            ["evidenceCount"] = claim.EvidenceCount,
            ["asOfBlock"] = claim.AsOfBlock,
            ["algorithm"] = claim.Algorithm,
        };
        if (claim.SnapshotRoot is { } root) subject["snapshotRoot"] = root;
        if (claim.MerkleProof is { } proof) subject["merkleProof"] = new JsonArray([.. proof.Select(p => (JsonNode)p!)]);
        if (claim.LeafIndex is { } leaf) subject["leafIndex"] = leaf;
        return Envelope(header, VcConstants.ReputationCredentialType, subject, LocalSchemaValidator.ReputationSchema);
    }

    /// <summary>The credentialStatus entry for an anchored credential (anchorKey = keccak256 of the credential id).</summary>
    public static JsonObject AnchorStatus(string credentialId, AnchorStatusInfo status) => new()
    {
        ["id"] = status.StatusUrl,
        ["type"] = VcConstants.AnchorStatusType,
        ["anchorKey"] = CredentialAnchor.KeyHex(credentialId),
        ["statusChainId"] = status.ChainId,
        ["statusRegistry"] = status.RegistryAddress,
    };

    private static JsonObject Envelope(CredentialHeader header, string type, JsonNode subject, string schemaFile)
    {
        RequireUrl(header.Id, nameof(header.Id));
        RequireUrl(header.IssuerDid, nameof(header.IssuerDid));
        var urls = header.Urls ?? CredentialUrls.Example;
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context, urls.Context),
            ["id"] = header.Id,
            ["type"] = new JsonArray(VcConstants.VerifiableCredentialType, type),
            ["issuer"] = header.IssuerDid,
            ["validFrom"] = XmlDateTime.Format(header.ValidFrom),
        };
        if (header.ValidUntil is { } until) credential["validUntil"] = XmlDateTime.Format(until);
        credential["credentialSubject"] = subject;
        credential["credentialSchema"] = new JsonObject { ["id"] = urls.Schema(schemaFile), ["type"] = LocalSchemaValidator.SchemaType };
        if (header.Status is { } status)
        {
            RequireUrl(status.StatusUrl, nameof(status.StatusUrl));
            credential["credentialStatus"] = AnchorStatus(header.Id, status);
        }
        return credential;
    }

    private static void RequireUrl(string value, string name)
    {
        if (!CredentialValidator.IsUrl(value)) throw new ArgumentException($"{name} must be a URL or DID", name);
    }
}
