using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using TrustLedger.Contracts.Standards.Erc8004;
using TrustLedger.Core.Attestations;

namespace TrustLedger.Core.Indexing.Sources;

/// <summary>
/// An ERC-8004 Reputation Registry's NewFeedback / FeedbackRevoked events. Feedback is on an agent id;
/// the edge's subject is the agent's owner in the Identity Registry (an ERC-721) at the feedback's
/// block. The declared rule (<see cref="Erc8004SourceOptions"/>) turns value / 10^valueDecimals into a
/// rating; a feedback is identified as ERC-8004 does: (agentId, clientAddress, feedbackIndex).
/// </summary>
public sealed class Erc8004EdgeSource : IEdgeSource
{
    public const string Kind = "erc8004";

    private static readonly string NewFeedbackTopic = EasEdgeSource.Topic<NewFeedbackEvent>();
    private static readonly string RevokedTopic = EasEdgeSource.Topic<FeedbackRevokedEvent>();

    // The event's non-indexed members, in order: decoded with the schema decoder (canonical encoding only).
    private static readonly SchemaDefinition FeedbackData = SchemaDefinition.Parse(
        "uint64 feedbackIndex,int128 value,uint8 valueDecimals,string tag1,string tag2,string endpoint,string feedbackURI,bytes32 feedbackHash");

    private static readonly double[] PowersOfTen = [.. Enumerable.Range(0, 19).Select(i => double.Parse("1e" + i, System.Globalization.CultureInfo.InvariantCulture))];

    private readonly Erc8004SourceOptions _options;
    private readonly string _identity;
    private readonly HashSet<string> _tags;

    public Erc8004EdgeSource(Erc8004SourceOptions options)
    {
        _options = options;
        Address = options.Registry.ToLowerInvariant();
        _identity = options.IdentityRegistry.ToLowerInvariant();
        _tags = new HashSet<string>(options.Tags, StringComparer.Ordinal);
        Topics = [new[] { NewFeedbackTopic, RevokedTopic }];
    }

    public string Address { get; }
    public object?[] Topics { get; }

    /// <summary>ERC-8004's identity of one feedback.</summary>
    public static string FeedbackId(BigInteger agentId, string client, ulong index) => $"{agentId}:{client.ToLowerInvariant()}:{index}";

    public async Task DecodeAsync(RegistryLog log, long blockTime, IndexBatch batch, PinnedCalls calls)
    {
        var topics = log.Topics;
        var block = log.BlockNumber;
        var tx = log.TransactionHash;
        if (topics.Length < 3) return;
        var topic = topics[0];
        var agentId = new BigInteger(Convert.FromHexString(topics[1].AsSpan(2)), isUnsigned: true, isBigEndian: true);
        var client = "0x" + topics[2][^40..];
        if (topic == RevokedTopic && topics.Length == 4)
        {
            var index = (ulong)new BigInteger(Convert.FromHexString(topics[3].AsSpan(2)), isUnsigned: true, isBigEndian: true);
            batch.SourceRevocations.Add(new SourceRevocationRow(Address, FeedbackId(agentId, client, index), block, blockTime, tx));
            return;
        }
        if (topic != NewFeedbackTopic || topics.Length != 4) return;
        if (!FeedbackData.TryDecode(log.Data, out var fields)) return;
        var feedbackIndex = (ulong)(BigInteger)fields["feedbackIndex"]!;
        var tag1 = (string)fields["tag1"]!;
        if (Rating((BigInteger)fields["value"]!, (int)(BigInteger)fields["valueDecimals"]!, tag1) is not { } rating) return;

        var call = new AgentOwnerOfFunction { TokenId = agentId };
        string owner;
        try
        {
            var output = await calls.CallAsync(_identity, Crypto.Hex.Encode(call.GetCallData()), block, log.BlockHash);
            owner = new FunctionCallDecoder().DecodeSimpleTypeOutput<string>(new Nethereum.ABI.Model.Parameter("address"), output);
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException e) when (e.RpcError?.Code == 3 || e.Message.Contains("revert", StringComparison.OrdinalIgnoreCase))
        {
            return; // ownerOf reverted: no such agent at that block, so the feedback rates no one we can name
        }
        batch.SourceEdges.Add(new SourceEdgeRow(Kind, Address, FeedbackId(agentId, client, feedbackIndex), agentId.ToString(),
            client, owner.ToLowerInvariant(), rating, tag1.Length == 0 ? null : tag1, 0, block, blockTime, tx, log.LogIndex));
    }

    /// <summary>The declared rule: value / 10^decimals in [ValueMin, ValueMax] onto -5..+5; null outside, at 0, or for a tag not counted.</summary>
    public double? Rating(BigInteger value, int decimals, string tag1)
    {
        if (_tags.Count > 0 && !_tags.Contains(tag1)) return null;
        if (decimals is < 0 or > 18) return null;
        var x = (double)value / PowersOfTen[decimals];
        if (!(x >= _options.ValueMin && x <= _options.ValueMax)) return null;
        var rating = -5 + 10 * (x - _options.ValueMin) / (_options.ValueMax - _options.ValueMin);
        return rating == 0 ? null : rating;
    }
}
