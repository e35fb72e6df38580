using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TrustLedger.Core.Credentials.Validation;

namespace TrustLedger.Core.Credentials.Schemas;

/// <summary>
/// The part of JSON Schema 2020-12 our credential schemas use: type, const, enum, required,
/// properties, additionalProperties, items, contains, min/maxItems, min/maxLength, pattern,
/// minimum/maximum, format date-time and uri. Any other keyword is reported as unsupported (fail
/// closed) rather than silently ignored.
/// </summary>
public static class JsonSchemaSubset
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description"];

    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "", errors);
        return errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        string at = path.Length == 0 ? "(credential)" : path;
        foreach (var keyword in schema.EnumerateObject())
        {
            var rule = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    if (!HasType(value, rule)) errors.Add($"{at}: must be {rule.GetRawText()}");
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(rule, value)) errors.Add($"{at}: must be {rule.GetRawText()}");
                    break;
                case "enum":
                    if (!rule.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value))) errors.Add($"{at}: must be one of {rule.GetRawText()}");
                    break;
                case "required" when value.ValueKind == JsonValueKind.Object:
                    foreach (var name in rule.EnumerateArray())
                        if (!value.TryGetProperty(name.GetString()!, out _)) errors.Add($"{Join(path, name.GetString()!)}: is required");
                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    foreach (var property in rule.EnumerateObject())
                        if (value.TryGetProperty(property.Name, out var member)) Check(property.Value, member, Join(path, property.Name), errors);
                    break;
                case "additionalProperties" when value.ValueKind == JsonValueKind.Object:
                    var declared = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
                    foreach (var member in value.EnumerateObject().Where(m => !declared.Contains(m.Name)))
                    {
                        if (rule.ValueKind == JsonValueKind.False) errors.Add($"{Join(path, member.Name)}: is not allowed");
                        else if (rule.ValueKind == JsonValueKind.Object) Check(rule, member.Value, Join(path, member.Name), errors);
                    }
                    break;
                case "items" when value.ValueKind == JsonValueKind.Array:
                    int index = 0;
                    foreach (var item in value.EnumerateArray()) Check(rule, item, $"{path}[{index++}]", errors);
                    break;
                case "contains" when value.ValueKind == JsonValueKind.Array:
                    if (!value.EnumerateArray().Any(item => Validate(rule, item).Count == 0)) errors.Add($"{at}: contains no matching item");
                    break;
                case "minItems" when value.ValueKind == JsonValueKind.Array:
                    if (value.GetArrayLength() < rule.GetInt32()) errors.Add($"{at}: needs at least {rule.GetInt32()} items");
                    break;
                case "maxItems" when value.ValueKind == JsonValueKind.Array:
                    if (value.GetArrayLength() > rule.GetInt32()) errors.Add($"{at}: allows at most {rule.GetInt32()} items");
                    break;
                case "minLength" when value.ValueKind == JsonValueKind.String:
                    if (value.GetString()!.Length < rule.GetInt32()) errors.Add($"{at}: is shorter than {rule.GetInt32()}");
                    break;
                case "maxLength" when value.ValueKind == JsonValueKind.String:
                    if (value.GetString()!.Length > rule.GetInt32()) errors.Add($"{at}: is longer than {rule.GetInt32()}");
                    break;
                case "pattern" when value.ValueKind == JsonValueKind.String:
                    if (!Regex.IsMatch(value.GetString()!, rule.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
                        errors.Add($"{at}: does not match {rule.GetString()}");
                    break;
                case "minimum" when value.ValueKind == JsonValueKind.Number:
                    if (value.GetDecimal() < rule.GetDecimal()) errors.Add($"{at}: is below {rule.GetDecimal().ToString(CultureInfo.InvariantCulture)}");
                    break;
                case "maximum" when value.ValueKind == JsonValueKind.Number:
                    if (value.GetDecimal() > rule.GetDecimal()) errors.Add($"{at}: is above {rule.GetDecimal().ToString(CultureInfo.InvariantCulture)}");
                    break;
                case "format" when value.ValueKind == JsonValueKind.String:
                    if (!FormatHolds(rule.GetString()!, value.GetString()!)) errors.Add($"{at}: is not a {rule.GetString()}");
                    break;
                case "required" or "properties" or "additionalProperties" or "items" or "contains" or "minItems" or "maxItems"
                    or "minLength" or "maxLength" or "pattern" or "minimum" or "maximum" or "format":
                    break; // applies to another JSON kind than this value's
                default:
                    if (!Annotations.Contains(keyword.Name)) errors.Add($"{at}: schema keyword {keyword.Name} is not supported here");
                    break;
            }
        }
    }

    private static bool HasType(JsonElement value, JsonElement rule) => rule.ValueKind == JsonValueKind.Array
        ? rule.EnumerateArray().Any(t => HasType(value, t.GetString()!))
        : HasType(value, rule.GetString()!);

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static bool FormatHolds(string format, string text) => format switch
    {
        "date-time" => XmlDateTime.TryParse(text, requireTimezone: true, out _),
        "uri" => CredentialValidator.IsUrl(text),
        _ => true, // formats are annotations unless asserted; we assert only the two above
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
