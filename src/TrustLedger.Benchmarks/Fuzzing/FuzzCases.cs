using System.Text;
using System.Text.Json.Nodes;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Benchmarks.Fuzzing;

/// <summary>One request to send: where, with which credentials, with what body.</summary>
public sealed record FuzzRequest(FuzzOperation Operation, string Kind, string PathAndQuery, string Auth, string? Body, string? ContentType);

/// <summary>What the cases draw on: the signed-in party, known values, and how to sign a message (null: unsigned).</summary>
public sealed record FuzzContext(string PartyAddress, string EndorsementSchema, Func<JsonObject, string?> SignAttest, Func<JsonObject, string?> SignRevoke);

/// <summary>
/// Cases built from an operation's description: plausible values first (so requests get past the first
/// check), then one mutation each: wrong types, missing and extra fields, huge and negative numbers,
/// large and deeply nested bodies, bad hex and addresses, NUL and other control characters, broken and
/// exotic Unicode, bad cursors, signatures and tokens, with and without a sign-in.
/// </summary>
public sealed class FuzzCases(FuzzContext context, Random random)
{
    private static readonly string[] BadStrings =
    [
        "", "abc", "-1", "0", "1e3", "99999999999999999999999999999999", "-99999999999999999999", "0x", "0xZZ", "0x" + new string('f', 41),
        "0x" + new string('0', 64), "\u0000", "a\u0000b", "\u0007", "\u001b[31m", "é", "😀", "\u202e", "NaN", "Infinity", "true", "null", "[]", "{}",
        "../../etc/passwd", "'; DROP TABLE parties;--", "!!!", "cjE6LTE", "YzF8fA", new string('a', 3000), "0XF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266",
        "0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266", "did:web:example.com", "did:pkh:eip155:1:0xnothex", " ", "\t\n",
    ];

    private static readonly string[] BadTokens =
    [
        "Bearer abc", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIweDAwIn0.", "Bearer " + new string('x', 2000), "Basic dXNlcjpwYXNz", "Bearer", "Bearer a.b.c",
    ];

    public FuzzRequest Next(FuzzOperation op)
    {
        var auth = AuthFor(op);
        var kind = random.Next(10) switch
        {
            < 4 when op.BodySchema is not null => "body",
            < 7 when op.Parameters.Count > 0 => "parameter",
            7 or 8 when op.BodySchema is not null => "whole-body",
            9 => "auth",
            _ => "plausible",
        };
        if (kind == "auth") auth = BadTokens[random.Next(BadTokens.Length)];
        var mutated = kind == "parameter" ? op.Parameters[random.Next(op.Parameters.Count)].Name : null;
        var url = Url(op, mutated);
        var (body, contentType) = op.BodySchema is null ? (null, null) : kind switch
        {
            "body" => (MutateBody(op), "application/json"),
            "whole-body" => WholeBody(op),
            _ => (PlausibleBody(op).ToJsonString(), "application/json"),
        };
        return new FuzzRequest(op, mutated is null ? kind : $"parameter {mutated}", url, auth, body, contentType);
    }

    private string AuthFor(FuzzOperation op) => random.Next(8) switch
    {
        0 => "none",
        1 or 2 when !op.NeedsSignIn => "none",
        3 or 4 => "admin",
        _ => "party",
    };

