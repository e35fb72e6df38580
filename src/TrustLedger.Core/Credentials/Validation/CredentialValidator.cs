using System.Text.Json;

namespace TrustLedger.Core.Credentials.Validation;

/// <summary>
/// Checks the VC Data Model 2.0 rules a credential must meet (and the 1.1 rules for legacy
/// credentials on verification). Never throws; returns every broken rule, so the API can list them.
/// Whether context URLs are known is the context check's business, not this one's.
/// </summary>
public static class CredentialValidator
{
    /// <param name="urls">our public base and former ones (which context URL is ours); null: the example base</param>
    public static IReadOnlyList<ValidationIssue> Validate(JsonElement credential, CredentialUrls? urls = null)
    {
        var issues = new List<ValidationIssue>();
        if (credential.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new(StructureCodes.Malformed, "", "a credential must be a JSON object"));
            return issues;
        }
        bool legacy = CheckContext(credential, issues);
        var terms = credential.TryGetProperty("@context", out var context) ? ContextTerms.Read(context, urls ?? CredentialUrls.Example, issues) : null;
        CheckOptionalUrl(credential, "id", "id", issues);
        CheckType(credential, issues);
        CheckIssuer(credential, issues);
        LanguageValues.Check(credential, "", issues);
        if (credential.TryGetProperty("issuer", out var issuer)) LanguageValues.Check(issuer, "issuer", issues);
        CheckSubjects(credential, issues);
        CheckValidity(credential, legacy, issues);
        CheckTypedEntries(credential, "credentialStatus", issues);
        CheckTypedEntries(credential, "evidence", issues);
        CheckTypedEntries(credential, "refreshService", issues);
        CheckTypedEntries(credential, "termsOfUse", issues);
        CheckSchemas(credential, issues);
        CheckRelatedResources(credential, issues);
        // VC 1.1 credentials (Veramo's) are JSON first; their v1 context has no @vocab and they often name unmapped types.
        if (terms is not null && !legacy) CheckTypesMap(credential, terms, issues);
        return issues;
    }

    /// <summary>
    /// An EnvelopedVerifiableCredential (or Presentation) itself: @context with the base context
    /// first, type exactly <paramref name="type"/>, id a data: URL (what it wraps is checked once unwrapped).
    /// </summary>
    public static IReadOnlyList<ValidationIssue> ValidateEnvelope(JsonElement envelope, string type)
    {
        var issues = new List<ValidationIssue>();
        if (!envelope.TryGetProperty("@context", out var context) || FirstContext(context) != VcConstants.CredentialsV2Context)
            issues.Add(new(StructureCodes.Envelope, "@context", $"an {type} needs @context with {VcConstants.CredentialsV2Context} first"));
        if (!envelope.TryGetProperty("type", out var t) || !TypeValues(t, out var types) || types.Count != 1 || types[0] != type)
            issues.Add(new(StructureCodes.Envelope, "type", $"the type of an enveloped object must be {type}"));
        if (!envelope.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || !id.GetString()!.StartsWith("data:", StringComparison.Ordinal))
            issues.Add(new(StructureCodes.Envelope, "id", "the id of an enveloped object must be a data: URL holding the secured document"));
        return issues;
    }

    /// <summary>The credential's types and those of its typed entries must be URLs or map to URLs through the contexts.</summary>
    private static void CheckTypesMap(JsonElement credential, ContextTerms terms, List<ValidationIssue> issues)
    {
        void Check(JsonElement owner, string path)
        {
            if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty("type", out var type) || !TypeValues(type, out var values)) return;
            foreach (var value in values.Where(v => !terms.Maps(v)))
                issues.Add(new(StructureCodes.TypeUnmapped, path.Length == 0 ? "type" : path + ".type", $"type {value} is not a URL and no @context maps it to one"));
        }
        Check(credential, "");
        foreach (var name in (string[])["credentialStatus", "credentialSchema", "evidence", "refreshService", "termsOfUse"])
            foreach (var (entry, path) in Entries(credential, name)) Check(entry, path);
    }

    /// <summary>True when the credential is a VC 1.1 one (first context the 2018 v1 URL).</summary>
    public static bool IsLegacy(JsonElement credential) =>
        credential.ValueKind == JsonValueKind.Object && credential.TryGetProperty("@context", out var context)
        && FirstContext(context) == VcConstants.CredentialsV1Context;

    private static string? FirstContext(JsonElement context) => context.ValueKind switch
    {
        JsonValueKind.String => context.GetString(),
        JsonValueKind.Array when context.GetArrayLength() > 0 && context[0].ValueKind == JsonValueKind.String => context[0].GetString(),
        _ => null,
    };

    /// <summary>@context present, the base context first, then URLs and context objects; true for a VC 1.1 document.</summary>
    internal static bool CheckContext(JsonElement credential, List<ValidationIssue> issues)
    {
        if (!credential.TryGetProperty("@context", out var context))
        {
            issues.Add(new(StructureCodes.Context, "@context", "@context is required"));
            return false;
        }
        string? first = FirstContext(context);
        if (first is not (VcConstants.CredentialsV2Context or VcConstants.CredentialsV1Context))
            issues.Add(new(StructureCodes.Context, "@context[0]", $"the first @context entry must be {VcConstants.CredentialsV2Context}"));
        if (context.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var entry in context.EnumerateArray())
            {
                if (entry.ValueKind is not (JsonValueKind.String or JsonValueKind.Object) || (entry.ValueKind == JsonValueKind.String && !IsUrl(entry.GetString())))
                    issues.Add(new(StructureCodes.Context, $"@context[{i}]", "each @context entry must be a URL or a context object"));
                i++;
            }
        }
        return first == VcConstants.CredentialsV1Context;
    }

    private static void CheckType(JsonElement credential, List<ValidationIssue> issues)
    {
        if (!credential.TryGetProperty("type", out var type) || !TypeValues(type, out var values))
        {
            issues.Add(new(StructureCodes.Type, "type", "type is required: a string or an array of strings"));
            return;
        }
        if (!values.Contains(VcConstants.VerifiableCredentialType))
            issues.Add(new(StructureCodes.Type, "type", "type must include VerifiableCredential"));
    }

    internal static bool TypeValues(JsonElement type, out List<string> values)
    {
        values = [];
        if (type.ValueKind == JsonValueKind.String) { values.Add(type.GetString()!); return values[0].Length > 0; }
        if (type.ValueKind != JsonValueKind.Array || type.GetArrayLength() == 0) return false;
        foreach (var item in type.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0) return false;
            values.Add(item.GetString()!);
        }
        return true;
    }

    private static void CheckIssuer(JsonElement credential, List<ValidationIssue> issues)
    {
        if (!credential.TryGetProperty("issuer", out var issuer)) { issues.Add(new(StructureCodes.Issuer, "issuer", "issuer is required")); return; }
        if (IssuerId(issuer) is not { } id) issues.Add(new(StructureCodes.Issuer, "issuer", "issuer must be a URL or an object with an id URL"));
        else if (!IsUrl(id)) issues.Add(new(StructureCodes.IdNotUrl, "issuer", "issuer id must be a URL"));
    }

    /// <summary>The issuer's id whether issuer is a string or an object; null when neither.</summary>
    public static string? IssuerId(JsonElement issuer) => issuer.ValueKind switch
    {
        JsonValueKind.String => issuer.GetString(),
        JsonValueKind.Object when issuer.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
        _ => null,
    };

    private static void CheckSubjects(JsonElement credential, List<ValidationIssue> issues)
    {
        if (!credential.TryGetProperty("credentialSubject", out var subject))
        {
            issues.Add(new(StructureCodes.Subject, "credentialSubject", "credentialSubject is required"));
            return;
        }
        var subjects = subject.ValueKind == JsonValueKind.Array ? subject.EnumerateArray().ToList() : [subject];
        if (subjects.Count == 0) issues.Add(new(StructureCodes.Subject, "credentialSubject", "credentialSubject must not be empty"));
        for (int i = 0; i < subjects.Count; i++)
        {
            string path = subject.ValueKind == JsonValueKind.Array ? $"credentialSubject[{i}]" : "credentialSubject";
            if (subjects[i].ValueKind != JsonValueKind.Object || !subjects[i].EnumerateObject().Any())
                issues.Add(new(StructureCodes.Subject, path, "each credential subject must be an object with at least one claim"));
            else CheckOptionalUrl(subjects[i], "id", path + ".id", issues);
        }
    }

    private static void CheckValidity(JsonElement credential, bool legacy, List<ValidationIssue> issues)
    {
        string fromName = legacy ? "issuanceDate" : "validFrom", untilName = legacy ? "expirationDate" : "validUntil";
        DateTimeOffset? from = ReadDate(credential, fromName, requireTimezone: !legacy, issues);
        DateTimeOffset? until = ReadDate(credential, untilName, requireTimezone: !legacy, issues);
        if (legacy && !credential.TryGetProperty("issuanceDate", out _))
            issues.Add(new(StructureCodes.DateTime, "issuanceDate", "a VC 1.1 credential needs issuanceDate"));
        if (from is { } f && until is { } u && u < f)
            issues.Add(new(StructureCodes.ValidityRange, untilName, $"{untilName} is before {fromName}"));
    }

    private static DateTimeOffset? ReadDate(JsonElement credential, string name, bool requireTimezone, List<ValidationIssue> issues)
    {
        if (!credential.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String && XmlDateTime.TryParse(value.GetString(), requireTimezone, out var parsed)) return parsed;
        issues.Add(new(StructureCodes.DateTime, name, requireTimezone
            ? $"{name} must be an XML Schema dateTimeStamp (e.g. 2026-01-01T00:00:00Z)"
            : $"{name} must be an XML Schema dateTime"));
        return null;
    }

    private static IEnumerable<(JsonElement Entry, string Path)> Entries(JsonElement credential, string name)
    {
        if (!credential.TryGetProperty(name, out var value)) yield break;
        if (value.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var entry in value.EnumerateArray()) yield return (entry, $"{name}[{i++}]");
        }
        else yield return (value, name);
    }

    internal static void CheckTypedEntries(JsonElement credential, string name, List<ValidationIssue> issues)
    {
        foreach (var (entry, path) in Entries(credential, name))
        {
            if (entry.ValueKind != JsonValueKind.Object) { issues.Add(new(StructureCodes.MissingType, path, $"each {name} entry must be an object")); continue; }
            if (!entry.TryGetProperty("type", out var type) || !TypeValues(type, out _))
                issues.Add(new(StructureCodes.MissingType, path + ".type", $"each {name} entry needs a type"));
            CheckOptionalUrl(entry, "id", path + ".id", issues);
        }
    }

    private static void CheckSchemas(JsonElement credential, List<ValidationIssue> issues)
    {
        CheckTypedEntries(credential, "credentialSchema", issues);
        foreach (var (entry, path) in Entries(credential, "credentialSchema"))
            if (entry.ValueKind == JsonValueKind.Object && !entry.TryGetProperty("id", out _))
                issues.Add(new(StructureCodes.Schema, path + ".id", "each credentialSchema needs an id URL"));
    }

    private static void CheckRelatedResources(JsonElement credential, List<ValidationIssue> issues)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, path) in Entries(credential, "relatedResource"))
        {
            if (entry.ValueKind != JsonValueKind.Object) { issues.Add(new(StructureCodes.RelatedResource, path, "each relatedResource must be an object")); continue; }
            if (!entry.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || !IsUrl(id.GetString()))
                issues.Add(new(StructureCodes.RelatedResource, path + ".id", "each relatedResource needs an id URL"));
            else if (!seen.Add(id.GetString()!))
                issues.Add(new(StructureCodes.RelatedResource, path + ".id", "relatedResource ids must be unique"));
            bool sri = entry.TryGetProperty("digestSRI", out var digestSri), multibase = entry.TryGetProperty("digestMultibase", out var digestMultibase);
            if (!sri && !multibase)
                issues.Add(new(StructureCodes.RelatedResource, path, "each relatedResource needs digestSRI or digestMultibase"));
            if (sri && !Digests.IsSri(digestSri))
                issues.Add(new(StructureCodes.RelatedResource, path + ".digestSRI", "digestSRI must be sha256-, sha384- or sha512- followed by the base64 digest of that length"));
            if (multibase && !Digests.IsMultibase(digestMultibase))
                issues.Add(new(StructureCodes.RelatedResource, path + ".digestMultibase", "digestMultibase must be a multibase (u base64url or z base58btc) multihash"));
        }
    }

    private static void CheckOptionalUrl(JsonElement owner, string name, string path, List<ValidationIssue> issues)
    {
        if (!owner.TryGetProperty(name, out var value)) return;
        if (value.ValueKind != JsonValueKind.String || !IsUrl(value.GetString()))
            issues.Add(new(StructureCodes.IdNotUrl, path, $"{path} must be a URL"));
    }

    /// <summary>An absolute URL/URI with a scheme (https:, did:, urn:, data:…), as VC ids must be.</summary>
    public static bool IsUrl(string? text) =>
        !string.IsNullOrEmpty(text) && !text.Any(char.IsWhiteSpace)
        && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0 && text.Contains(':');
}
