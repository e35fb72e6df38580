using System.Numerics;
using TrustLedger.Contracts.Standards.Eas;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Indexing.Sources;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>The declared mappings of outside sources, and the links each piece of evidence carries.</summary>
public sealed class EdgeSourceMappingTests
{
    private const string Alice = "0x00000000000000000000000000000000000000a1", Bob = "0x00000000000000000000000000000000000000b2";

    private static readonly EasSchemaMapping Stars = new()
    {
        Uid = "0x" + new string('1', 64), Definition = "uint8 rating,string category,address about", Rating = "rating", Category = "category",
    };

    private static EasAttestation Attestation(EasSchemaMapping m, int rating) => new()
    {
        Recipient = Alice, Attester = Bob, Data = SchemaDefinition.Parse(m.Definition).Encode(new BigInteger(rating), "logistics", Bob),
    };

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(3, 3.0)]
    [InlineData(5, 5.0)]
    public void Eas_RatingInRange_MapsLinearlyOntoStars(int rating, double stars) =>
        Assert.Equal((Alice, stars, "logistics"), EasEdgeSource.Map(Attestation(Stars, rating), Stars));

    [Fact]
    public void Eas_RatingOutOfRange_CountsNothing_AndANegativeSchemaReports()
    {
        Assert.Null(EasEdgeSource.Map(Attestation(Stars, 0), Stars));
        Assert.Null(EasEdgeSource.Map(Attestation(Stars, 6), Stars));
        var reports = new EasSchemaMapping { Uid = Stars.Uid, Definition = Stars.Definition, Rating = "rating", Kind = EasEdgeSource.NegativeReport, Subject = "about" };
        Assert.Equal((Bob, -5.0, (string?)null), EasEdgeSource.Map(Attestation(reports, 5), reports));
    }

    [Fact]
    public void Eas_MappingProblems_NameTheField()
    {
        Assert.Contains("Rating 'category'", EasEdgeSource.MappingProblem(new EasSchemaMapping { Uid = Stars.Uid, Definition = Stars.Definition, Rating = "category" }));
        Assert.Contains("Subject", EasEdgeSource.MappingProblem(new EasSchemaMapping { Uid = Stars.Uid, Definition = Stars.Definition, Subject = "rating" }));
        Assert.Contains("Uid", EasEdgeSource.MappingProblem(new EasSchemaMapping { Uid = "0x12", Definition = Stars.Definition }));
    }

    [Theory]
    [InlineData(9000, 2, "starred", 4.0)]     // 90.00 of 0..100
    [InlineData(0, 0, "starred", -5.0)]
    [InlineData(50, 0, "starred", null)]      // exactly neutral: nothing
    [InlineData(101, 0, "starred", null)]     // outside the declared range
    [InlineData(90, 0, "uptime", null)]       // a tag the rule does not count
    public void Erc8004_ValueRule(long value, int decimals, string tag, double? rating)
    {
        var source = new Erc8004EdgeSource(new Erc8004SourceOptions { Registry = Alice, IdentityRegistry = Bob, Tags = ["starred"] });
        Assert.Equal(rating, source.Rating(value, decimals, tag));
    }

    [Fact]
    public void SourceEdges_BecomeEndorsementsOrReports_AndEvidenceLinksToItsSource()
    {
        SourceEdge[] rows =
        [
            new() { Source = EasEdgeSource.Kind, Contract = "0xeas", Uid = "0xabc", Attester = Bob, Subject = Alice, Rating = 4, Time = 10, BlockNumber = 1 },
            new() { Source = Erc8004EdgeSource.Kind, Contract = "0xrep", Uid = "7:" + Bob + ":1", Reference = "7", Attester = Bob, Subject = Alice, Rating = -2, Time = 11, BlockNumber = 2, RevokedTime = 12 },
        ];
        var edges = ChainEdges.Map(rows);
        Assert.Equal([EdgeKind.Endorsement, EdgeKind.NegativeReport], edges.Select(e => e.Kind));
        Assert.Equal(12, edges[1].RevokedAt);

        var links = new EdgeSourceOptions
        {
            Eas = [new EasSourceOptions { Contract = "0xEAS", ExplorerUrl = "https://scan.example/attestation/view/{uid}" }],
            Erc8004 = [new Erc8004SourceOptions { Registry = "0xrep", ExplorerUrl = "https://agents.example/{agentId}" }],
        };
        var evidence = SourcedEvidenceIndex.Build(rows, 8453, asOf: 20, links)[Alice];
        Assert.Equal(["erc8004:8453:0xrep:7:" + Bob + ":1", "eas:8453:0xabc"], evidence.Select(e => e.Uri));
        Assert.Equal(["https://agents.example/7", "https://scan.example/attestation/view/0xabc"], evidence.Select(e => e.Url));
        Assert.Equal([false, true], evidence.Select(e => e.InForce));
    }
}