    private string Url(FuzzOperation op, string? mutated)
    {
        var path = op.Path;
        var query = new List<string>();
        foreach (var p in op.Parameters)
        {
            var value = p.Name == mutated ? BadStrings[random.Next(BadStrings.Length)] : Plausible(p.Name, p.Type, p.Minimum, p.Maximum);
            if (p.In == "path") path = path.Replace("{" + p.Name + "}", value.Length == 0 ? "%20" : Uri.EscapeDataString(value), StringComparison.Ordinal);
            else if (p.In == "query" && (p.Name == mutated || random.Next(3) > 0)) query.Add($"{p.Name}={Uri.EscapeDataString(value)}");
        }
        if (mutated is not null && random.Next(4) == 0) query.Add($"{mutated}=again"); // a repeated parameter
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>A value the endpoint would likely accept, chosen by name and type.</summary>
    private string Plausible(string name, string type, double? min = null, double? max = null)
    {
        var n = name.ToLowerInvariant();
        if (type is "integer" or "number")
        {
            var low = (long)(min ?? 0);
            var high = (long)Math.Min(max ?? 100, low + 100);
            return n.Contains("deadline") ? (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600).ToString() : random.NextInt64(low, high + 1).ToString();
        }
        if (n is "address" or "attester" or "subject" or "revoker" or "holder" or "proposer" or "center" or "counterparty" or "member")
            return random.Next(3) == 0 ? RandomAddress() : context.PartyAddress;
        if (n is "uid" or "id" or "refuid") return Hex.Encode(RandomBytes(32));
        if (n is "rating") return random.Next(1, 6).ToString();
        if (n is "limit") return random.Next(1, 60).ToString();
        if (n is "schema") return random.Next(2) == 0 ? "endorsement" : "reciprocity";
        if (n is "kind" or "category") return "delivery";
        if (n is "did") return $"did:pkh:eip155:31337:{context.PartyAddress}";
        if (n is "deadline") return (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600).ToString();
        if (n is "nonce") return random.NextInt64(1, long.MaxValue).ToString();
        if (n is "data") return "0x" + Convert.ToHexString(RandomBytes(64)).ToLowerInvariant();
        if (n is "epoch" or "expiration") return random.Next(0, 3).ToString();
        return n is "cursor" ? "" : "fuzz";
    }

    private JsonObject PlausibleBody(FuzzOperation op)
    {
        if (IsSignedMessage(op.BodySchema!)) return SignedMessage(op);
        if (op.BodyExample is JsonObject example && random.Next(2) == 0) return (JsonObject)example.DeepClone();
        return (JsonObject)(Plausible(op.BodySchema!, "body", 0) as JsonObject ?? new JsonObject());
    }

    private JsonNode? Plausible(JsonObject schema, string name, int depth) => FuzzDocument.TypeOf(schema) switch
    {
        "object" when depth < 4 => new JsonObject((schema["properties"]?.AsObject() ?? [])
            .Select(p => KeyValuePair.Create(p.Key, p.Value is JsonObject s ? Plausible(s, p.Key, depth + 1) : null))),
        "array" => new JsonArray(schema["items"] is JsonObject items ? Plausible(items, name, depth + 1) : "x"),
        "integer" => random.Next(1, 3600),
        "number" => Math.Round(random.NextDouble(), 2),
        "boolean" => random.Next(2) == 0,
        "string" => name.ToLowerInvariant() switch
        {
            "amount" or "epochcap" or "budget" or "memberepochcap" => "12.5",
            "symbol" => "FZ" + random.Next(1000),
            "recipients" => "both",
            "website" => "https://fuzz.example",
            "format" => "eip712",
            "signature" => "0x" + Convert.ToHexString(RandomBytes(65)).ToLowerInvariant(),
            var other => Plausible(other, "string"),
        },
        _ => new JsonObject { ["id"] = "urn:fuzz:1", ["type"] = "VerifiableCredential" },
    };

    private static bool IsSignedMessage(JsonObject schema) =>
        schema["properties"]?["message"] is JsonObject m && FuzzDocument.TypeOf(m) == "any" && schema["properties"]?["signature"] is not null;

    /// <summary>An Attest (or Revoke) message; signed by the party a third of the time, so later checks are reached too.</summary>
    private JsonObject SignedMessage(FuzzOperation op)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var revoke = op.Path.EndsWith("/revoke", StringComparison.Ordinal) && op.Path.Contains("attestations", StringComparison.Ordinal);
        JsonObject message = revoke
            ? new() { ["revoker"] = context.PartyAddress, ["uid"] = Hex.Encode(RandomBytes(32)), ["nonce"] = random.NextInt64(1, long.MaxValue).ToString(), ["deadline"] = (now + 3600).ToString() }
            : new()
            {
                ["attester"] = context.PartyAddress, ["schema"] = context.EndorsementSchema, ["subject"] = RandomAddress(), ["expiration"] = "0",
                ["refUID"] = "0x" + new string('0', 64), ["nonce"] = random.NextInt64(1, long.MaxValue).ToString(),
                ["data"] = random.Next(2) == 0 ? EndorsementData() : "0x" + Convert.ToHexString(RandomBytes(96)).ToLowerInvariant(),
                ["deadline"] = (now + 3600).ToString(),
            };
        var signature = random.Next(3) == 0 ? (revoke ? context.SignRevoke(message) : context.SignAttest(message)) : null;
        return new JsonObject { ["message"] = message, ["signature"] = signature ?? "0x" + Convert.ToHexString(RandomBytes(65)).ToLowerInvariant() };
    }

