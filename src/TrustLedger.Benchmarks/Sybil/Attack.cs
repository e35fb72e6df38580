using TrustLedger.Core.Reputation;

namespace TrustLedger.Benchmarks.Sybil;

/// <summary>
/// The sybil flood, fully determined by these fields and the honest data (no other randomness).
/// Sybils are new parties "sybil-NNNNNN"; there are S = ceil(Share * R / (1 - Share)) of them, R = the honest
/// raters (parties with at least one out-rating in the real data), so sybils are the smallest count that makes
/// at least Share of all raters. Every sybil edge and attack edge is made at AsOf (the last real edge time):
/// fresh evidence, full mass under the 730-day decay, which is the attacker's best choice.
/// </summary>
public sealed record AttackSpec
{
    public double Share { get; init; } = 0.906;
    public int AttackEdges { get; init; } = 10;

    /// <summary>
    /// Who gives the attack edges (each gives one +10 rating to a distinct gateway sybil):
    /// random   - honest raters drawn uniformly (SplitMix64(Seed) permutation of the honest raters in canonical order, seeds skipped);
    /// toptrust - the non-seed honest raters with the highest pre-attack trust (bribed or compromised accounts);
    /// leverage - the non-seed honest raters that pass the most trust through one new fresh +10 edge, by the engine's
    ///            own formula on the public pre-attack scores: (1-alpha) t(u) f(u) / (P(u) + N(u) + 1);
    /// seeds    - the seeds themselves (governance failure; outside the threat model, stress only);
    /// none     - no attack edge (the cluster is unreachable).
    /// </summary>
    public string EdgeSource { get; init; } = "leverage";

    /// <summary>
    /// Promoted targets: "fraud" = every labelled fraudulent user (102); "fraud:K" = the K labelled fraudulent users with
    /// the highest pre-attack score (the attacker concentrates on the easiest to lift).
    /// </summary>
    public string Targets { get; init; } = "fraud";

    /// <summary>Every sybil (gateways included) also rates every labelled benign user -10.</summary>
    public bool Smear { get; init; } = true;

    /// <summary>Each regular sybil rates the next Ring sybils +10 (ring order), so the region is one connected cluster.</summary>
    public int Ring { get; init; } = 3;

    /// <summary>Each sybil also rates the Camouflage best pre-attack honest parties (highest smoothed goodness, not targets or victims) +10.</summary>
    public int Camouflage { get; init; } = 0;

    /// <summary>
    /// What the gateways (the sybils holding attack edges) rate: "direct" = targets (+ smear victims) only, the
    /// most trust per target; "full" = like every other sybil (targets, victims, ring, camouflage), spreading
    /// trust over the whole region; "camo" = targets, victims and camouflage.
    /// </summary>
    public string Gateway { get; init; } = "direct";

    public ulong Seed { get; init; } = 0x5EED_2016_0906UL;

    /// <summary>
    /// 0 = every sybil rates every target and victim. P > 0: each regular sybil rates only P of them, round-robin over
    /// targets then victims (used at 99% share to keep the edge count in memory; gateways always rate all of them).
    /// </summary>
    public int PerSybil { get; init; } = 0;

    public string Name => $"{EdgeSource}{(AttackEdges != 10 ? $"x{AttackEdges}" : "")}{(EdgeSource == "random" ? $"#{Seed % 1000}" : "")}/{Targets}/{(Smear ? "smear" : "nosmear")}/gw={Gateway}{(Ring != 3 ? $"/ring={Ring}" : "")}{(Camouflage > 0 ? $"/camo={Camouflage}" : "")}/share={Share}{(PerSybil > 0 ? $"/per={PerSybil}" : "")}";

    public static int SybilCount(int honestRaters, double share)
    {
        // smallest S with S / (S + R) >= share, in exact integer arithmetic for share given to 1e-6
        long num = (long)Math.Round(share * 1_000_000), den = 1_000_000 - num;
        return (int)((num * honestRaters + den - 1) / den);
    }
}

public sealed class AttackPlan
{
    public required List<RawEdge> Edges { get; init; }
    public required string[] Sybils { get; init; }
    public required string[] Targets { get; init; }
    public required string[] Victims { get; init; }
    public required string[] AttackRaters { get; init; }
    public required string[] Gateways { get; init; }
    public int HonestRaters { get; init; }

