using System.Globalization;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// The leaf set as CSV, for download and for anyone rebuilding the tree with their own tools:
/// header <c>party,score,rank,evidenceCount,leafHash</c>, one row per party in tree order
/// (ascending leaf hash), integers in decimal, addresses and hashes as lower-case 0x-hex.
/// </summary>
public static class SnapshotLeafSetCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "party,score,rank,evidenceCount,leafHash";

    private const string HeaderWithoutHashes = "party,score,rank,evidenceCount";

    /// <summary>Writes every leaf of <paramref name="tree"/> with its leaf hash.</summary>
    public static void Write(SnapshotMerkleTree tree, TextWriter writer)
    {
        writer.Write(Header);
        writer.Write('\n');
        for (int i = 0; i < tree.Count; i++)
        {
            SnapshotLeaf leaf = tree.Leaves[i];
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{leaf.Party},{leaf.Score},{leaf.Rank},{leaf.EvidenceCount},{tree.LeafHash(i)}\n"));
        }
    }

    /// <summary>
    /// Reads a leaf set and rebuilds its tree. The leafHash column may be left out; when present,
    /// every row's hash must match its values. Throws <see cref="FormatException"/> naming the line.
    /// </summary>
    public static SnapshotMerkleTree Read(TextReader reader)
    {
        string? header = reader.ReadLine()?.Trim();
        bool withHashes = header == Header;
        if (!withHashes && header != HeaderWithoutHashes)
            throw new FormatException($"Line 1: expected the header '{Header}', got '{header}'.");

        var leaves = new List<SnapshotLeaf>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            leaves.Add(ParseRow(line, withHashes, lineNumber));
        }
        try
        {
            return SnapshotMerkleTree.Build(leaves);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static SnapshotLeaf ParseRow(string line, bool withHashes, int lineNumber)
    {
        string[] cells = line.Trim().Split(',');
        if (cells.Length != (withHashes ? 5 : 4))
            throw new FormatException($"Line {lineNumber}: expected {(withHashes ? 5 : 4)} columns, got {cells.Length}.");
        SnapshotLeaf leaf;
        try
        {
            leaf = new SnapshotLeaf(cells[0], ParseUInt(cells[1]), ParseUInt(cells[2]), ParseUInt(cells[3]));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            throw new FormatException($"Line {lineNumber}: {e.Message}", e);
        }
        if (withHashes && (!Hash32.TryParse(cells[4], out Hash32 stated) || stated != leaf.Hash()))
            throw new FormatException($"Line {lineNumber}: leafHash {cells[4]} does not match the row's values (expected {leaf.Hash()}).");
        return leaf;
    }

    private static ulong ParseUInt(string cell) => ulong.Parse(cell, NumberStyles.None, CultureInfo.InvariantCulture);
}