    /// <summary>A plausible body with one member (at any depth) replaced, removed, or one added.</summary>
    private string MutateBody(FuzzOperation op)
    {
        var body = PlausibleBody(op);
        var holders = new List<(JsonObject Parent, string Key)>();
        void Collect(JsonObject o) { foreach (var (k, v) in o) { holders.Add((o, k)); if (v is JsonObject child) Collect(child); } }
        Collect(body);
        const string Raw = "__fuzz_raw__";
        string? raw = null;
        if (holders.Count == 0 || random.Next(6) == 0) body["extra" + random.Next(100)] = BadStrings[random.Next(BadStrings.Length)];
        else
        {
            var (parent, key) = holders[random.Next(holders.Count)];
            switch (random.Next(9))
            {
                case 0: parent.Remove(key); break;
                case 1: parent[key] = null; break;
                case 2: parent[key] = BadStrings[random.Next(BadStrings.Length)]; break;
                case 3: parent[key] = random.Next(2) == 0 ? long.MaxValue : -1; break;
                case 4: parent[key] = new JsonArray(1, "two", null); break;
                case 5: parent[key] = new JsonObject { ["nested"] = true }; break;
                case 6: parent[key] = Raw; raw = random.Next(3) switch { 0 => "1e400", 1 => "\"\\ud800x\"", _ => "-0.0000000000000000000000001" }; break;
                case 7: parent[key] = Raw; raw = Deep(random.Next(50, 300)); break;
                default: parent[key] = new string('a', random.Next(1000, 200_000)); break;
            }
        }
        var text = body.ToJsonString();
        return raw is null ? text : text.Replace($"\"{Raw}\"", raw, StringComparison.Ordinal);
    }

    private (string? Body, string? ContentType) WholeBody(FuzzOperation op) => random.Next(11) switch
    {
        0 => ("{not json", "application/json"),
        1 => ("", "application/json"),
        2 => ("null", "application/json"),
        3 => ("[1,2,3]", "application/json"),
        4 => ("\"just a string\"", "application/json"),
        5 => (Deep(random.Next(65, 2000)), "application/json"),
        6 => ("{\"a\":\"" + new string('a', 300_000) + "\"}", "application/json"),
        7 => (PlausibleBody(op).ToJsonString(), "text/plain"),
        8 => ("{\"a\":1,\"a\":2}", "application/json"),
        9 => (Encoding.Latin1.GetString([0xff, 0xfe, 0x7b, 0x7d]), "application/json"),
        _ => (null, null),
    };

    /// <summary>A valid endorsement payload, so that some signed requests are accepted and relayed.</summary>
    private string EndorsementData() => Hex.Encode(ProductSchemas.Endorsement.Parsed.Encode(
        (byte)random.Next(1, 6), ProductSchemas.ToBytes32("fuzz")!, BadStrings[random.Next(BadStrings.Length)]));

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private string RandomAddress() => Hex.Encode(RandomBytes(20));

    private byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        random.NextBytes(bytes);
        return bytes;
    }
}
