using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Contexts;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

public class ModelTests
{
    private static IReadOnlyList<ValidationIssue> Validate(string json) => CredentialValidator.Validate(JsonDocument.Parse(json).RootElement);

    private const string Minimal = """
        {"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
         "issuer":"did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a","credentialSubject":{"name":"x"}}
        """;

    private static string With(string member, string value)
    {
        var node = JsonNode.Parse(Minimal)!.AsObject();
        node[member] = JsonNode.Parse(value);
        return node.ToJsonString();
    }

    [Fact]
    public void Minimal_Vc20_HasNoIssues() => Assert.Empty(Validate(Minimal));

    [Theory]
    [InlineData("@context", "[\"https://www.w3.org/2018/credentials/examples/v1\",\"https://www.w3.org/ns/credentials/v2\"]", StructureCodes.Context)]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", 5]", StructureCodes.Context)]
    [InlineData("type", "\"VerifiableCredential\"", null)]
    [InlineData("type", "[\"X\"]", StructureCodes.Type)]
    [InlineData("type", "[]", StructureCodes.Type)]
    [InlineData("issuer", "{\"id\":\"https://issuer.example\",\"name\":\"Acme\"}", null)]
    [InlineData("issuer", "\"not a url\"", StructureCodes.IdNotUrl)]
    [InlineData("issuer", "42", StructureCodes.Issuer)]
    [InlineData("credentialSubject", "[{\"id\":\"did:example:1\"},{\"id\":\"did:example:2\"}]", null)]
    [InlineData("credentialSubject", "{}", StructureCodes.Subject)]
    [InlineData("credentialSubject", "{\"id\":\"no url\"}", StructureCodes.IdNotUrl)]
    [InlineData("validFrom", "\"2026-01-01T00:00:00Z\"", null)]
    [InlineData("validFrom", "\"2026-01-01T00:00:00.123+02:00\"", null)]
    [InlineData("validFrom", "\"2026-01-01T00:00:00\"", StructureCodes.DateTime)]   // VC 2.0 needs a time zone
    [InlineData("validUntil", "\"yesterday\"", StructureCodes.DateTime)]
    [InlineData("credentialStatus", "{\"id\":\"https://s.example/1\"}", StructureCodes.MissingType)]
    [InlineData("credentialStatus", "[{\"type\":\"BitstringStatusListEntry\"}]", null)]
    [InlineData("evidence", "[{\"id\":\"https://e.example/1\"}]", StructureCodes.MissingType)]
    [InlineData("refreshService", "{\"id\":\"https://r.example\"}", StructureCodes.MissingType)]
    [InlineData("termsOfUse", "{\"id\":\"https://t.example\"}", StructureCodes.MissingType)]
    [InlineData("credentialSchema", "{\"type\":\"JsonSchema\"}", StructureCodes.Schema)]
    [InlineData("credentialSchema", "{\"id\":\"https://s.example/schema.json\"}", StructureCodes.MissingType)]
    [InlineData("relatedResource", "[{\"id\":\"https://x.example/a\",\"digestSRI\":\"sha384-VKWbnyKwuAiA2EJ+VIt8I6vYc0huHwNdzpzWl+hRdQM8qojm1XvDXvrgta/TFF8x\"}]", null)]
    [InlineData("relatedResource", "[{\"id\":\"https://x.example/a\",\"digestSRI\":\"sha384-abc\"}]", StructureCodes.RelatedResource)]
    [InlineData("relatedResource", "[{\"id\":\"https://x.example/a\"}]", StructureCodes.RelatedResource)]
    [InlineData("relatedResource", "[{\"digestSRI\":\"sha384-abc\"}]", StructureCodes.RelatedResource)]
    [InlineData("relatedResource", "[{\"id\":\"https://x.example/a\",\"digestSRI\":\"s\"},{\"id\":\"https://x.example/a\",\"digestSRI\":\"s\"}]", StructureCodes.RelatedResource)]
    // §11.1 language value objects: name and description of the credential and of its issuer
    [InlineData("name", "\"Supplier credential\"", null)]
    [InlineData("name", "{\"@value\":\"Supplier credential\",\"@language\":\"en\"}", null)]
    [InlineData("name", "{\"@value\":\"شهادة\",\"@language\":\"ar-EG\",\"@direction\":\"rtl\"}", null)]
    [InlineData("name", "[{\"@value\":\"Supplier\",\"@language\":\"en\"},{\"@value\":\"Fournisseur\",\"@language\":\"fr\"}]", null)]
    [InlineData("name", "{\"@value\":\"Supplier\",\"@language\":\"en\",\"extra\":\"x\"}", StructureCodes.LanguageValue)]
    [InlineData("name", "{\"@value\":\"Supplier\",\"@direction\":\"up\"}", StructureCodes.LanguageValue)]
    [InlineData("name", "{\"@value\":\"Supplier\",\"@language\":\"not a tag\"}", StructureCodes.LanguageValue)]
    [InlineData("name", "{\"@language\":\"en\"}", StructureCodes.LanguageValue)]
    [InlineData("name", "42", StructureCodes.LanguageValue)]
    [InlineData("description", "{\"@value\":\"d\",\"@language\":\"en\",\"@type\":\"x\"}", StructureCodes.LanguageValue)]
    [InlineData("issuer", "{\"id\":\"https://issuer.example\",\"name\":{\"@value\":\"Acme\",\"@language\":\"en\",\"x\":1}}", StructureCodes.LanguageValue)]
    [InlineData("issuer", "{\"id\":\"https://issuer.example\",\"description\":[{\"@value\":\"A\",\"@language\":\"en\",\"@direction\":\"ltr\"}]}", null)]
    [InlineData("issuer", "{\"id\":\"https://issuer.example\",\"description\":{\"@value\":1}}", StructureCodes.LanguageValue)]
    // §4.3 @context: URLs and context objects after the base context
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", \"not a url\"]", StructureCodes.Context)]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", {\"Acme\":\"https://acme.example/vocab#Acme\"}]", null)]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", {\"Acme\":\"not-an-iri\"}]", StructureCodes.ContextTerm)]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", {\"Acme\":{\"@id\":\"relative\"}}]", StructureCodes.ContextTerm)]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", {\"VerifiableCredential\":\"https://evil.example/VC\"}]", StructureCodes.ContextTerm)]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", {\"@vocab\":\"relative\"}]", StructureCodes.ContextTerm)]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", {\"@vocab\":null}]", null)] // VerifiableCredential is still mapped
    // §4.5 credentialSchema id is a URL; §5.3 digests have their forms
    [InlineData("credentialSchema", "{\"id\":\"not a url\",\"type\":\"JsonSchema\"}", StructureCodes.IdNotUrl)]
    [InlineData("relatedResource", "[{\"id\":\"https://x.example/a\",\"digestMultibase\":\"uEiDKl4ESyhu9yvrCMbOaI9xNp4bv-BR8TnK5gHeFr-5Iuw\"}]", null)]
    [InlineData("relatedResource", "[{\"id\":\"https://x.example/a\",\"digestMultibase\":\"x123\"}]", StructureCodes.RelatedResource)]
    [InlineData("id", "\"urn:uuid:2d5e4b2c-1f1d-4b8e-9a0e-6b8c6f1d2e3f\"", null)]
    [InlineData("id", "\"relative/path\"", StructureCodes.IdNotUrl)]
    public void Rule_GivesItsCode(string member, string value, string? code)
    {
        var issues = Validate(With(member, value));
        if (code is null) Assert.Empty(issues);
        else Assert.Contains(issues, i => i.Code == code);
    }

    [Theory]
    [InlineData("[\"VerifiableCredential\",\"ExampleCredential\"]", "{\"@vocab\":null}", StructureCodes.TypeUnmapped)]
    [InlineData("[\"VerifiableCredential\",\"ExampleCredential\"]", "{\"ExampleCredential\":\"https://example.org/ExampleCredential\",\"@vocab\":null}", null)]
    [InlineData("[\"VerifiableCredential\",\"https://example.org/ExampleCredential\"]", "{\"@vocab\":null}", null)]
    [InlineData("[\"VerifiableCredential\",\"ExampleCredential\"]", "{\"ExampleCredential\":null}", StructureCodes.TypeUnmapped)]
    public void TypeValues_MustBeOrMapToUrls(string type, string inlineContext, string? code)
    {
        var node = JsonNode.Parse(Minimal)!.AsObject();
        node["@context"]!.AsArray().Add(JsonNode.Parse(inlineContext));
        node["type"] = JsonNode.Parse(type);
        var issues = Validate(node.ToJsonString());
        if (code is null) Assert.Empty(issues);
        else Assert.Contains(issues, i => i.Code == code);
    }

    [Fact]
    public void StatusTypes_MustMapToUrls_Too()
    {
        var node = JsonNode.Parse(Minimal)!.AsObject();
        node["@context"]!.AsArray().Add(JsonNode.Parse("{\"@vocab\":null}"));
        node["credentialStatus"] = JsonNode.Parse("{\"id\":\"https://s.example/1\",\"type\":\"MadeUpStatus\"}");
        Assert.Contains(Validate(node.ToJsonString()), i => i.Code == StructureCodes.TypeUnmapped && i.Path == "credentialStatus.type");
        node["credentialStatus"]!["type"] = "BitstringStatusListEntry";
        Assert.Empty(Validate(node.ToJsonString()));
    }

    [Fact]
    public void ValidUntilBeforeValidFrom_IsARangeIssue()
    {
        var node = JsonNode.Parse(With("validFrom", "\"2026-02-01T00:00:00Z\""))!.AsObject();
        node["validUntil"] = "2026-01-01T00:00:00Z";
        Assert.Contains(Validate(node.ToJsonString()), i => i.Code == StructureCodes.ValidityRange);
    }

    [Theory]
    [InlineData("issuer")]
    [InlineData("credentialSubject")]
    [InlineData("type")]
    [InlineData("@context")]
    public void MissingRequiredMember_IsAnIssue(string member)
    {
        var node = JsonNode.Parse(Minimal)!.AsObject();
        node.Remove(member);
        Assert.NotEmpty(Validate(node.ToJsonString()));
    }

    [Fact]
    public void ContextCache_HoldsTheW3cContextsAndOurs_OfflineAndByExactUrl()
    {
        foreach (var url in new[] { VcConstants.CredentialsV2Context, VcConstants.CredentialsV1Context, VcConstants.CredentialsExamplesV2Context, VcConstants.TrustLedgerContext })
        {
            using var document = ContextCache.Parse(url);
            Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("@context").ValueKind);
        }
        Assert.False(ContextCache.IsKnown("https://www.w3.org/ns/credentials/v2/", CredentialUrls.Example));
        Assert.False(ContextCache.TryGet("https://example.org/other", CredentialUrls.Example, out _));
    }

    [Fact]
    public void OurContext_IsKnownUnderTheConfiguredBase_AndUnderFormerOnes_NotUnderOthers()
    {
        var urls = new CredentialUrls("http://127.0.0.1:5080/", ["https://old.trustledger.test"]);
        Assert.Equal("http://127.0.0.1:5080/contexts/v1", urls.Context);
        Assert.Equal("http://127.0.0.1:5080/schemas/endorsement-credential-v1.json", urls.Schema("endorsement-credential-v1.json"));
        foreach (var url in new[] { urls.Context, VcConstants.TrustLedgerContext, "https://old.trustledger.test/contexts/v1", "HTTP://127.0.0.1:5080/contexts/v1" })
            Assert.True(ContextCache.IsKnown(url, urls), url);
        foreach (var url in new[] { "http://127.0.0.1:5081/contexts/v1", "http://127.0.0.1:5080/contexts/v2", "http://127.0.0.1:5080/Contexts/v1", "http://127.0.0.1:5080.evil/contexts/v1" })
            Assert.False(ContextCache.IsKnown(url, urls), url);
        Assert.True(ContextCache.TryGet(urls.Context, urls, out var ours));
        Assert.True(ours.Span.SequenceEqual(ContextCache.Our.Span));
        Assert.Throws<ArgumentException>(() => new CredentialUrls("ftp://host"));
        Assert.Throws<ArgumentException>(() => new CredentialUrls("relative/path"));
    }

    [Fact]
    public void OurContext_DefinesEveryTermOurBuildersWrite()
    {
        using var context = ContextCache.Parse(VcConstants.TrustLedgerContext);
        var terms = new HashSet<string>();
        void Collect(JsonElement definitions)
        {
            foreach (var term in definitions.EnumerateObject())
            {
                terms.Add(term.Name);
                if (term.Value.ValueKind == JsonValueKind.Object && term.Value.TryGetProperty("@context", out var scoped)) Collect(scoped);
            }
        }
        Collect(context.RootElement.GetProperty("@context"));
        using var v2 = ContextCache.Parse(VcConstants.CredentialsV2Context);
        foreach (var builder in new[] { TestIssuers.Reciprocity(TestIssuers.Pkh), TestIssuers.Reputation(TestIssuers.Pkh), TestIssuers.Endorsement(TestIssuers.Pkh) })
        {
            foreach (var type in builder["type"]!.AsArray().Skip(1)) Assert.Contains(type!.GetValue<string>(), terms);
            var subjects = builder["credentialSubject"] is JsonArray array ? array.Select(s => s!.AsObject()) : [builder["credentialSubject"]!.AsObject()];
            foreach (var member in subjects.SelectMany(s => s.Select(p => p.Key)).Where(k => k != "id")) Assert.Contains(member, terms);
            foreach (var member in builder["credentialStatus"]!.AsObject().Select(p => p.Key).Where(k => k is not ("id" or "type"))) Assert.Contains(member, terms);
        }
    }

    // RFC 8785's own examples of number serialization (Appendix B) and member ordering (§3.2.3).
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(333333333.33333329, "333333333.3333333")]
    [InlineData(1e23, "1e+23")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-1.7976931348623157e308, "-1.7976931348623157e+308")]
    [InlineData(4.5, "4.5")]
    [InlineData(2e-3, "0.002")]
    [InlineData(295147905179352830000.0, "295147905179352830000")]
    public void Jcs_Numbers_FollowEcmaScript(double value, string expected) => Assert.Equal(expected, Jcs.FormatNumber(value));

    [Fact]
    public void Jcs_SortsMembersByUtf16_AndEscapesLikeJsonStringify()
    {
        var input = JsonDocument.Parse("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\",\"b\":[1.0,\"\\u000f</\",true,null]}").RootElement;
        string canonical = System.Text.Encoding.UTF8.GetString(Jcs.Canonicalize(input));
        Assert.Equal("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"b\":[1,\"\\u000f</\",true,null],\"\u0080\":\"Control\",\"\u00F6\":\"Latin Small Letter O With Diaeresis\",\"\u20AC\":\"Euro Sign\",\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}", canonical);
    }

    [Fact]
    public void AnchorHash_IgnoresWhitespaceAndMemberOrder_ButNotContent()
    {
        var a = JsonDocument.Parse("{\"b\": 1, \"a\": [\"x\", 2]}").RootElement;
        var b = JsonDocument.Parse("{\"a\":[\"x\",2],\"b\":1}").RootElement;
        var c = JsonDocument.Parse("{\"a\":[\"x\",2],\"b\":2}").RootElement;
        Assert.Equal(CredentialAnchor.HashOfCredential(a), CredentialAnchor.HashOfCredential(b));
        Assert.NotEqual(CredentialAnchor.HashOfCredential(a), CredentialAnchor.HashOfCredential(c));
        Assert.Equal("0x" + Convert.ToHexStringLower(TrustLedger.Core.Crypto.Keccak256.Hash("urn:uuid:1"u8)), CredentialAnchor.KeyHex("urn:uuid:1"));
    }
}

public class JcsNodeTests
{
    [Fact]
    public void NodeAndElement_CanonicalizeToTheSameBytes()
    {
        foreach (var credential in new[] { TestIssuers.Reciprocity(TestIssuers.Pkh), TestIssuers.Reputation(TestIssuers.Ethr) })
        {
            var signed = TrustLedger.Core.Credentials.Issuance.CredentialIssuer.IssueEip712(credential, TestIssuers.Pkh.Did.Did == credential["issuer"]!.GetValue<string>() ? TestIssuers.Pkh : TestIssuers.Ethr, TestIssuers.Now).VerifiableCredential;
            signed["odd"] = new JsonArray(-0.5, 1e21, "tab\there", "é", JsonValue.Create(true), null);
            Assert.Equal(Jcs.Canonicalize(TestIssuers.Element(signed)), Jcs.Canonicalize(signed));
        }
    }
}
