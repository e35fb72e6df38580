using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Credentials;
using TrustLedger.Contracts.Standards;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Dids;

/// <summary>
/// did:ethr read from the real ERC-1056 registry on the local node, compared with what the reference
/// resolver (ethr-did-resolver 11.1.3, tests/interop/resolve-did-ethr.mjs) makes of the same history:
/// the same verification methods (ids, types, controllers, keys), the same relationships and services,
/// at the latest version and at an earlier versionId.
/// </summary>
public sealed class EthrDidInteropTests(EthrDidApplication app) : IClassFixture<EthrDidApplication>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegistryHistory_ResolvesToTheDocumentEthrDidResolverBuilds()
    {
        string rpc = app.RpcUrl, registry = app.Registry;
        var identity = await EthrRegistry.FundedKeyAsync(rpc);
        var (key, veri, sig, owner) = (EthPrivateKey.Generate(), EthPrivateKey.Generate(), EthPrivateKey.Generate(), await EthrRegistry.FundedKeyAsync(rpc));
        string address = identity.Address.ToLowerHex();
        var day = EthrRegistry.Seconds(TimeSpan.FromDays(1));
        long first = await EthrRegistry.SendAsync(rpc, registry, identity, new SetAttributeFunction
        {
            Identity = address, Name = EthrDidHistory.StringToBytes32("did/pub/Secp256k1/veriKey/hex"), Value = key.PublicKey.ToBytes(compressed: true), Validity = day,
        });
        await EthrRegistry.SendAsync(rpc, registry, identity, new AddDelegateFunction { Identity = address, DelegateType = EthrDidHistory.StringToBytes32("veriKey"), Delegate = veri.Address.ToLowerHex(), Validity = day });
        await EthrRegistry.SendAsync(rpc, registry, identity, new AddDelegateFunction { Identity = address, DelegateType = EthrDidHistory.StringToBytes32("sigAuth"), Delegate = sig.Address.ToLowerHex(), Validity = day });
        await EthrRegistry.SendAsync(rpc, registry, identity, new SetAttributeFunction
        {
            Identity = address, Name = EthrDidHistory.StringToBytes32("did/svc/LinkedDomains"), Value = Encoding.UTF8.GetBytes("https://trustledger.example"), Validity = day,
        });
        long beforeRevoke = await EthrRegistry.SendAsync(rpc, registry, identity, new RevokeDelegateFunction { Identity = address, DelegateType = EthrDidHistory.StringToBytes32("veriKey"), Delegate = veri.Address.ToLowerHex() });
        await EthrRegistry.SendAsync(rpc, registry, identity, new ChangeOwnerFunction { Identity = address, NewOwner = owner.Address.ToLowerHex() });
        await EthrRegistry.SendAsync(rpc, registry, owner, new AddDelegateFunction { Identity = address, DelegateType = EthrDidHistory.StringToBytes32("veriKey"), Delegate = veri.Address.ToLowerHex(), Validity = day });
        await EthrRegistry.PastLatestBlockAsync(rpc);

        string did = EthDid.Ethr(identity.Address, EthrRegistry.ChainId);
        string[] asked = [did, $"{did}?versionId={first}", $"{did}?versionId={beforeRevoke - 1}"];
        var theirs = Credentials.InteropScripts.Run("resolve-did-ethr.mjs", new JsonObject
        {
            ["rpcUrl"] = rpc, ["chainId"] = EthrRegistry.ChainId, ["registry"] = registry, ["dids"] = new JsonArray([.. asked.Select(a => (JsonNode)a)]),
        })["results"]!;

        foreach (var query in asked)
        {
            var reference = theirs[query]!;
            Assert.True(reference["didDocument"] is JsonObject, $"ethr-did-resolver: {reference.ToJsonString()}");
            var ours = await ResolveAsync(query);
            Assert.Equal(Shape(reference["didDocument"]!), Shape(ours["didDocument"]!));
            Assert.Equal(reference["didDocumentMetadata"]!["versionId"]?.GetValue<string>(), ours["didDocumentMetadata"]!["versionId"]?.GetValue<string>());
        }
        // What the history says, so that agreement is about something: the owner moved, the first veriKey delegate is gone, it came back as a new one.
        var latest = (await ResolveAsync(did))["didDocument"]!;
        Assert.Equal($"eip155:31337:{owner.Address}", latest["verificationMethod"]![0]!["blockchainAccountId"]!.GetValue<string>());
        Assert.Equal([$"{did}#controller", $"{did}#delegate-1", $"{did}#delegate-3", $"{did}#delegate-5"], Ids(latest["assertionMethod"]!));
        Assert.Equal([$"{did}#controller", $"{did}#delegate-3"], Ids(latest["authentication"]!));
        Assert.Equal("https://trustledger.example", latest["service"]![0]!["serviceEndpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task VersionTime_GivesTheDocumentOfThatTime_WhichEthrDidResolverIgnores()
    {
        var identity = await EthrRegistry.FundedKeyAsync(app.RpcUrl);
        var before = DateTimeOffset.UtcNow.AddSeconds(-30);
        await EthrRegistry.SendAsync(app.RpcUrl, app.Registry, identity, new AddDelegateFunction
        {
            Identity = identity.Address.ToLowerHex(), DelegateType = EthrDidHistory.StringToBytes32("veriKey"),
            Delegate = EthPrivateKey.Generate().Address.ToLowerHex(), Validity = EthrRegistry.Seconds(TimeSpan.FromDays(1)),
        });
        string did = EthDid.Ethr(identity.Address, EthrRegistry.ChainId);
        Assert.Equal(2, (await ResolveAsync(did))["didDocument"]!["verificationMethod"]!.AsArray().Count);
        var then = await ResolveAsync($"{did}?versionTime={Uri.EscapeDataString(before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))}");
        Assert.Equal([$"{did}#controller"], Ids(then["didDocument"]!["assertionMethod"]!));
        Assert.NotNull(then["didDocumentMetadata"]!["nextVersionId"]);
    }

    [Fact]
    public async Task OtherChains_AndABadVersion_AreAnsweredWithoutTheRegistry()
    {
        var address = EthPrivateKey.Generate().Address;
        var other = await ResolveAsync(EthDid.Ethr(address, 1));
        Assert.Contains("not the connected chain", other["didDocumentMetadata"]!["note"]!.GetValue<string>());
        var bad = await app.CreateClient().GetAsync($"/v1/dids/{EthDid.Ethr(address, 31337)}?versionTime=yesterday", Ct);
        Assert.Equal(400, (int)bad.StatusCode);
    }

    private async Task<JsonNode> ResolveAsync(string didWithQuery)
    {
        var client = app.CreateClient();
        int q = didWithQuery.IndexOf('?');
        string path = "/v1/dids/" + (q < 0 ? didWithQuery : didWithQuery[..q] + didWithQuery[q..]);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(Api.Dids.DidsApi.ResolutionMediaType));
        var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static string[] Ids(JsonNode references) => [.. references.AsArray().Select(r => r!.GetValue<string>())];

    /// <summary>The members a verifier acts on, in order: each method's id, type, controller and key or account; the relationships; services.</summary>
    private static string Shape(JsonNode document) => new JsonObject
    {
        ["id"] = document["id"]!.DeepClone(),
        ["verificationMethod"] = new JsonArray([.. document["verificationMethod"]!.AsArray().Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m!["id"]!.DeepClone(), ["type"] = m["type"]!.DeepClone(), ["controller"] = m["controller"]!.DeepClone(),
            ["blockchainAccountId"] = m["blockchainAccountId"]?.DeepClone(), ["publicKeyHex"] = m["publicKeyHex"]?.DeepClone(),
        })]),
        ["authentication"] = document["authentication"]!.DeepClone(),
        ["assertionMethod"] = document["assertionMethod"]!.DeepClone(),
        ["service"] = document["service"]?.DeepClone(),
        ["keyAgreement"] = document["keyAgreement"]?.DeepClone(),
    }.ToJsonString();
}
