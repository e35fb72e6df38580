using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.SdJwt;

/// <summary>
/// The compact SD-JWT serialization (RFC 9901 section 4): <c>&lt;issuer-signed JWT&gt;~&lt;disclosure&gt;~...~&lt;KB-JWT or nothing&gt;</c>.
/// </summary>
public sealed record SdJwtParts(string IssuerJwt, IReadOnlyList<string> Disclosures, string? KeyBindingJwt)
{
    /// <summary>Everything the KB-JWT's sd_hash covers: the SD-JWT up to and including the last '~'.</summary>
    public string WithoutKeyBinding => IssuerJwt + "~" + string.Concat(Disclosures.Select(d => d + "~"));

    /// <summary>base64url(SHA-256) of <see cref="WithoutKeyBinding"/>, which the holder's KB-JWT must name.</summary>
    public string SdHash => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(WithoutKeyBinding)));

    public override string ToString() => WithoutKeyBinding + (KeyBindingJwt ?? "");

    public static bool TryParse(string? text, out SdJwtParts? parts, out string error)
    {
        parts = null;
        error = "";
        if (string.IsNullOrEmpty(text) || !text.Contains('~')) { error = "an SD-JWT is <JWT>~<disclosures>~[<KB-JWT>]: no '~' found"; return false; }
        var pieces = text.Split('~');
        if (pieces[0].Length == 0) { error = "the issuer-signed JWT is missing"; return false; }
        var disclosures = pieces[1..^1];
        if (disclosures.Any(d => d.Length == 0)) { error = "an empty disclosure (two '~' in a row)"; return false; }
        parts = new(pieces[0], disclosures, pieces[^1].Length > 0 ? pieces[^1] : null);
        return true;
    }
}

/// <summary>
/// Rebuilds the disclosed claims from the issuer's payload and the disclosures presented (RFC 9901
/// section 7.1): every digest in an <c>_sd</c> array or an array element <c>{"...": digest}</c> is
/// replaced by its disclosure, recursively; digests without a disclosure (withheld or decoys)
/// disappear. Refused: a digest that appears twice, a disclosure presented twice or referenced
/// nowhere, a member disclosed over one that exists, an array disclosure in an object or the reverse.
/// </summary>
public static class SdJwtClaims
{
    public sealed class ReconstructionException(string message) : Exception(message);

    public static bool TryReconstruct(JsonElement payload, IReadOnlyList<Disclosure> disclosures, out JsonObject? claims, out string error)
    {
        claims = null;
        error = "";
        var byDigest = new Dictionary<string, Disclosure>(StringComparer.Ordinal);
        foreach (var disclosure in disclosures)
            if (!byDigest.TryAdd(disclosure.Digest, disclosure)) { error = "the same disclosure is presented twice"; return false; }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            claims = (JsonObject)Walk(JsonNode.Parse(payload.GetRawText())!, byDigest, seen, used)!;
            claims.Remove("_sd_alg");
        }
        catch (ReconstructionException e)
        {
            error = e.Message;
            return false;
        }
        if (disclosures.FirstOrDefault(d => !used.Contains(d.Digest)) is { } stray)
        {
            error = $"a disclosure ({(stray.Name is null ? "array element" : stray.Name)}) matches no digest in the SD-JWT";
            claims = null;
            return false;
        }
        return true;
    }

    private static JsonNode? Walk(JsonNode? node, Dictionary<string, Disclosure> byDigest, HashSet<string> seen, HashSet<string> used) => node switch
    {
        JsonObject obj => WalkObject(obj, byDigest, seen, used),
        JsonArray array => WalkArray(array, byDigest, seen, used),
        _ => node,
    };

    private static JsonObject WalkObject(JsonObject obj, Dictionary<string, Disclosure> byDigest, HashSet<string> seen, HashSet<string> used)
    {
        var result = new JsonObject();
        foreach (var (name, value) in obj.ToList())
            if (name != "_sd") result[name] = Walk(value?.DeepClone(), byDigest, seen, used);
        if (obj["_sd"] is null) return result;
        if (obj["_sd"] is not JsonArray digests) throw new ReconstructionException("_sd must be an array of digests");
        foreach (var item in digests)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var digest)) throw new ReconstructionException("_sd must hold digest strings");
            Claim(digest, seen);
            if (!byDigest.TryGetValue(digest, out var disclosure)) continue; // withheld, or a decoy
            if (disclosure.Name is null) throw new ReconstructionException("an array-element disclosure is referenced from an object's _sd");
            if (result.ContainsKey(disclosure.Name)) throw new ReconstructionException($"the disclosed member {disclosure.Name} exists already");
            used.Add(digest);
            result[disclosure.Name] = Walk(JsonNode.Parse(disclosure.Value.GetRawText()), byDigest, seen, used);
        }
        return result;
    }

    private static JsonArray WalkArray(JsonArray array, Dictionary<string, Disclosure> byDigest, HashSet<string> seen, HashSet<string> used)
    {
        var result = new JsonArray();
        foreach (var element in array)
        {
            if (element is JsonObject { Count: 1 } placeholder && placeholder.ContainsKey("..."))
            {
                if (placeholder["..."] is not JsonValue v || !v.TryGetValue<string>(out var digest)) throw new ReconstructionException("\"...\" must be a digest string");
                Claim(digest, seen);
                if (!byDigest.TryGetValue(digest, out var disclosure)) continue;
                if (disclosure.Name is not null) throw new ReconstructionException("an object-member disclosure is referenced from an array element");
                used.Add(digest);
                result.Add(Walk(JsonNode.Parse(disclosure.Value.GetRawText()), byDigest, seen, used));
            }
            else result.Add(Walk(element?.DeepClone(), byDigest, seen, used));
        }
        return result;
    }

    private static void Claim(string digest, HashSet<string> seen)
    {
        if (!seen.Add(digest)) throw new ReconstructionException("a digest appears more than once in the SD-JWT");
    }
}
