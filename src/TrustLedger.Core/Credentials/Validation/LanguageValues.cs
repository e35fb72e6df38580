using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrustLedger.Core.Credentials.Validation;

/// <summary>
/// VC Data Model 2.0 §11.1 (Language and Base Direction): name and description, of the credential and
/// of its issuer, are each a string, a language value object {"@value", "@language"?, "@direction"?}
/// with nothing else in it, or an array of those (one per language).
/// </summary>
public static partial class LanguageValues
{
    // BCP 47 well-formedness in outline: a 2-3 letter (or 4-8) primary subtag and 1-8 alphanumeric subtags.
    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    public static void Check(JsonElement owner, string ownerPath, List<ValidationIssue> issues)
    {
        if (owner.ValueKind != JsonValueKind.Object) return;
        foreach (var name in (string[])["name", "description"])
        {
            if (!owner.TryGetProperty(name, out var value)) continue;
            string path = ownerPath.Length == 0 ? name : $"{ownerPath}.{name}";
            if (value.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var item in value.EnumerateArray()) CheckOne(item, $"{path}[{i++}]", issues);
                if (i == 0) issues.Add(new(StructureCodes.LanguageValue, path, $"{path} must not be an empty array"));
            }
            else CheckOne(value, path, issues);
        }
    }

    private static void CheckOne(JsonElement value, string path, List<ValidationIssue> issues)
    {
        if (value.ValueKind == JsonValueKind.String) return;
        if (value.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new(StructureCodes.LanguageValue, path, $"{path} must be a string or a language value object"));
            return;
        }
        foreach (var member in value.EnumerateObject())
        {
            switch (member.Name)
            {
                case "@value" when member.Value.ValueKind != JsonValueKind.String:
                    issues.Add(new(StructureCodes.LanguageValue, path + ".@value", "@value must be a string")); break;
                case "@language" when member.Value.ValueKind != JsonValueKind.String || !LanguageTag().IsMatch(member.Value.GetString()!):
                    issues.Add(new(StructureCodes.LanguageValue, path + ".@language", "@language must be a well-formed BCP 47 language tag")); break;
                case "@direction" when member.Value.ValueKind != JsonValueKind.String || member.Value.GetString() is not ("ltr" or "rtl"):
                    issues.Add(new(StructureCodes.LanguageValue, path + ".@direction", "@direction must be ltr or rtl")); break;
                case "@value" or "@language" or "@direction": break;
                default:
                    issues.Add(new(StructureCodes.LanguageValue, $"{path}.{member.Name}", "a language value object holds only @value, @language and @direction")); break;
            }
        }
        if (!value.TryGetProperty("@value", out _)) issues.Add(new(StructureCodes.LanguageValue, path + ".@value", "a language value object needs @value"));
    }
}
