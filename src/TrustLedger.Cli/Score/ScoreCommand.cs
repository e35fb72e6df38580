using System.CommandLine;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Cli.Score;

/// <summary>
/// `trustledger score --edges FILE [--seeds FILE] [--out FILE]`: reputation of every party in an edge list
/// (CSV source,target,rating[,time]), written as CSV best first. Bad input: line-numbered errors, exit 1.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var edges = new Option<FileInfo>("--edges") { Description = "Edge list CSV: source,target,rating[,time] (header optional)", Required = true };
        var seeds = new Option<FileInfo?>("--seeds") { Description = "Pre-trusted parties, one id per line. Without: uniform restart, not sybil-resistant" };
        var output = new Option<FileInfo?>("--out") { Description = "Output CSV (default: standard output)" };
        var alpha = new Option<double>("--alpha") { Description = "Restart probability of the trust walk", DefaultValueFactory = _ => 0.15 };
        var halfLife = new Option<double>("--half-life-days") { Description = "Half-life of evidence in days; 0 turns decay off", DefaultValueFactory = _ => 730 };
        var asOf = new Option<long?>("--as-of") { Description = "Evaluate at this unix time (default: latest edge time)" };
        var ratingMin = new Option<double>("--rating-min") { Description = "Lowest rating of the scale", DefaultValueFactory = _ => -10 };
        var ratingMax = new Option<double>("--rating-max") { Description = "Highest rating of the scale", DefaultValueFactory = _ => 10 };
        var noNetwork = new Option<bool>("--no-network") { Description = "Skip the social-network metrics (betweenness, communities, ...)" };
        var explain = new Option<string[]>("--explain") { Description = "Also explain these parties (contributors, tie shares, recommendations) on standard error", AllowMultipleArgumentsPerToken = true };

        var command = new Command("score", "Compute every party's reputation from an edge list")
        {
            edges, seeds, output, alpha, halfLife, asOf, ratingMin, ratingMax, noNetwork, explain,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var edgeFile = parse.GetRequiredValue(edges);
            if (!edgeFile.Exists) return Fail(error, $"edges file '{edgeFile.FullName}' not found");
            EdgeCsvResult read;
            using (var reader = edgeFile.OpenText()) read = EdgeCsvReader.Read(reader);
            if (!read.Ok)
            {
                foreach (var e in read.Errors) error.WriteLine($"error: {edgeFile.Name} line {e.Line}: {e.Message}");
                if (read.Errors.Count == EdgeCsvReader.MaxErrors) error.WriteLine($"error: stopped after {EdgeCsvReader.MaxErrors} errors");
                return 1;
            }
            if (read.Table.Count == 0) return Fail(error, $"{edgeFile.Name} contains no edges");

            string[] seedIds = [];
            if (parse.GetValue(seeds) is { } seedFile)
            {
                if (!seedFile.Exists) return Fail(error, $"seeds file '{seedFile.FullName}' not found");
                seedIds = SeedFile.Read(seedFile.FullName);
            }
            ReputationOptions options;
            try
            {
                options = new ReputationOptions
                {
                    Seeds = seedIds, Alpha = parse.GetValue(alpha), HalfLifeDays = parse.GetValue(halfLife),
                    AsOf = parse.GetValue(asOf), Scale = new RatingScale(parse.GetValue(ratingMin), parse.GetValue(ratingMax)),
                    NetworkMetrics = !parse.GetValue(noNetwork),
                };
                var result = ReputationEngine.Compute(read.Table, options);
                foreach (string w in result.Warnings) error.WriteLine($"warning: {w}");
                var outFile = parse.GetValue(output);
                using (var writer = outFile is null ? null : new StreamWriter(outFile.FullName))
                    ScoreCsvWriter.Write(writer ?? parse.InvocationConfiguration.Output, result);
                foreach (string party in parse.GetValue(explain) ?? [])
                {
                    if (!result.TryGet(party, out _)) { error.WriteLine($"warning: cannot explain unknown party '{party}'"); continue; }
                    ExplanationWriter.Write(error, result, party);
                }
                error.WriteLine($"scored {result.Parties.Count} parties from {result.Edges.Active} active edges " +
                    $"(as of {result.AsOf}); sybil-resistant: {(result.SybilResistant ? "yes" : "no")}" +
                    (outFile is null ? "" : $"; wrote {outFile.FullName}"));
                return 0;
            }
            catch (ArgumentException e)
            {
                return Fail(error, e.Message);
            }
        });
        return command;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return 1;
    }
}
