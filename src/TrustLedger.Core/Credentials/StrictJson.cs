using System.Text.Json;

namespace TrustLedger.Core.Credentials;

/// <summary>
/// JSON parsing for signed documents: duplicate member names are refused, because a signer and a
/// reader that pick different duplicates would see different credentials.
/// </summary>
public static class StrictJson
{
    public static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static bool TryParse(ReadOnlyMemory<byte> utf8, out JsonElement value)
    {
        value = default;
        try
        {
            using var document = JsonDocument.Parse(utf8, Options);
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException) { return false; }
    }

    public static bool TryParse(string text, out JsonElement value)
    {
        value = default;
        try
        {
            using var document = JsonDocument.Parse(text, Options);
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException) { return false; }
    }
}