    public static AttackPlan Build(AttackSpec a, Baseline pre, SortedDictionary<string, int> labels)
    {
        var honestRaters = pre.Raters; // canonical order
        int s = AttackSpec.SybilCount(honestRaters.Length, a.Share);
        var sybils = new string[s];
        for (int i = 0; i < s; i++) sybils[i] = $"sybil-{i:D6}";
        var seedSet = new HashSet<string>(pre.Seeds);

        string[] targets = SelectTargets(a.Targets, pre, labels);
        string[] victims = a.Smear ? labels.Where(kv => kv.Value == 1).Select(kv => kv.Key).ToArray() : [];
        var excluded = new HashSet<string>(targets.Concat(victims));
        string[] camouflage = pre.Result.Parties.Where(p => p.Trust > 0 && !excluded.Contains(p.Party))
            .OrderByDescending(p => p.SmoothedGoodness).ThenBy(p => p.Party, PartyOrder.Instance)
            .Take(a.Camouflage).Select(p => p.Party).ToArray();

        string[] attackers = SelectAttackRaters(a, pre, seedSet);
        int g = attackers.Length;
        var gateways = sybils.Take(Math.Max(g, 0)).ToArray();
        long t = pre.AsOf;
        int perSybil = a.PerSybil > 0 ? Math.Min(a.PerSybil, targets.Length + victims.Length) : targets.Length + victims.Length;
        var edges = new List<RawEdge>(checked(s * (perSybil + a.Ring + a.Camouflage) + g * (targets.Length + victims.Length)));
        for (int i = 0; i < g; i++) edges.Add(new RawEdge(attackers[i], gateways[i], 10, t));
        for (int i = 0; i < s; i++)
        {
            string me = sybils[i];
            bool gateway = i < g;
            if (a.PerSybil > 0 && !gateway)
            {
                int all = targets.Length + victims.Length;
                for (int j = 0; j < Math.Min(a.PerSybil, all); j++)
                {
                    int k = (int)(((long)i * a.PerSybil + j) % all);
                    edges.Add(k < targets.Length ? new RawEdge(me, targets[k], 10, t) : new RawEdge(me, victims[k - targets.Length], -10, t));
                }
            }
            else
            {
                foreach (string x in targets) edges.Add(new RawEdge(me, x, 10, t));
                foreach (string x in victims) edges.Add(new RawEdge(me, x, -10, t));
            }
            if (gateway && a.Gateway == "direct") continue;
            if (!gateway || a.Gateway == "full")
                for (int j = 1; j <= a.Ring; j++) edges.Add(new RawEdge(me, sybils[(i + j) % s], 10, t));
            foreach (string x in camouflage) edges.Add(new RawEdge(me, x, 10, t));
        }
        // every sybil must be a rater; check the share on the edges themselves
        var raters = new HashSet<string>(pre.Raters);
        var sybilRaters = new HashSet<string>();
        foreach (var e in edges) { if (e.Source.StartsWith("sybil-", StringComparison.Ordinal)) sybilRaters.Add(e.Source); else raters.Add(e.Source); }
        if (sybilRaters.Count != s || raters.Count != honestRaters.Length)
            throw new InvalidOperationException($"rater counts off: {sybilRaters.Count} sybil, {raters.Count} honest");
        return new AttackPlan { Edges = edges, Sybils = sybils, Targets = targets, Victims = victims, AttackRaters = attackers, Gateways = gateways, HonestRaters = honestRaters.Length };
    }

    private static string[] SelectTargets(string spec, Baseline pre, SortedDictionary<string, int> labels)
    {
        var fraud = labels.Where(kv => kv.Value == -1).Select(kv => kv.Key).ToArray();
        if (spec == "fraud") return fraud;
        if (spec == "none") return []; // smear only
        if (spec.StartsWith("one:", StringComparison.Ordinal)) return [spec[4..]]; // a single chosen party
        // flagged: labelled fraudulent users the real community already rates negatively on average (mean received rating < 0)
        var sum = new Dictionary<string, (long Sum, int Count)>();
        foreach (var e in pre.Edges) { var (s0, c0) = sum.GetValueOrDefault(e.Target); sum[e.Target] = (s0 + e.Rating, c0 + 1); }
        var flagged = fraud.Where(x => sum.TryGetValue(x, out var sc) && sc.Sum < 0).ToArray();
        if (spec == "flagged") return flagged;
        if (spec.StartsWith("flagged:", StringComparison.Ordinal))
        {
            int k = int.Parse(spec[8..]);
            return flagged.OrderByDescending(x => pre.Result[x].Score).ThenByDescending(x => pre.Result[x].NetTrust)
                .ThenBy(x => x, PartyOrder.Instance).Take(k).ToArray();
        }
        if (spec.StartsWith("fraud:", StringComparison.Ordinal))
        {
            int k = int.Parse(spec[6..]);
            return fraud.OrderByDescending(x => pre.Result[x].Score).ThenByDescending(x => pre.Result[x].NetTrust)
                .ThenBy(x => x, PartyOrder.Instance).Take(k).ToArray();
        }
        throw new ArgumentException($"unknown target set {spec}");
    }

    private static string[] SelectAttackRaters(AttackSpec a, Baseline pre, HashSet<string> seeds)
    {
        int k = a.AttackEdges;
        var candidates = pre.Raters.Where(r => !seeds.Contains(r)).ToArray();
        switch (a.EdgeSource)
        {
            case "none": return [];
            case "seeds": return pre.Seeds.Take(k).ToArray();
            case "random":
            {
                var rng = new SplitMix64(a.Seed);
                var perm = rng.Permutation(candidates.Length);
                return perm.Take(k).Select(i => candidates[i]).ToArray();
            }
            case "toptrust":
                return candidates.OrderByDescending(r => pre.Result[r].Trust).ThenBy(r => r, PartyOrder.Instance).Take(k).ToArray();
            case "leverage":
                return candidates.OrderByDescending(r => pre.Leverage(r)).ThenBy(r => r, PartyOrder.Instance).Take(k).ToArray();
            default: throw new ArgumentException($"unknown edge source {a.EdgeSource}");
        }
    }
}
