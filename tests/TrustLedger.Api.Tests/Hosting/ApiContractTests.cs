using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TrustLedger.Api.Tests.Hosting;

/// <summary>
/// Issue 15: the OpenAPI document is the API's complete contract. Every operation has a summary and a
/// description, a response schema for its success (Location on 201/202), and every error status it
/// lists is problem details with an example per problem type; the docs UI loads only local scripts.
/// </summary>
public sealed class ApiContractTests(TrustLedgerApplication app) : IClassFixture<TrustLedgerApplication>
{
    [Fact]
    public async Task EveryOperation_IsDescribed_WithTypedSuccess_AndEveryProblemTypeItCanAnswer()
    {
        var document = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var gaps = new List<string>();
        var operations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, node) in item!.AsObject())
        {
            operations++;
            var op = node!.AsObject();
            var name = $"{method.ToUpperInvariant()} {path}";
            if (string.IsNullOrWhiteSpace(op["summary"]?.GetValue<string>())) gaps.Add($"{name}: no summary");
            if (string.IsNullOrWhiteSpace(op["description"]?.GetValue<string>())) gaps.Add($"{name}: no description");
            var responses = op["responses"]!.AsObject();
            var success = responses.Where(r => r.Key[0] == '2').ToList();
            if (success.Count == 0) gaps.Add($"{name}: no 2xx response");
            foreach (var (status, response) in success)
            {
                if (status != "204" && response!["content"] is null) gaps.Add($"{name}: {status} has no schema");
                if (status is "201" or "202" && response!["headers"]?["Location"] is null) gaps.Add($"{name}: {status} has no Location");
            }
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                if (response!["content"]?["application/problem+json"]?["examples"] is not JsonObject { Count: > 0 })
                    gaps.Add($"{name}: {status} lists no problem types");
            if (!responses.ContainsKey("400") && (op["parameters"] is JsonArray { Count: > 0 } || op["requestBody"] is not null))
                gaps.Add($"{name}: takes input but lists no 400");
        }
        Assert.True(operations > 50, $"only {operations} operations");
        Assert.True(gaps.Count == 0, string.Join("\n", gaps));
    }

    [Fact]
    public async Task TheReciprocityEncoding_IsDocumentedWithAnExample()
    {
        var document = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var proposal = document["paths"]!["/v1/reciprocity-events/typed-data"]!["get"]!;
        Assert.Contains("bytes32 kind,uint8 rating,string reference", proposal["description"]!.GetValue<string>());
        Assert.Contains("0x64656c6976657279", proposal["description"]!.GetValue<string>()); // "delivery" as bytes32
        Assert.NotNull(proposal["responses"]!["200"]!["content"]!["application/json"]!["example"]);
    }

    [Fact]
    public async Task TheDocsPage_LoadsOnlyScriptsOfThisHost()
    {
        var html = await app.CreateClient().GetStringAsync("/docs/");
        Assert.DoesNotContain("https://", html.Replace("https://w3id.org", "", StringComparison.Ordinal));
        Assert.Contains("scalar.js", html);
        Assert.Contains("\"withDefaultFonts\":false", html.Replace(" ", "", StringComparison.Ordinal));
    }
}
