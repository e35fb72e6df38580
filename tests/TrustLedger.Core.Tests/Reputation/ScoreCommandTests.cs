using System.CommandLine;
using System.Globalization;
using TrustLedger.Cli.Score;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>`trustledger score` end to end, in process: arguments in, exit code, CSV and messages out.</summary>
public class ScoreCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trustledger-score-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Score_OnBitcoinAlpha_WritesCheckableColumns_MatchingTheReference()
    {
        string output = Path.Combine(_dir, "scores.csv");
        var run = Run("score", "--edges", TestData.PathOf("soc-sign-bitcoinalpha.csv"), "--out", output);

        Assert.Equal(0, run.Exit);
        Assert.Contains("not sybil-resistant", run.Error);
        var rows = ReadCsv(output);
        var reference = TestData.AlphaReference();
        Assert.Equal(reference.Count, rows.Count);
        foreach (var row in rows)
        {
            var expected = reference[row["node"]];
            Assert.Equal(expected.PageRank, Number(row["pagerank"]), 1e-9);
            Assert.Equal(expected.Goodness, Number(row["goodness"]), 1e-9);
            Assert.Equal(expected.Fairness, Number(row["fairness"]), 1e-9);
            Assert.Equal("false", row["sybil_resistant"]);
        }
        Assert.Equal("1", rows[0]["rank"]);
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r["rank"]));
    }

    [Fact]
    public void Score_WithHeaderAndSeeds_IsSybilResistant_AndWritesToStandardOutput()
    {
        string edges = Write("edges.csv", "source,target,rating,time\nalice,bob,10,100\nbob,carol,8,200.75\ncarol,alice,-5,300\n");
        string seeds = Write("seeds.txt", "# pre-trusted\nnode\nalice\n");
        var run = Run("score", "--edges", edges, "--seeds", seeds);

        Assert.Equal(0, run.Exit);
        var lines = run.Output.TrimEnd().Split('\n');
        Assert.StartsWith("node,score,rank,percentile,confidence,pagerank,goodness,fairness,community,", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",true", l));
        Assert.DoesNotContain("not sybil-resistant", run.Error);
    }

    [Fact]
    public void Score_WithExplain_PrintsContributorsAndRecommendations()
    {
        var run = Run("score", "--edges", KarateCsv(), "--explain", "11", "33");
        Assert.Equal(0, run.Exit);
        Assert.Contains("explain 11: 11: score", run.Error);
        Assert.Contains("  + 0 (", run.Error);        // member 11's only friend carries its trust
        Assert.Contains("structural hole", run.Error);
        Assert.Contains("explain 33: 33: score", run.Error);
    }

    [Theory]
    [InlineData("a,b,5\nb,c\n", "line 2: expected source,target,rating[,time] but found 2 columns")]
    [InlineData("a,b,5\nb,c,good\n", "line 2: rating 'good' is not a number")]
    [InlineData("a,b,5\n\nc,c,3\n", "line 3: self-loop: 'c' rates itself")]
    [InlineData("a,b,5\nb,c,1\na,b,2\n", "line 3: duplicate edge 'a' -> 'b' (first on line 1)")]
    [InlineData("a,b,5,yesterday\n", "line 1: time 'yesterday' is not a unix time in seconds")]
    [InlineData("a,b,5,1,extra\n", "line 1: expected at most 4 columns (source,target,rating,time) but found 5")]
    [InlineData(",b,5\n", "line 1: source is empty")]
    public void Score_OnBadInput_ReportsTheLineAndFails(string csv, string message)
    {
        var run = Run("score", "--edges", Write("bad.csv", csv));
        Assert.Equal(1, run.Exit);
        Assert.Contains($"error: bad.csv {message}", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Score_ReportsEveryBadLine_NotJustTheFirst()
    {
        var run = Run("score", "--edges", Write("bad.csv", "x,y,1\ny,z,?\nz,z,1\nx,y,4\n"));
        Assert.Equal(1, run.Exit);
        Assert.Contains("line 2:", run.Error);
        Assert.Contains("line 3:", run.Error);
        Assert.Contains("line 4:", run.Error);
    }

    [Fact]
    public void Score_WithMissingFiles_OrNoEdges_Fails()
    {
        Assert.Equal(1, Run("score", "--edges", Path.Combine(_dir, "nope.csv")).Exit);
        Assert.Equal(1, Run("score", "--edges", Write("empty.csv", "# nothing\n")).Exit);
        Assert.NotEqual(0, Run("score").Exit); // --edges is required
    }

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { ScoreCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string KarateCsv() =>
        Write("karate.csv", string.Concat(KarateClub.Edges().Select(e => $"{e.Source},{e.Target},{e.Rating}\n")));

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
