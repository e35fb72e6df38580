using System.Text.Json;

namespace TrustLedger.Core.Credentials.Validation;

/// <summary>VC Data Model 2.0 rules for a verifiable presentation (§4.13); the credentials inside are checked by the credential verifier.</summary>
public static class PresentationValidator
{
    public static IReadOnlyList<ValidationIssue> Validate(JsonElement presentation)
    {
        var issues = new List<ValidationIssue>();
        if (presentation.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new(StructureCodes.Malformed, "", "a presentation must be a JSON object"));
            return issues;
        }
        bool legacy = CredentialValidator.CheckContext(presentation, issues);
        if (!presentation.TryGetProperty("type", out var type) || !CredentialValidator.TypeValues(type, out var types) || !types.Contains(VcConstants.VerifiablePresentationType))
            issues.Add(new(StructureCodes.Type, "type", "type must include VerifiablePresentation"));
        if (presentation.TryGetProperty("id", out var id) && (id.ValueKind != JsonValueKind.String || !CredentialValidator.IsUrl(id.GetString())))
            issues.Add(new(StructureCodes.IdNotUrl, "id", "id must be a URL"));
        // A data: URL id holds an enveloped presentation: only an EnvelopedVerifiablePresentation may carry one.
        else if (id.ValueKind == JsonValueKind.String && id.GetString()!.StartsWith("data:application/", StringComparison.Ordinal))
            issues.Add(new(StructureCodes.Envelope, "type", $"a presentation whose id is a data: URL must have type {VcConstants.EnvelopedPresentationType}"));
        if (presentation.TryGetProperty("holder", out var holder) && !CredentialValidator.IsUrl(CredentialValidator.IssuerId(holder)))
            issues.Add(new(StructureCodes.IdNotUrl, "holder", "holder must be a URL or an object with an id URL"));
        CredentialValidator.CheckTypedEntries(presentation, "termsOfUse", issues);
        if (presentation.TryGetProperty("verifiableCredential", out var credentials))
        {
            var list = credentials.ValueKind == JsonValueKind.Array ? credentials.EnumerateArray().ToList() : [credentials];
            for (int i = 0; i < list.Count; i++)
            {
                // VC 1.1 presentations (Veramo's) carry every credential as a string: a JWT, or a JSON credential serialized.
                if (legacy && list[i].ValueKind == JsonValueKind.String) continue;
                if (list[i].ValueKind != JsonValueKind.Object)
                    issues.Add(new(StructureCodes.Malformed, $"verifiableCredential[{i}]", "each verifiable credential must be an object (a secured credential or an EnvelopedVerifiableCredential)"));
            }
        }
        return issues;
    }
}
