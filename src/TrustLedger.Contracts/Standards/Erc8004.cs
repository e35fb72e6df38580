using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.Standards.Erc8004;

// ERC-8004 ("Trustless Agents") Reputation Registry events as the specification declares them, and
// the Identity Registry's ownerOf (it is an ERC-721: the token id is the agent id). Our
// contracts/test/erc8004/ registries emit exactly these; AbiBindingTests-style checks compare them.

[Event("NewFeedback")]
public sealed class NewFeedbackEvent : IEventDTO
{
    [Parameter("uint256", "agentId", 1, true)] public BigInteger AgentId { get; set; }
    [Parameter("address", "clientAddress", 2, true)] public string ClientAddress { get; set; } = "";
    [Parameter("uint64", "feedbackIndex", 3, false)] public ulong FeedbackIndex { get; set; }
    [Parameter("int128", "value", 4, false)] public BigInteger Value { get; set; }
    [Parameter("uint8", "valueDecimals", 5, false)] public byte ValueDecimals { get; set; }
    /// <summary>An indexed string is only its keccak256 in the topic; <see cref="Tag1"/> is the text.</summary>
    [Parameter("string", "indexedTag1", 6, true)] public string IndexedTag1 { get; set; } = "";
    [Parameter("string", "tag1", 7, false)] public string Tag1 { get; set; } = "";
    [Parameter("string", "tag2", 8, false)] public string Tag2 { get; set; } = "";
    [Parameter("string", "endpoint", 9, false)] public string Endpoint { get; set; } = "";
    [Parameter("string", "feedbackURI", 10, false)] public string FeedbackUri { get; set; } = "";
    [Parameter("bytes32", "feedbackHash", 11, false)] public byte[] FeedbackHash { get; set; } = [];
}

[Event("FeedbackRevoked")]
public sealed class FeedbackRevokedEvent : IEventDTO
{
    [Parameter("uint256", "agentId", 1, true)] public BigInteger AgentId { get; set; }
    [Parameter("address", "clientAddress", 2, true)] public string ClientAddress { get; set; } = "";
    [Parameter("uint64", "feedbackIndex", 3, true)] public ulong FeedbackIndex { get; set; }
}

[Function("ownerOf", "address")]
public sealed class AgentOwnerOfFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

// Used by tests to drive the ERC-8004-shaped test registries.

[Function("register", "uint256")]
public sealed class RegisterAgentFunction : FunctionMessage
{
    [Parameter("string", "agentURI", 1)] public string AgentUri { get; set; } = "";
}

[Function("giveFeedback")]
public sealed class GiveFeedbackFunction : FunctionMessage
{
    [Parameter("uint256", "agentId", 1)] public BigInteger AgentId { get; set; }
    [Parameter("int128", "value", 2)] public BigInteger Value { get; set; }
    [Parameter("uint8", "valueDecimals", 3)] public byte ValueDecimals { get; set; }
    [Parameter("string", "tag1", 4)] public string Tag1 { get; set; } = "";
    [Parameter("string", "tag2", 5)] public string Tag2 { get; set; } = "";
    [Parameter("string", "endpoint", 6)] public string Endpoint { get; set; } = "";
    [Parameter("string", "feedbackURI", 7)] public string FeedbackUri { get; set; } = "";
    [Parameter("bytes32", "feedbackHash", 8)] public byte[] FeedbackHash { get; set; } = new byte[32];
}

[Function("revokeFeedback")]
public sealed class RevokeFeedbackFunction : FunctionMessage
{
    [Parameter("uint256", "agentId", 1)] public BigInteger AgentId { get; set; }
    [Parameter("uint64", "feedbackIndex", 2)] public ulong FeedbackIndex { get; set; }
}
