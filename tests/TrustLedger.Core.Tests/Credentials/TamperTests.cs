using System.Text;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>Every signed member, changed, added or removed, must make verification fail at the signature check.</summary>
public class TamperTests
{
    private static readonly CredentialVerifier Verifier = TestIssuers.Verifier();

    /// <summary>Each leaf of the JSON tree with a setter that changes it, plus an "added member" and "removed member" variant per object.</summary>
    internal static IEnumerable<(string Path, Func<JsonObject, JsonObject> Tamper)> Mutations(JsonObject original)
    {
        var paths = new List<List<object>>();
        Collect(original, [], paths);
        foreach (var path in paths)
        {
            string name = string.Join(".", path);
            yield return (name, doc => { var copy = (JsonObject)doc.DeepClone(); Change(copy, path); return copy; });
        }
        var objects = new List<List<object>>();
        CollectObjects(original, [], objects);
        foreach (var path in objects)
        {
            string name = string.Join(".", path);
            yield return (name + ".+added", doc => { var copy = (JsonObject)doc.DeepClone(); ((JsonObject)Resolve(copy, path))["unsignedExtra"] = "x"; return copy; });
        }
    }

    private static void Collect(JsonNode node, List<object> path, List<List<object>> found)
    {
        switch (node)
        {
            case JsonObject o: foreach (var (k, v) in o) Collect(v!, [.. path, k], found); break;
            case JsonArray a: for (int i = 0; i < a.Count; i++) Collect(a[i]!, [.. path, i], found); break;
            default: found.Add(path); break;
        }
    }

    private static void CollectObjects(JsonNode node, List<object> path, List<List<object>> found)
    {
        switch (node)
        {
            case JsonObject o:
                found.Add(path);
                foreach (var (k, v) in o) CollectObjects(v!, [.. path, k], found);
                break;
            case JsonArray a: for (int i = 0; i < a.Count; i++) CollectObjects(a[i]!, [.. path, i], found); break;
        }
    }

    private static JsonNode Resolve(JsonNode root, List<object> path) =>
        path.Aggregate(root, (node, step) => step is int i ? node[i]! : node[(string)step]!);

    private static void Change(JsonNode root, List<object> path)
    {
        var parent = Resolve(root, path[..^1]);
        var leaf = Resolve(root, path).AsValue();
        JsonNode replacement = leaf.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => ChangeString(leaf.GetValue<string>()),
            System.Text.Json.JsonValueKind.Number => long.Parse(leaf.ToJsonString()) + 1,
            System.Text.Json.JsonValueKind.True => false,
            _ => true,
        };
        if (path[^1] is int index) parent[index] = replacement; else parent[(string)path[^1]] = replacement;
    }

    // Hex stays hex (so a signature tamper is a wrong signature, not a parse error); other text gets one more character.
    private static string ChangeString(string text) =>
        text.StartsWith("0x") && text.Length > 3 ? text[..^1] + (text[^1] == '0' ? '1' : '0') : text + "x";

    [Theory]
    [MemberData(nameof(Eip712CredentialTests.Kinds), MemberType = typeof(Eip712CredentialTests))]
    public async Task Eip712_AnyMemberChangedOrAdded_FailsTheSignatureCheck(string kind)
    {
        var issuer = kind == "ethr-issuer" ? TestIssuers.Ethr : TestIssuers.Pkh;
        var signed = CredentialIssuer.IssueEip712(Eip712CredentialTests.Build(kind), issuer, TestIssuers.Now).VerifiableCredential;
        Assert.True((await Verifier.VerifyAsync(TestIssuers.Element(signed), TestIssuers.Options(), TestContext.Current.CancellationToken)).Verified);
        int count = 0;
        foreach (var (path, tamper) in Mutations(signed))
        {
            var result = await Verifier.VerifyAsync(TestIssuers.Element(tamper(signed)), TestIssuers.Options(), TestContext.Current.CancellationToken);
            Assert.False(result.Verified, $"tampering {path} went unnoticed");
            Assert.True(result[VerificationCheck.Names.Signature]!.Outcome == CheckOutcome.Failed, $"tampering {path}: signature check {result[VerificationCheck.Names.Signature]}");
            count++;
        }
        Assert.True(count > 60, $"only {count} mutations");
    }

    [Fact]
    public async Task Eip712_MemberRemoved_FailsTheSignatureCheck()
    {
        var signed = CredentialIssuer.IssueEip712(TestIssuers.Reputation(TestIssuers.Pkh), TestIssuers.Pkh, TestIssuers.Now).VerifiableCredential;
        foreach (var member in new[] { "validFrom", "credentialStatus", "id" })
        {
            var copy = (JsonObject)signed.DeepClone();
            copy.Remove(member);
            var result = await Verifier.VerifyAsync(TestIssuers.Element(copy), TestIssuers.Options(), TestContext.Current.CancellationToken);
            Assert.Equal(SignatureCodes.Invalid, result[VerificationCheck.Names.Signature]!.Code);
        }
        var subject = (JsonObject)signed.DeepClone();
        subject["credentialSubject"]!.AsObject().Remove("merkleProof");
        Assert.Equal(SignatureCodes.Invalid, (await Verifier.VerifyAsync(TestIssuers.Element(subject), TestIssuers.Options(), TestContext.Current.CancellationToken))[VerificationCheck.Names.Signature]!.Code);
    }

    [Theory]
    [InlineData("reciprocity")]
    [InlineData("reputation")]
    public async Task Jws_AnyPayloadMemberChangedOrAdded_FailsTheSignatureCheck(string kind)
    {
        var credential = Eip712CredentialTests.Build(kind);
        string jws = CredentialIssuer.IssueJwt(credential, TestIssuers.Pkh).Jws!;
        var parts = jws.Split('.');
        int count = 0;
        foreach (var (path, tamper) in Mutations(credential))
        {
            string payload = Base64Url.Encode(Encoding.UTF8.GetBytes(tamper(credential).ToJsonString()));
            var result = await Verifier.VerifyAsync($"{parts[0]}.{payload}.{parts[2]}", TestIssuers.Options(), TestContext.Current.CancellationToken);
            Assert.False(result.Verified, $"tampering {path} went unnoticed");
            Assert.Equal(CheckOutcome.Failed, result[VerificationCheck.Names.Signature]!.Outcome);
            count++;
        }
        Assert.True(count > 20);
    }

    [Fact]
    public async Task Jws_HeaderOrSignatureChanged_Fails()
    {
        string jws = CredentialIssuer.IssueJwt(TestIssuers.Endorsement(TestIssuers.Pkh), TestIssuers.Pkh).Jws!;
        var parts = jws.Split('.');
        var header = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[0]))))!.AsObject();
        header["cty"] = "vc+ld+json"; // any header change alters the signing input
        string changedHeader = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var signature = Convert.FromBase64String(Pad(parts[2].Replace('-', '+').Replace('_', '/')));
        signature[10] ^= 1;
        foreach (var tampered in new[] { $"{changedHeader}.{parts[1]}.{parts[2]}", $"{parts[0]}.{parts[1]}.{Base64Url.Encode(signature)}" })
        {
            var result = await Verifier.VerifyAsync(tampered, TestIssuers.Options(), TestContext.Current.CancellationToken);
            Assert.Equal(SignatureCodes.Invalid, result[VerificationCheck.Names.Signature]!.Code);
        }
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
}
