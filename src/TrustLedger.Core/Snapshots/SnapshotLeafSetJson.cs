using System.Globalization;
using System.Text.Json;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// The leaf set as JSON, self-checking: it carries the root, and reading it back rebuilds the
/// tree and fails unless every leaf hash and the root match.
/// <code>
/// { "format": "trustledger-snapshot-leaves-v1",
///   "leafEncoding": ["address","uint256","uint256","uint256"],
///   "merkleRoot": "0x…", "partyCount": 2,
///   "leaves": [ { "party": "0x…", "score": "5713", "rank": "1", "evidenceCount": "12", "leafHash": "0x…" }, … ] }
/// </code>
/// Integers are decimal strings (uint256 in JSON, no precision loss in JavaScript); leaves are in
/// tree order. Also writes OpenZeppelin's own "standard-v1" dump, which
/// <c>StandardMerkleTree.load</c> reads directly.
/// </summary>
public static class SnapshotLeafSetJson
{
    /// <summary>Value of the "format" member.</summary>
    public const string Format = "trustledger-snapshot-leaves-v1";

    private static readonly string[] LeafEncoding = ["address", "uint256", "uint256", "uint256"];

    /// <summary>Writes the leaf set of <paramref name="tree"/> (UTF-8).</summary>
    public static void Write(SnapshotMerkleTree tree, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("format", Format);
        WriteLeafEncoding(json);
        json.WriteString("merkleRoot", tree.Root.ToString());
        json.WriteNumber("partyCount", tree.Count);
        json.WriteStartArray("leaves");
        for (int i = 0; i < tree.Count; i++)
        {
            SnapshotLeaf leaf = tree.Leaves[i];
            json.WriteStartObject();
            json.WriteString("party", leaf.Party);
            json.WriteString("score", Decimal(leaf.Score));
            json.WriteString("rank", Decimal(leaf.Rank));
            json.WriteString("evidenceCount", Decimal(leaf.EvidenceCount));
            json.WriteString("leafHash", tree.LeafHash(i).ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Reads a leaf set and rebuilds the tree. Throws <see cref="FormatException"/> if the format
    /// is unknown, a leaf hash does not match its values, or the rebuilt root differs from merkleRoot.
    /// Integers may be JSON numbers or decimal strings.
    /// </summary>
    public static SnapshotMerkleTree Read(Stream stream)
    {
        using JsonDocument document = JsonDocument.Parse(stream);
        JsonElement root = document.RootElement;
        if (!root.TryGetProperty("format", out JsonElement format) || format.GetString() != Format)
            throw new FormatException($"Expected \"format\": \"{Format}\".");
        Hash32 statedRoot = Hash32.TryParse(Member(root, "merkleRoot").GetString(), out var r)
            ? r : throw new FormatException("merkleRoot is not a 32-byte hex hash.");

        var leaves = new List<SnapshotLeaf>();
        foreach (JsonElement item in Member(root, "leaves").EnumerateArray())
        {
            int position = leaves.Count;
            SnapshotLeaf leaf;
            try
            {
                leaf = new SnapshotLeaf(Member(item, "party").GetString() ?? "",
                    UInt(item, "score"), UInt(item, "rank"), UInt(item, "evidenceCount"));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
            {
                throw new FormatException($"leaves[{position}]: {e.Message}", e);
            }
            if (item.TryGetProperty("leafHash", out JsonElement stated)
                && (!Hash32.TryParse(stated.GetString(), out Hash32 statedHash) || statedHash != leaf.Hash()))
                throw new FormatException($"leaves[{position}]: leafHash does not match the values (expected {leaf.Hash()}).");
            leaves.Add(leaf);
        }

        SnapshotMerkleTree tree;
        try
        {
            tree = SnapshotMerkleTree.Build(leaves);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
        if (tree.Root != statedRoot)
            throw new FormatException($"The leaves rebuild root {tree.Root}, not the stated merkleRoot {statedRoot}.");
        return tree;
    }

    /// <summary>
    /// Writes OpenZeppelin's StandardMerkleTree dump ("standard-v1": the whole node array and the
    /// values with their node index), so <c>StandardMerkleTree.load(json)</c> gives a ready tree.
    /// About three times the size of the leaf set; for tools that want it.
    /// </summary>
    public static void WriteStandardTreeDump(SnapshotMerkleTree tree, Stream stream)
    {
        int nodeCount = 2 * tree.Count - 1;
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("format", "standard-v1");
        WriteLeafEncoding(json);
        json.WriteStartArray("tree");
        foreach (Hash32 node in tree.Nodes) json.WriteStringValue(node.ToString());
        json.WriteEndArray();
        json.WriteStartArray("values");
        for (int i = 0; i < tree.Count; i++)
        {
            SnapshotLeaf leaf = tree.Leaves[i];
            json.WriteStartObject();
            json.WriteStartArray("value");
            json.WriteStringValue(leaf.Party);
            json.WriteStringValue(Decimal(leaf.Score));
            json.WriteStringValue(Decimal(leaf.Rank));
            json.WriteStringValue(Decimal(leaf.EvidenceCount));
            json.WriteEndArray();
            json.WriteNumber("treeIndex", nodeCount - 1 - i);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteLeafEncoding(Utf8JsonWriter json)
    {
        json.WriteStartArray("leafEncoding");
        foreach (string type in LeafEncoding) json.WriteStringValue(type);
        json.WriteEndArray();
    }

    private static JsonElement Member(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value : throw new FormatException($"Missing \"{name}\".");

    private static ulong UInt(JsonElement item, string name)
    {
        JsonElement value = Member(item, name);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out ulong number)) return number;
        if (value.ValueKind == JsonValueKind.String
            && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number)) return number;
        throw new FormatException($"\"{name}\" is not an unsigned 64-bit integer.");
    }

    private static string Decimal(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
