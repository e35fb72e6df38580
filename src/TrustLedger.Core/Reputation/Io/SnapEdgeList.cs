using System.IO.Compression;

namespace TrustLedger.Core.Reputation;

/// <summary>
/// Fast loader for SNAP's unsigned edge lists (`FromNodeId ToNodeId`, '#' comments, optionally gzip):
/// decompresses into memory and parses bytes directly, every edge one endorsement with a fixed rating.
/// Node ids must be non-negative integers.
/// </summary>
public static class SnapEdgeList
{
    public static EdgeTable Load(string path, double rating = 1)
    {
        using var file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream((int)Math.Min(int.MaxValue / 2, file.Length * 4));
        input.CopyTo(memory, 1 << 20);
        return Parse(memory.GetBuffer().AsSpan(0, (int)memory.Length), rating);
    }

    public static EdgeTable Parse(ReadOnlySpan<byte> data, double rating = 1)
    {
        var table = new EdgeTable(data.Count((byte)'\n') + 1);
        var parties = new Dictionary<long, int>();
        int pos = 0, line = 0;
        Span<long> ids = stackalloc long[2];
        while (pos < data.Length)
        {
            line++;
            int end = data[pos..].IndexOf((byte)'\n');
            end = end < 0 ? data.Length : pos + end;
            var text = data[pos..end];
            pos = end + 1;
            if (text.IsEmpty || text[0] == (byte)'#' || text.Trim((byte)'\r').IsEmpty) continue;
            int found = 0, i = 0;
            while (found < 2)
            {
                while (i < text.Length && (text[i] == (byte)' ' || text[i] == (byte)'\t')) i++;
                if (i >= text.Length || text[i] < (byte)'0' || text[i] > (byte)'9')
                    throw new FormatException($"line {line}: expected two non-negative integer node ids");
                long value = 0;
                while (i < text.Length && text[i] >= (byte)'0' && text[i] <= (byte)'9') value = value * 10 + (text[i++] - '0');
                ids[found++] = value;
            }
            table.Add(Intern(ids[0]), Intern(ids[1]), rating);
        }
        return table;

        int Intern(long id)
        {
            if (!parties.TryGetValue(id, out int index))
            {
                index = table.Party(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                parties.Add(id, index);
            }
            return index;
        }
    }
}
