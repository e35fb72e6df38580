using System.ComponentModel.DataAnnotations;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Api.Reputation;

public sealed record NetworkSummaryView(
    int Parties, int Ties, double Density, int Communities, double Modularity, IReadOnlyList<string> KeyPlayers,
    object? Resilience, long AsOfBlock, bool SybilResistant, long? NetworkAsOfBlock = null);

public sealed record GraphNode(string Id, double Score, int Community, bool IsCenter, double Constraint);

public sealed record GraphEdge(string Source, string Target, string Kind, double Weight);

public sealed record RecommendationView(string Party, string Reason, double Score, int Community);

public sealed record NetworkGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, IReadOnlyList<string> StructuralHoles,
    IReadOnlyList<RecommendationView> Recommended, long AsOfBlock, long? NetworkAsOfBlock = null);

/// <summary>The trust network: its shape, a party's neighbourhood, and who a party should connect with.</summary>
public static class NetworkApi
{
    private const int MaxNodes = 250;

    public static void MapNetwork(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/network/summary", Summary).WithTags("Network")
            .Documented("Parties, ties, density, communities, key players and resilience",
                "The shape of the whole trust network as of `asOfBlock`, from the reputation board every read serves. `sybilResistant` is false while no trust anchors (Reputation:Seeds) are set.")
            .Produces<NetworkSummaryView>();
        routes.MapGet("/v1/network/graph", Graph).WithTags("Network")
            .Documented("A party's neighbourhood (or the whole network) with ties classed bonding, bridging or linking",
                "With `center` (an address): the parties within `depth` hops (1..3, default 2), at most 250 nodes, with structural holes and recommended ties. Without: the 250 best-ranked parties. 404 unknown-party when `center` has no reputation yet.")
            .Produces<NetworkGraph>().WithProblems("unknown-party");
        routes.MapGet("/v1/parties/{address}/recommendations", Recommendations).WithTags("Network")
            .Documented("Who a party should connect with to bridge a structural hole, and why",
                "Up to 5 parties outside the party's own community whose tie would span a structural hole, each with the reason.")
            .Produces<List<RecommendationView>>().WithProblems("unknown-party");
    }

    private static IResult Summary(ReputationState state)
    {
        var board = state.Board;
        var r = board.Result;
        var ties = board.Ties.Count;
        var n = r.Parties.Count;
        return TypedResults.Ok(new NetworkSummaryView(n, ties, n > 1 ? ties / (double)(n * (n - 1L)) : 0,
            r.Network?.Communities ?? 0, r.Network?.Modularity ?? 0, r.Network?.Resilience?.KeyPlayers ?? [], r.Network?.Resilience,
            board.AsOfBlock, r.SybilResistant, board.NetworkAsOfBlock)); // communities, modularity, resilience: as of that block
    }

    private static IResult Graph(ReputationState state, string? center, [Range(1, 3)] int? depth)
    {
        var f = new InputFields();
        var centre = f.OptionalAddress("center", center);
        var hops = depth ?? 2; // 1..3: checked by the framework's validation (AddValidation) from the annotation
        if (!f.Valid) return f.Problem();
        var board = state.Board;
        var ties = board.Ties;
        var neighbours = ties.SelectMany(t => new[] { (t.Key.Source, t.Key.Target), (t.Key.Target, t.Key.Source) })
            .GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).OrderBy(x => x, StringComparer.Ordinal).ToList());

        HashSet<string> chosen;
        if (centre is null)
        {
            chosen = [.. board.Result.Ranked().Take(MaxNodes).Select(p => p.Party)];
        }
        else
        {
            if (!board.Result.TryGet(centre, out _)) return Problems.Of(StatusCodes.Status404NotFound, "unknown-party", "No reputation yet", $"{centre} is not in the network");
            chosen = [centre];
            var frontier = new List<string> { centre };
            for (var i = 0; i < hops && chosen.Count < MaxNodes; i++)
            {
                var next = new List<string>();
                foreach (var party in frontier)
                foreach (var other in neighbours.GetValueOrDefault(party) ?? [])
                    if (chosen.Count < MaxNodes && chosen.Add(other)) next.Add(other);
                frontier = next;
            }
        }

        // Without network figures (a board from trust alone, or a party newer than the carried figures: ReputationView)
        // community -1 and constraint 0, as the view says: NaN has no JSON.
        var nodes = chosen.Select(id => board.Result[id]).OrderBy(p => p.Rank)
            .Select(p => new GraphNode(p.Party, Math.Round(p.Score, 2), board.HasNetwork ? p.Community : -1, p.Party == centre,
                double.IsNaN(p.Constraint) ? 0 : p.Constraint)).ToList();
        // The tie's kind from the one rule the explanation uses (rater -> party), so the graph and topContributors agree.
        var edges = ties.Where(t => chosen.Contains(t.Key.Source) && chosen.Contains(t.Key.Target))
            .Select(t => new GraphEdge(t.Key.Source, t.Key.Target, board.Result.TieKind(t.Key.Source, t.Key.Target).Name(), t.Value))
            .OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Target, StringComparer.Ordinal).ToList();
        // Brokers: the least constrained parties in view span structural holes between groups.
        var holes = nodes.Where(n => n.Constraint > 0).OrderBy(n => n.Constraint).Take(Math.Max(1, nodes.Count / 10)).Select(n => n.Id).ToList();
        var recommended = centre is null ? [] : Recommend(board, centre);
        return TypedResults.Ok(new NetworkGraph(nodes, edges, holes, recommended, board.AsOfBlock, board.NetworkAsOfBlock));
    }

    private static IResult Recommendations(string address, ReputationState state)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        if (!f.Valid) return f.Problem();
        var board = state.Board;
        if (!board.Result.TryGet(address, out _))
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-party", "No reputation yet", $"{address} is not in the network");
        return TypedResults.Ok(Recommend(board, address));
    }

    private static List<RecommendationView> Recommend(ReputationBoard board, string party) =>
        [.. board.Result.Recommend(party, 5).Select(r => new RecommendationView(r.Party, r.Reason, Math.Round(board.Result[r.Party].Score, 2), r.Community))];
}
