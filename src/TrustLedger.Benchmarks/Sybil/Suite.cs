namespace TrustLedger.Benchmarks.Sybil;

public static class Suite
{
    /// <summary>The benchmark's attack: the strongest we found (see README.md).</summary>
    public const string Headline = "edges=leverage,targets=flagged,smear=1,gw=direct";

    public static AttackSpec Parse(string s)
    {
        var a = new AttackSpec();
        foreach (var kv in s.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (k, v) = (kv.Split('=')[0], kv.Split('=')[1]);
            a = k switch
            {
                "edges" => a with { EdgeSource = v },
                "targets" => a with { Targets = v },
                "smear" => a with { Smear = v is "1" or "true" },
                "ring" => a with { Ring = int.Parse(v) },
                "camo" => a with { Camouflage = int.Parse(v) },
                "gw" => a with { Gateway = v },
                "share" => a with { Share = double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) },
                "k" => a with { AttackEdges = int.Parse(v) },
                "seed" => a with { Seed = ulong.Parse(v) },
                "per" => a with { PerSybil = int.Parse(v) },
                _ => throw new ArgumentException($"unknown attack key {k}"),
            };
        }
        return a;
    }

    public static readonly string[] Full =
    [
        "edges=none,targets=flagged",
        "edges=random,seed=1,targets=flagged", "edges=random,seed=2,targets=flagged", "edges=random,seed=3,targets=flagged",
        "edges=random,seed=4,targets=flagged", "edges=random,seed=5,targets=flagged",
        "edges=random,seed=1,targets=fraud",
        "edges=toptrust,targets=flagged",
        Headline,
        "edges=leverage,targets=flagged,smear=0",
        "edges=leverage,targets=fraud",
        "edges=leverage,targets=flagged,gw=full",
        "edges=leverage,targets=flagged,gw=camo,camo=20",
        "edges=leverage,targets=flagged:5,smear=0",
        "edges=leverage,targets=flagged:1,smear=0",
        "edges=toptrust,targets=flagged:1,smear=0",
        "edges=leverage,targets=flagged:5,smear=0,gw=full,ring=9",
        "edges=leverage,targets=flagged:1,smear=0,gw=full,ring=9",
        "edges=leverage,targets=flagged,k=20",
        "edges=leverage,targets=flagged,share=0.5",
        "edges=leverage,targets=flagged,share=0.99,per=16",
        "edges=seeds,targets=flagged",
    ];

    public static readonly string[] Core = ["edges=none,targets=flagged", "edges=random,seed=1,targets=flagged", "edges=toptrust,targets=flagged", Headline, "edges=leverage,targets=flagged:1,smear=0"];

    public static (AttackSpec, string)[] Runs(string[] rules, string attacks)
    {
        string[] list = attacks switch { "full" => Full, "core" => Core, "headline" => [Headline], _ => attacks.Split(';') };
        var runs = new List<(AttackSpec, string)>();
        foreach (var r in rules) foreach (var a in list) runs.Add((Parse(a), r));
        return [.. runs];
    }
}
