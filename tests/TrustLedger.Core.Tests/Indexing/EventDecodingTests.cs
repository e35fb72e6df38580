using System.Reflection;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Indexing;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// The indexer's fast decoder must read every indexed event exactly as Nethereum's own DecodeEvent
/// does, on real logs: payloads of awkward lengths, references, expirations, revocations, confirmations.
/// </summary>
public class EventDecodingTests
{
    [Fact]
    public async Task TypedEventDecoder_AgreesWithNethereum_OnRealLogsOfEveryIndexedEvent()
    {
        var registry = await TestRegistry.DeployAsync(TestServices.RequireChain(), await TestServices.FundedMnemonicAsync());
        var schema = await registry.RegisterSchemaAsync("bytes payload,string note (ü, 名前)");
        var requests = new List<AttestationRequest>();
        foreach (var length in (int[])[0, 1, 31, 32, 33, 64, 160, 1_000])
            requests.Add(registry.Request(1, schema, registry.AddressOf(2), [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 1))], expiration: (ulong)(length == 33 ? 4_000_000_000 : 0)));
        await registry.MultiAttestAsync(1, requests);
        await registry.AttestAsync(2, registry.Request(2, schema, registry.AddressOf(1), [0xff], refUid: registry.UidOf(1, requests[0])));
        await registry.RevokeAsync(1, registry.UidOf(1, requests[1]));

        var source = new RegistryLogSource(new Web3(registry.RpcUrl), registry.Address);
        var logs = await source.GetLogsAsync(registry.DeploymentBlock, await source.GetHeadAsync());

        var compared = new Dictionary<string, int>();
        foreach (var log in logs)
        {
            var topic = log.Topics[0].ToString()!;
            var name = topic == TypedEventDecoder<AttestedEvent>.Instance.Topic0 ? Same<AttestedEvent>(log)
                : topic == TypedEventDecoder<RevokedEvent>.Instance.Topic0 ? Same<RevokedEvent>(log)
                : topic == TypedEventDecoder<ConfirmedEvent>.Instance.Topic0 ? Same<ConfirmedEvent>(log)
                : Same<SchemaRegisteredEvent>(log);
            compared[name] = compared.GetValueOrDefault(name) + 1;
        }
        Assert.Equal(new Dictionary<string, int>
        {
            ["SchemaRegisteredEvent"] = 1, ["AttestedEvent"] = 9, ["ConfirmedEvent"] = 1, ["RevokedEvent"] = 1,
        }, compared);
    }

    [Fact]
    public void TypedEventDecoder_RefusesALogOfAnotherEvent()
    {
        var log = new RegistryLog
        {
            Address = "0x" + new string('1', 40), BlockHash = "0x" + new string('2', 64), TransactionHash = "0x" + new string('3', 64),
            Topics = [TypedEventDecoder<RevokedEvent>.Instance.Topic0, "0x" + new string('0', 64)],
        };
        Assert.Throws<FormatException>(() => TypedEventDecoder<AttestedEvent>.Instance.Decode(log));
    }

    private static string Same<TEvent>(RegistryLog log) where TEvent : IEventDTO, new()
    {
        var ours = TypedEventDecoder<TEvent>.Instance.Decode(log);
        var nethereum = new FilterLog { Topics = log.Topics, Data = "0x" + Convert.ToHexStringLower(log.Data) }.DecodeEvent<TEvent>().Event;
        foreach (var property in typeof(TEvent).GetProperties().Where(p => p.GetCustomAttribute<ParameterAttribute>() is not null))
        {
            var (expected, actual) = (property.GetValue(nethereum), property.GetValue(ours));
            if (property.GetCustomAttribute<ParameterAttribute>()!.Type == "address")
                Assert.Equal((string)expected!, (string)actual!, ignoreCase: true); // checksum case vs lower-case
            else
                Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
        }
        return typeof(TEvent).Name;
    }
}
