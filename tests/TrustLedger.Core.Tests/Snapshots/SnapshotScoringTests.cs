using System.Text;
using System.Text.Json;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

/// <summary>Rows to leaves without a chain: ranks, evidence counts, the parameters document and its hash.</summary>
public class SnapshotScoringTests
{
    private const string A = "0x00000000000000000000000000000000000000a1";
    private const string B = "0x00000000000000000000000000000000000000b2";
    private const string C = "0x00000000000000000000000000000000000000c3";
    private const string D = "0x00000000000000000000000000000000000000d4";
    private static readonly SnapshotParameters Parameters = new() { ChainId = 31337, Registry = "0x" + new string('1', 40), Seeds = [A] };

    [Fact]
    public void CompetitionRanks_ShareRanksOnEqualScores_AndSkipAfter()
    {
        Assert.Equal([1UL, 2, 2, 4, 5], SnapshotScoring.CompetitionRanks([9000UL, 5000, 5000, 4000, 0]));
        Assert.Equal([4UL, 2, 1, 2], SnapshotScoring.CompetitionRanks([10UL, 20, 30, 20]));
        Assert.Equal([1UL, 1, 1], SnapshotScoring.CompetitionRanks([0UL, 0, 0]));
    }

    [Fact]
    public void Score_CountsOnlyEvidenceThatCountsAtTheAsOfTime()
    {
        const long asOf = 1_000;
        AttestationEdge[] rows =
        [
            Endorsement("0x01", A, B, 5, time: 100),
            Endorsement("0x02", C, B, 4, time: 200),
            Endorsement("0x03", D, B, 5, time: 300, revokedAt: 900),   // revoked before asOf: no evidence
            Endorsement("0x04", A, C, 3, time: 400, expiration: 500),  // expired before asOf
            Endorsement("0x05", A, D, 5, time: 1_500),                  // after asOf (cannot happen at a block; still ignored)
            Endorsement("0x06", B, A, 4, time: 600, revokedAt: 2_000), // revoked after asOf: counts
        ];

        var scores = SnapshotScoring.Score(rows, Parameters, asOf);

        var byParty = scores.Leaves.ToDictionary(l => l.Party);
        Assert.Equal(2UL, byParty[B].EvidenceCount);
        Assert.Equal(0UL, byParty[C].EvidenceCount);
        Assert.Equal(1UL, byParty[A].EvidenceCount);
        Assert.Equal(6, scores.AttestationCount);
        Assert.True(scores.SybilResistant);
        var engine = ReputationEngine.Compute(ChainEdges.Map(rows), Parameters.ToReputationOptions(asOf));
        foreach (var p in engine.Parties)
            Assert.Equal(ScoreScale.FromPoints(p.Score), byParty[p.Party].Score);
        Assert.Equal(SnapshotScoring.CompetitionRanks([.. scores.Leaves.Select(l => l.Score)]), scores.Leaves.Select(l => l.Rank));
    }

    [Fact]
    public void Score_OfNoEdges_IsEmpty()
    {
        var scores = SnapshotScoring.Score([], Parameters, 1_000);
        Assert.Empty(scores.Leaves);
    }

    [Fact]
    public void ParametersHash_IsKeccakOfTheCanonicalDocument_AndSeedsAreNormalized()
    {
        var mixed = Parameters with { Seeds = [" " + A.ToUpperInvariant().Replace("0X", "0x") + " ", A, B] };
        var clean = Parameters with { Seeds = [B, A] };
        Assert.Equal(clean.Hash(), mixed.Hash());
        Assert.Equal(Hash32.Keccak(clean.CanonicalJson()), clean.Hash());

        var canonical = Encoding.UTF8.GetString(clean.CanonicalJson());
        Assert.StartsWith("{\"alpha\":0.15,", canonical);
        Assert.Contains("\"tolerance\":1e-10", canonical);
        Assert.Contains($"\"seeds\":[\"{A}\",\"{B}\"]", canonical);

        // What a verifier downloads: pretty-printed, reordered. It hashes (canonicalized) and parses to the same.
        using var pretty = JsonDocument.Parse(clean.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Assert.Equal(clean.Hash(), SnapshotParameters.HashOf(pretty.RootElement));
        Assert.Equal(clean.Hash(), SnapshotParameters.Parse(pretty.RootElement).Hash());
    }

    [Fact]
    public void ParametersHash_ChangesWithAnyScoringInput()
    {
        var baseline = Parameters.Hash();
        SnapshotParameters[] changed =
        [
            Parameters with { Seeds = [B] }, Parameters with { Alpha = 0.2 }, Parameters with { HalfLifeDays = 365 },
            Parameters with { Registry = "0x" + new string('2', 40) }, Parameters with { ChainId = 1 },
            Parameters with { ConfirmedReciprocityWeight = 3 }, Parameters with { Tolerance = 1e-9 },
            Parameters with { StandingHalfTrust = 0.2 }, Parameters with { ScoringVersion = SnapshotScoring.Version + 1 },
            Parameters with { BudgetFloor = 10 }, Parameters with { GoodnessWeighting = GoodnessWeighting.TrustAllocation },
            Parameters with { PercentileBase = PercentileBase.Trusted },
        ];
        Assert.All(changed, p => Assert.NotEqual(baseline, p.Hash()));
        Assert.Equal(changed.Length, changed.Select(p => p.Hash()).Distinct().Count());
    }

    [Fact]
    public void SybilFloodOptions_RoundTripThroughTheDocument_AndOlderDocumentsMeanTheDefaults()
    {
        var flood = Parameters with { BudgetFloor = 10, GoodnessWeighting = GoodnessWeighting.TrustAllocation, PercentileBase = PercentileBase.Trusted };
        using var doc = JsonDocument.Parse(flood.CanonicalJson());
        var parsed = SnapshotParameters.Parse(doc.RootElement);
        Assert.Equal(flood.Hash(), parsed.Hash());
        var options = parsed.ToReputationOptions(1_000);
        Assert.Equal((10.0, GoodnessWeighting.TrustAllocation, PercentileBase.Trusted), (options.BudgetFloor, options.GoodnessWeighting, options.PercentileBase));

        var older = Parameters.ToJson();
        older.Remove("budgetFloor"); older.Remove("goodnessWeighting"); older.Remove("percentileBase");
        using var olderDoc = JsonDocument.Parse(older.ToJsonString());
        var defaults = SnapshotParameters.Parse(olderDoc.RootElement);
        Assert.Equal((0.0, GoodnessWeighting.TrustLevel, PercentileBase.AllParties), (defaults.BudgetFloor, defaults.GoodnessWeighting, defaults.PercentileBase));

        var bad = Parameters.ToJson(); bad["percentileBase"] = "1";
        using var badDoc = JsonDocument.Parse(bad.ToJsonString());
        Assert.Throws<FormatException>(() => SnapshotParameters.Parse(badDoc.RootElement));
    }

    [Fact]
    public void Parse_RefusesAnotherFormat()
    {
        using var other = JsonDocument.Parse("""{"format":"something-else"}""");
        Assert.Throws<FormatException>(() => SnapshotParameters.Parse(other.RootElement));
    }

    private static AttestationEdge Endorsement(string uid, string from, string to, byte stars, long time, long? revokedAt = null, long expiration = 0) => new()
    {
        Uid = uid, Attester = from, Subject = to, SchemaUid = ProductSchemas.Endorsement.Uid,
        Data = ProductSchemas.Endorsement.Parsed.Encode(stars, new byte[32], ""), Time = time, Expiration = expiration, RevokedTime = revokedAt,
    };
}
