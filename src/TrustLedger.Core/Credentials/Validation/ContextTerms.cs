using System.Collections.Frozen;
using System.Text.Json;
using TrustLedger.Core.Credentials.Contexts;

namespace TrustLedger.Core.Credentials.Validation;

/// <summary>
/// What a JSON-LD processor would refuse in a credential's @context and type, without a JSON-LD
/// library (none is on NuGet here): inline context objects may map terms only to absolute IRIs,
/// compact IRIs or keywords, may not redefine a protected term of the base context (VC DM 2.0 §5.2.1;
/// an identical definition is allowed, as JSON-LD 1.1 allows it), and @vocab must be an IRI or null;
/// every type value must be, or map through the active contexts to, a URL (§4.5). Contexts named
/// by URL contribute the terms of our local copy; a URL we do not hold is the context check's failure.
/// </summary>
internal sealed class ContextTerms
{
    private static readonly FrozenDictionary<string, JsonElement> Protected = TermsOf(VcConstants.CredentialsV2Context).ToFrozenDictionary();

    private readonly Dictionary<string, bool> _terms = new(StringComparer.Ordinal); // term -> maps to something (false: unmapped with null)
    private bool _vocab;
    private bool _unknownContext;

    public static ContextTerms Read(JsonElement context, CredentialUrls urls, List<ValidationIssue> issues)
    {
        var terms = new ContextTerms();
        var entries = context.ValueKind == JsonValueKind.Array ? context.EnumerateArray().ToList() : [context];
        for (int i = 0; i < entries.Count; i++)
        {
            string path = context.ValueKind == JsonValueKind.Array ? $"@context[{i}]" : "@context";
            if (entries[i].ValueKind == JsonValueKind.String) terms.AddUrl(entries[i].GetString()!, urls);
            else if (entries[i].ValueKind == JsonValueKind.Object) terms.AddInline(entries[i], path, issues);
        }
        return terms;
    }

    /// <summary>True when <paramref name="type"/> is a URL or a term the active contexts map (or an @vocab covers).</summary>
    public bool Maps(string type)
    {
        if (_terms.TryGetValue(type, out bool mapped)) return mapped;
        if (type.Contains(':')) return CredentialValidator.IsUrl(type);
        return _vocab || _unknownContext;
    }

    private void AddUrl(string url, CredentialUrls urls)
    {
        if (!ContextCache.TryGet(url, urls, out var bytes)) { _unknownContext = true; return; }
        // The published VC 2.0 context maps any other term through "@vocab": ".../issuer-dependent#" (our
        // shipped copy, from credentials-context 3.2.0, predates it); only an inline "@vocab": null unmaps them.
        if (url == VcConstants.CredentialsV2Context) _vocab = true;
        using var document = JsonDocument.Parse(bytes);
        if (document.RootElement.TryGetProperty("@context", out var definitions) && definitions.ValueKind == JsonValueKind.Object) AddDefinitions(definitions);
    }

    private void AddDefinitions(JsonElement definitions)
    {
        foreach (var term in definitions.EnumerateObject())
        {
            if (term.Name == "@vocab") { _vocab = term.Value.ValueKind == JsonValueKind.String; continue; }
            if (term.Name.StartsWith('@')) continue;
            _terms[term.Name] = term.Value.ValueKind != JsonValueKind.Null;
            // Type-scoped contexts (VerifiableCredential's, proof types') define terms used inside those objects.
            if (term.Value.ValueKind == JsonValueKind.Object && term.Value.TryGetProperty("@context", out var scoped) && scoped.ValueKind == JsonValueKind.Object)
                AddDefinitions(scoped);
        }
    }

    private void AddInline(JsonElement definitions, string path, List<ValidationIssue> issues)
    {
        foreach (var term in definitions.EnumerateObject())
        {
            string at = $"{path}.{term.Name}";
            if (term.Name == "@vocab")
            {
                if (term.Value.ValueKind == JsonValueKind.Null) _vocab = false;
                else if (term.Value.ValueKind == JsonValueKind.String && CredentialValidator.IsUrl(term.Value.GetString())) _vocab = true;
                else issues.Add(new(StructureCodes.ContextTerm, at, "@vocab must be an absolute IRI or null"));
                continue;
            }
            if (term.Name.StartsWith('@')) continue;
            if (Protected.TryGetValue(term.Name, out var original) && !JsonElement.DeepEquals(original, term.Value))
            {
                issues.Add(new(StructureCodes.ContextTerm, at, $"{term.Name} is a protected term of {VcConstants.CredentialsV2Context} and may not be redefined"));
                continue;
            }
            string? target = term.Value.ValueKind switch
            {
                JsonValueKind.String => term.Value.GetString(),
                JsonValueKind.Object when term.Value.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
                JsonValueKind.Object when term.Name.Contains(':') => term.Name, // a compact IRI term may leave @id out
                JsonValueKind.Null => null,
                _ => "",
            };
            if (term.Value.ValueKind == JsonValueKind.Null) { _terms[term.Name] = false; continue; }
            if (target is null || !(target.StartsWith('@') || CredentialValidator.IsUrl(target) || _terms.ContainsKey(target)))
            {
                issues.Add(new(StructureCodes.ContextTerm, at, $"{term.Name} must map to an absolute IRI, a compact IRI or a keyword, not '{target}'"));
                continue;
            }
            _terms[term.Name] = true;
        }
    }

    private static IEnumerable<KeyValuePair<string, JsonElement>> TermsOf(string url)
    {
        using var document = ContextCache.Parse(url);
        foreach (var term in document.RootElement.GetProperty("@context").EnumerateObject())
            if (!term.Name.StartsWith('@')) yield return new(term.Name, term.Value.Clone());
    }
}
