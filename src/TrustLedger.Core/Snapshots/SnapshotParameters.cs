using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Indexing.Sources;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// Everything a snapshot's scores are a function of besides the chain itself: the data source
/// (chain id, registry), the scoring version and every engine option that shapes a score. Its
/// canonical JSON (RFC 8785) is the "parameters document" published beside each epoch, and
/// keccak256 of those bytes is the <c>parametersHash</c> on chain, so a recomputation can check it
/// uses exactly the published parameters. The as-of time is not a parameter: it is always the
/// timestamp of the snapshot's block, so the scores are a function of chain state alone.
/// </summary>
/// <remarks>
/// Binds from configuration section "Reputation" (Seeds, Alpha, HalfLifeDays, ...); Registry and
/// ChainId are filled in from the chain connection. Options that only shape the network metrics
/// (betweenness, communities) are left out: snapshots compute without them.
/// </remarks>
public sealed record SnapshotParameters
{
    /// <summary>Configuration section the scoring options bind from.</summary>
    public const string Section = "Reputation";

    /// <summary>Value of the document's "format" member.</summary>
    public const string Format = "trustledger-snapshot-parameters-v1";

    public long ChainId { get; init; }

    /// <summary>The AttestationRegistry whose events the scores are computed from (lower-case hex).</summary>
    public string Registry { get; init; } = "";

    public uint ScoringVersion { get; init; } = SnapshotScoring.Version;

    /// <summary>
    /// The trust anchors the epoch was scored with: configured (Reputation:Seeds) and governed through
    /// the API (<see cref="SnapshotService.CurrentParametersAsync"/> adds those); empty means uniform
    /// restart (scores not sybil-resistant). Part of the document, so a recomputation uses the same set.
    /// </summary>
    public string[] Seeds { get; init; } = [];

    public double Alpha { get; init; } = 0.15;
    public double HalfLifeDays { get; init; } = 730;
    public double EndorsementWeight { get; init; } = 1.0;
    public double ConfirmedReciprocityWeight { get; init; } = 2.0;
    public double NegativeReportWeight { get; init; } = 1.0;
    public double ReciprocalTieWeight { get; init; } = 0.5;
    public double Tolerance { get; init; } = 1e-10;
    public int MaxIterations { get; init; } = 10_000;
    public double GoodnessPriorWeight { get; init; } = 1.0;
    public double FairnessPriorWeight { get; init; } = 1.0;
    public double FairnessPriorMean { get; init; } = 0.5;
    public double StandingHalfTrust { get; init; } = 0.1;

    /// <summary>Sybil-flood options (<see cref="ReputationOptions.GoodnessWeighting"/>, BudgetFloor, PercentileBase); absent in older documents = the defaults.</summary>
    public GoodnessWeighting GoodnessWeighting { get; init; } = GoodnessWeighting.TrustLevel;
    public double BudgetFloor { get; init; } = 0;
    public PercentileBase PercentileBase { get; init; } = PercentileBase.AllParties;

    /// <summary>
    /// Edges from outside the registry (EAS schemas, ERC-8004 registries) with their declared mappings
    /// (section Reputation:Sources). In the document only when there are any, so the documents and
    /// hashes of deployments without them are what they were; absent in a document = none.
    /// </summary>
    public EdgeSourceOptions Sources { get; init; } = new();

    /// <summary>The engine options for a snapshot evaluated at <paramref name="asOf"/> (the block's timestamp).</summary>
    public ReputationOptions ToReputationOptions(long asOf) => new()
    {
        Seeds = NormalizedSeeds(),
        Alpha = Alpha,
        HalfLifeDays = HalfLifeDays,
        AsOf = asOf,
        Scale = ChainEdges.Scale,
        EndorsementWeight = EndorsementWeight,
        ConfirmedReciprocityWeight = ConfirmedReciprocityWeight,
        NegativeReportWeight = NegativeReportWeight,
        ReciprocalTieWeight = ReciprocalTieWeight,
        Tolerance = Tolerance,
        MaxIterations = MaxIterations,
        GoodnessPriorWeight = GoodnessPriorWeight,
        FairnessPriorWeight = FairnessPriorWeight,
        FairnessPriorMean = FairnessPriorMean,
        StandingHalfTrust = StandingHalfTrust,
        GoodnessWeighting = GoodnessWeighting,
        BudgetFloor = BudgetFloor,
        PercentileBase = PercentileBase,
        NetworkMetrics = false, // no part of a score; the slowest stage
        Signals = false, // plain PageRank and Kumar: reported beside a score, no part of it
    };

