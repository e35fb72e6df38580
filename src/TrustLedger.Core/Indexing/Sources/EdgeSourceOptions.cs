using System.Text.Json.Nodes;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Indexing.Sources;

/// <summary>
/// Configuration section "Reputation:Sources": attestations from outside our registry that count as
/// reputation edges, each with its declared mapping. Everything here but the explorer links shapes a
/// score, so it is part of each snapshot's parameters document (<see cref="ToJson"/>), and
/// `trustledger recompute` rebuilds the same sources from that document alone.
/// </summary>
public sealed class EdgeSourceOptions
{
    public const string Section = "Reputation:Sources";

    public List<EasSourceOptions> Eas { get; set; } = [];
    public List<Erc8004SourceOptions> Erc8004 { get; set; } = [];

    public bool IsEmpty => Eas.Count == 0 && Erc8004.Count == 0;

    /// <summary>The first block any source must be read from (null without sources).</summary>
    public long? FromBlock => IsEmpty ? null : Eas.Select(e => e.FromBlock).Concat(Erc8004.Select(e => e.FromBlock)).Min();

    /// <summary>The document form (members lower camel case, addresses and uids lower-case), in configuration order.</summary>
    public JsonArray ToJson() =>
    [
        .. Eas.Select(e => (JsonNode)new JsonObject
        {
            ["kind"] = EasEdgeSource.Kind,
            ["contract"] = e.Contract.ToLowerInvariant(),
            ["fromBlock"] = e.FromBlock,
            ["schemas"] = new JsonArray([.. e.Schemas.Select(s => (JsonNode)new JsonObject
            {
                ["uid"] = s.Uid.ToLowerInvariant(),
                ["definition"] = s.Definition,
                ["subject"] = s.Subject,
                ["rating"] = s.Rating,
                ["ratingMin"] = s.RatingMin,
                ["ratingMax"] = s.RatingMax,
                ["edgeKind"] = s.Kind,
                ["category"] = s.Category,
            })]),
        }),
        .. Erc8004.Select(e => (JsonNode)new JsonObject
        {
            ["kind"] = Erc8004EdgeSource.Kind,
            ["registry"] = e.Registry.ToLowerInvariant(),
            ["identityRegistry"] = e.IdentityRegistry.ToLowerInvariant(),
            ["fromBlock"] = e.FromBlock,
            ["valueMin"] = e.ValueMin,
            ["valueMax"] = e.ValueMax,
            ["tags"] = new JsonArray([.. e.Tags.Select(t => (JsonNode)t)]),
        }),
    ];

    /// <summary>Reads <see cref="ToJson"/>'s form back; throws <see cref="FormatException"/> on anything else.</summary>
    public static EdgeSourceOptions Parse(System.Text.Json.JsonElement array)
    {
        var options = new EdgeSourceOptions();
        foreach (var s in array.EnumerateArray())
        {
            var kind = s.GetProperty("kind").GetString();
            if (kind == EasEdgeSource.Kind)
                options.Eas.Add(new EasSourceOptions
                {
                    Contract = s.GetProperty("contract").GetString()!,
                    FromBlock = s.GetProperty("fromBlock").GetInt64(),
                    Schemas = [.. s.GetProperty("schemas").EnumerateArray().Select(m => new EasSchemaMapping
                    {
                        Uid = m.GetProperty("uid").GetString()!,
                        Definition = m.GetProperty("definition").GetString()!,
                        Subject = m.GetProperty("subject").GetString()!,
                        Rating = m.GetProperty("rating").GetString(),
                        RatingMin = m.GetProperty("ratingMin").GetDouble(),
                        RatingMax = m.GetProperty("ratingMax").GetDouble(),
                        Kind = m.GetProperty("edgeKind").GetString()!,
                        Category = m.GetProperty("category").GetString(),
                    })],
                });
            else if (kind == Erc8004EdgeSource.Kind)
                options.Erc8004.Add(new Erc8004SourceOptions
                {
                    Registry = s.GetProperty("registry").GetString()!,
                    IdentityRegistry = s.GetProperty("identityRegistry").GetString()!,
                    FromBlock = s.GetProperty("fromBlock").GetInt64(),
                    ValueMin = s.GetProperty("valueMin").GetDouble(),
                    ValueMax = s.GetProperty("valueMax").GetDouble(),
                    Tags = [.. s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)],
                });
            else throw new FormatException($"edge source kind '{kind}' is not one this version reads");
        }
        return options;
    }

    /// <summary>
    /// keccak256 of the canonical document: kept with the index, so a change of sources or mapping
    /// re-indexes from the first block instead of mixing two mappings in one table. "" without sources.
    /// </summary>
    public string Fingerprint() => IsEmpty ? "" : Hex.Encode(Keccak256.Hash(Jcs.Canonicalize(ToJson())));

    /// <summary>What is wrong with the configuration, or null; so a bad mapping fails at start-up.</summary>
    public string? Problem()
    {
        foreach (var e in Eas)
        {
            if (!EthAddress.TryParse(e.Contract, out _)) return $"Reputation:Sources:Eas contract '{e.Contract}' is not an address";
            if (e.FromBlock < 0) return "Reputation:Sources:Eas FromBlock is negative";
            if (e.Schemas.Count == 0) return $"Reputation:Sources:Eas {e.Contract} names no schema";
            foreach (var s in e.Schemas)
                if (EasEdgeSource.MappingProblem(s) is { } problem) return $"Reputation:Sources:Eas schema {s.Uid}: {problem}";
        }
        foreach (var e in Erc8004)
        {
            if (!EthAddress.TryParse(e.Registry, out _) || !EthAddress.TryParse(e.IdentityRegistry, out _))
                return $"Reputation:Sources:Erc8004 Registry '{e.Registry}' or IdentityRegistry '{e.IdentityRegistry}' is not an address";
            if (e.FromBlock < 0) return "Reputation:Sources:Erc8004 FromBlock is negative";
            if (!(e.ValueMin < e.ValueMax) || double.IsInfinity(e.ValueMax) || double.IsInfinity(e.ValueMin))
                return $"Reputation:Sources:Erc8004 ValueMin {e.ValueMin} must be below ValueMax {e.ValueMax}";
        }
        return null;
    }
}

