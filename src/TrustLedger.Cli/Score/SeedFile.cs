namespace TrustLedger.Cli.Score;

/// <summary>Seed list: one party id per line (first CSV field); blank lines, '#' comments and a node/seed/party header skipped.</summary>
internal static class SeedFile
{
    public static string[] Read(string path)
    {
        var ids = new List<string>();
        foreach (string raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string id = line.Split(',')[0].Trim();
            if (ids.Count == 0 && id.ToLowerInvariant() is "node" or "seed" or "party" or "id") continue;
            ids.Add(id);
        }
        return [.. ids];
    }
}