    /// <summary>The parameters document. Seeds lower-case, sorted, distinct; member order is irrelevant (canonicalized).</summary>
    public JsonObject ToJson()
    {
        var document = Document();
        if (!Sources.IsEmpty)
        {
            document["sources"] = Sources.ToJson();
            document["sourceEdges"] = "each source's declared mapping onto -5..5 (positive = endorsement, negative = negative report), " +
                                      "at the log's block; EAS: Revoked ends an edge at its block time, expirationTime at that time; " +
                                      "ERC-8004: subject = ownerOf(agentId) in identityRegistry at the feedback's block, FeedbackRevoked ends it; " +
                                      "registry edges first, then source edges, each in chain order";
        }
        return document;
    }

    private JsonObject Document() => new()
    {
        ["format"] = Format,
        ["chainId"] = ChainId,
        ["registry"] = Registry.ToLowerInvariant(),
        ["scoringVersion"] = ScoringVersion,
        ["asOf"] = "timestamp of computedAtBlock",
        ["edges"] = "ChainEdges: endorsement rating 1..5 -> +1..+5, negative report severity 1..5 -> -1..-5, " +
                    "reciprocity rating 1..5: a proposal confirmed while the registry holds it confirmed (its Confirmed confirmation " +
                    "neither revoked nor expired), one-sided otherwise; a confirmation only while its proposal stands; " +
                    "any other reciprocity attestation with a refUID counts nothing; scale -5..5",
        ["seedsMeaning"] = "trust anchors (configured and governed, GET /v1/trust-anchors) at compute time; " +
                           "with anchors none of which has edges, no trust flows (never uniform restart)",
        ["leaf"] = "score = round(points * 100) half away from zero; rank = competition rank by score (1, 2, 2, 4); " +
                   "evidenceCount = counting attestations received at asOf",
        ["ratingScale"] = new JsonArray(ChainEdges.Scale.Min, ChainEdges.Scale.Max),
        ["seeds"] = new JsonArray([.. NormalizedSeeds().Select(s => (JsonNode)s)]),
        ["alpha"] = Alpha,
        ["halfLifeDays"] = HalfLifeDays,
        ["endorsementWeight"] = EndorsementWeight,
        ["confirmedReciprocityWeight"] = ConfirmedReciprocityWeight,
        ["negativeReportWeight"] = NegativeReportWeight,
        ["reciprocalTieWeight"] = ReciprocalTieWeight,
        ["tolerance"] = Tolerance,
        ["maxIterations"] = MaxIterations,
        ["goodnessPriorWeight"] = GoodnessPriorWeight,
        ["fairnessPriorWeight"] = FairnessPriorWeight,
        ["fairnessPriorMean"] = FairnessPriorMean,
        ["standingHalfTrust"] = StandingHalfTrust,
        ["goodnessWeighting"] = GoodnessWeighting.ToString(),
        ["budgetFloor"] = BudgetFloor,
        ["percentileBase"] = PercentileBase.ToString(),
    };

    /// <summary>The canonical (RFC 8785) UTF-8 bytes of <see cref="ToJson"/>: what is hashed and stored.</summary>
    public byte[] CanonicalJson() => Jcs.Canonicalize(ToJson());

    /// <summary>keccak256 of <see cref="CanonicalJson"/>: the snapshot's parametersHash.</summary>
    public Hash32 Hash() => Hash32.Keccak(CanonicalJson());

    /// <summary>keccak256 of the canonical form of any parameters document, as received (nothing unhashed counts).</summary>
    public static Hash32 HashOf(JsonElement document) => Hash32.Keccak(Jcs.Canonicalize(document));