/// <summary>One EAS contract and the schemas of it that count.</summary>
public sealed class EasSourceOptions
{
    public string Contract { get; set; } = "";

    /// <summary>First block to read (EAS's deployment block on that chain, or later).</summary>
    public long FromBlock { get; set; }

    public List<EasSchemaMapping> Schemas { get; set; } = [];

    /// <summary>Link to an attestation on an explorer, "{uid}" replaced (e.g. https://base.easscan.org/attestation/view/{uid}). Display only.</summary>
    public string? ExplorerUrl { get; set; }
}

/// <summary>
/// How one EAS schema's fields become an edge: subject = the attestation's recipient or an address
/// field; rating = a numeric (or bool) field in [RatingMin, RatingMax] mapped linearly onto 1..5 stars
/// (+1..+5 for an endorsement, -1..-5 for a negative report; a value outside counts nothing; no
/// rating field = 5); category = a string or bytes32 field, or none.
/// </summary>
public sealed class EasSchemaMapping
{
    public string Uid { get; set; } = "";

    /// <summary>The schema string as registered in EAS's SchemaRegistry (e.g. "uint8 rating,string category").</summary>
    public string Definition { get; set; } = "";

    public string Subject { get; set; } = EasEdgeSource.RecipientField;
    public string? Rating { get; set; }
    public double RatingMin { get; set; } = 1;
    public double RatingMax { get; set; } = 5;
    /// <summary><see cref="EasEdgeSource.Endorsement"/> or <see cref="EasEdgeSource.NegativeReport"/>.</summary>
    public string Kind { get; set; } = EasEdgeSource.Endorsement;
    public string? Category { get; set; }

    internal SchemaDefinition Parsed => _parsed ??= SchemaDefinition.Parse(Definition);
    private SchemaDefinition? _parsed;
}

/// <summary>
/// An ERC-8004 Reputation Registry: its feedback value (value / 10^valueDecimals) in [ValueMin, ValueMax]
/// maps linearly onto -5..+5 (above 0 an endorsement, below a negative report, 0 nothing); only
/// feedback whose tag1 is in <see cref="Tags"/> counts (all when empty). The agent is the owner of
/// its agent id in the Identity Registry at the feedback's block.
/// </summary>
public sealed class Erc8004SourceOptions
{
    public string Registry { get; set; } = "";
    public string IdentityRegistry { get; set; } = "";
    public long FromBlock { get; set; }
    public double ValueMin { get; set; } = 0;
    public double ValueMax { get; set; } = 100;
    public List<string> Tags { get; set; } = [];

    /// <summary>Link to an agent on an explorer, "{agentId}" replaced (e.g. https://8004scan.io/agents/base/{agentId}). Display only.</summary>
    public string? ExplorerUrl { get; set; }
}
