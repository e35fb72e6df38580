namespace TrustLedger.Core.Credentials.Validation;

/// <summary>One broken data-model rule: a stable code (see <see cref="StructureCodes"/>), the JSON path and a human sentence.</summary>
public sealed record ValidationIssue(string Code, string Path, string Message);

/// <summary>Codes of the structure check; stable, clients may switch on them.</summary>
public static class StructureCodes
{
    public const string Ok = "structure.ok";
    public const string Malformed = "structure.malformed";
    public const string Context = "structure.context";
    public const string Type = "structure.type";
    public const string Issuer = "structure.issuer";
    public const string Subject = "structure.subject";
    public const string DateTime = "structure.datetime";
    public const string ValidityRange = "structure.validity_range";
    public const string IdNotUrl = "structure.id_not_url";
    public const string MissingType = "structure.missing_type";
    public const string Schema = "structure.schema";
    public const string RelatedResource = "structure.related_resource";
    /// <summary>name or description (of the credential or its issuer) that is neither a string nor a language value object (§11.1).</summary>
    public const string LanguageValue = "structure.language_value";
    /// <summary>An inline @context term mapped to something that is not an IRI, a redefined protected term, or a bad @vocab (§5.2.1).</summary>
    public const string ContextTerm = "structure.context_term";
    /// <summary>A type value that is not a URL and that no active context maps to one (§4.5).</summary>
    public const string TypeUnmapped = "structure.type_unmapped";
    /// <summary>An enveloped credential or presentation without the base @context, its exact type or a data: URL id (§4.13.2).</summary>
    public const string Envelope = "structure.envelope";
}