    /// <summary>Reads a parameters document; throws <see cref="FormatException"/> if it is not one this version understands.</summary>
    public static SnapshotParameters Parse(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object
            || !document.TryGetProperty("format", out var format) || format.GetString() != Format)
            throw new FormatException($"not a snapshot parameters document (\"format\": \"{Format}\")");
        try
        {
            var scale = document.GetProperty("ratingScale");
            if (scale.GetArrayLength() != 2 || scale[0].GetDouble() != ChainEdges.Scale.Min || scale[1].GetDouble() != ChainEdges.Scale.Max)
                throw new FormatException("ratingScale differs from this version's edge mapping");
            return new SnapshotParameters
            {
                ChainId = document.GetProperty("chainId").GetInt64(),
                Registry = document.GetProperty("registry").GetString() ?? "",
                ScoringVersion = document.GetProperty("scoringVersion").GetUInt32(),
                Seeds = [.. document.GetProperty("seeds").EnumerateArray().Select(s => s.GetString() ?? "")],
                Alpha = Number(document, "alpha"),
                HalfLifeDays = Number(document, "halfLifeDays"),
                EndorsementWeight = Number(document, "endorsementWeight"),
                ConfirmedReciprocityWeight = Number(document, "confirmedReciprocityWeight"),
                NegativeReportWeight = Number(document, "negativeReportWeight"),
                ReciprocalTieWeight = Number(document, "reciprocalTieWeight"),
                Tolerance = Number(document, "tolerance"),
                MaxIterations = document.GetProperty("maxIterations").GetInt32(),
                GoodnessPriorWeight = Number(document, "goodnessPriorWeight"),
                FairnessPriorWeight = Number(document, "fairnessPriorWeight"),
                FairnessPriorMean = Number(document, "fairnessPriorMean"),
                StandingHalfTrust = Number(document, "standingHalfTrust"),
                GoodnessWeighting = Named(document, "goodnessWeighting", GoodnessWeighting.TrustLevel),
                BudgetFloor = document.TryGetProperty("budgetFloor", out _) ? Number(document, "budgetFloor") : 0,
                PercentileBase = Named(document, "percentileBase", PercentileBase.AllParties),
                Sources = document.TryGetProperty("sources", out var sources) ? EdgeSourceOptions.Parse(sources) : new(),
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"snapshot parameters document: {e.Message}", e);
        }
    }

    /// <summary>What the engine or the chain would reject in these values, or null; so a bad configuration fails at start-up.</summary>
    public string? Problem()
    {
        if (ScoringVersion != SnapshotScoring.Version) return $"scoring version {ScoringVersion} is not this build's ({SnapshotScoring.Version})";
        foreach (var seed in Seeds)
            if (!Crypto.EthAddress.TryParse(seed.Trim(), out _)) return $"seed '{seed}' is not an address";
        if (!(Alpha > 0 && Alpha < 1)) return $"Alpha {Alpha} is not in (0, 1)";
        if (!(HalfLifeDays >= 0)) return $"HalfLifeDays {HalfLifeDays} is negative";
        if (!(Tolerance > 0) || MaxIterations < 1) return "Tolerance must be positive and MaxIterations at least 1";
        if (!(ReciprocalTieWeight >= 0 && ReciprocalTieWeight <= 1)) return $"ReciprocalTieWeight {ReciprocalTieWeight} is not in [0, 1]";
        if (GoodnessPriorWeight < 0 || FairnessPriorWeight < 0) return "prior weights cannot be negative";
        if (!(BudgetFloor >= 0) || double.IsInfinity(BudgetFloor)) return $"BudgetFloor {BudgetFloor} is not a finite number >= 0";
        if (!Enum.IsDefined(GoodnessWeighting) || !Enum.IsDefined(PercentileBase)) return "GoodnessWeighting or PercentileBase is not a known value";
        // Open sources (anyone may attest on EAS or rate on ERC-8004) bring the floods measured in the wild
        // (59-91% coordinated reviewers): scores over them must bound what a sybil region can gain.
        if (!Sources.IsEmpty && (GoodnessWeighting != GoodnessWeighting.TrustAllocation || !(BudgetFloor > 0)))
            return "with Reputation:Sources configured, set Reputation:GoodnessWeighting=TrustAllocation and Reputation:BudgetFloor > 0 " +
                   "(recommended 10, with PercentileBase=Trusted; docs/reputation.md \"Sybil floods\")";
        return Sources.Problem();
    }

    private string[] NormalizedSeeds() =>
        [.. Seeds.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    private static double Number(JsonElement document, string name) =>
        document.GetProperty(name).ValueKind == JsonValueKind.Number
            ? document.GetProperty(name).GetDouble()
            : throw new FormatException($"\"{name}\" is not a number");

    /// <summary>An enum member by exact name; absent (documents before these options) = <paramref name="absent"/>.</summary>
    private static T Named<T>(JsonElement document, string name, T absent) where T : struct, Enum
    {
        if (!document.TryGetProperty(name, out var value)) return absent;
        string? member = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return member is not null && Enum.GetNames<T>().Contains(member, StringComparer.Ordinal)
            ? Enum.Parse<T>(member) : throw new FormatException($"\"{name}\" is not one of {string.Join(", ", Enum.GetNames<T>())}");
    }

    /// <summary>For logs: the hash and the seed count.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"parameters {Hash()} (v{ScoringVersion}, {Seeds.Length} seeds, alpha {Alpha})");
}
