using System.Buffers.Binary;
using System.Numerics;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// The Merkle tree of one snapshot, built exactly like OpenZeppelin's
/// <c>StandardMerkleTree.of(values, ["address","uint256","uint256","uint256"])</c>, so its root,
/// leaf hashes and proofs match that library and <c>MerkleProof.verify</c> on chain bit for bit:
/// <list type="bullet">
/// <item>leaf = keccak256(keccak256(abi.encode(party, score, rank, evidenceCount)));</item>
/// <item>leaves sorted by hash (ascending bytes), so the root does not depend on input order;</item>
/// <item>nodes in one array: node i has children 2i+1 and 2i+2, the sorted leaves fill the
/// array's end in reverse, inner node = keccak256 of its children's hashes in ascending order.</item>
/// </list>
/// </summary>
/// <remarks>Leaf indexes used here are positions in that sorted order (0 = smallest leaf hash).</remarks>
public sealed class SnapshotMerkleTree
{
    private readonly Hash32[] _nodes;
    private readonly SnapshotLeaf[] _leaves;
    private readonly Dictionary<PartyKey, int> _indexByParty;

    private SnapshotMerkleTree(Hash32[] nodes, SnapshotLeaf[] leaves, Dictionary<PartyKey, int> indexByParty)
    {
        _nodes = nodes;
        _leaves = leaves;
        _indexByParty = indexByParty;
    }

    /// <summary>The Merkle root to publish.</summary>
    public Hash32 Root => _nodes[0];

    /// <summary>Number of parties (leaves).</summary>
    public int Count => _leaves.Length;

    /// <summary>The leaves in tree order: ascending leaf hash.</summary>
    public IReadOnlyList<SnapshotLeaf> Leaves => _leaves;

    /// <summary>All 2n-1 nodes in StandardMerkleTree's array layout (root first).</summary>
    internal ReadOnlySpan<Hash32> Nodes => _nodes;

    /// <summary>Builds the tree; throws if the set is empty or a party appears twice.</summary>
    public static SnapshotMerkleTree Build(IEnumerable<SnapshotLeaf> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        SnapshotLeaf[] input = leaves.ToArray();
        int n = input.Length;
        if (n == 0) throw new ArgumentException("A snapshot needs at least one party.", nameof(leaves));

        // Leaf hashing is most of the work and independent per leaf: spread it over the cores.
        var hashes = new Hash32[n];
        var parties = new PartyKey[n];
        ForEachChunk(0, n, i =>
        {
            Span<byte> address = stackalloc byte[20];
            input[i].WriteAddress(address);
            parties[i] = PartyKey.From(address);
            hashes[i] = input[i].Hash(address);
        });

        int[] order = SortByHash(hashes);

        var sorted = new SnapshotLeaf[n];
        var indexByParty = new Dictionary<PartyKey, int>(n);
        var nodes = new Hash32[2 * n - 1];
        for (int i = 0; i < n; i++)
        {
            int from = order[i];
            if (!indexByParty.TryAdd(parties[from], i))
                throw new ArgumentException($"Party {input[from].Party} appears more than once.", nameof(leaves));
            sorted[i] = input[from];
            nodes[nodes.Length - 1 - i] = hashes[from];
        }
        BuildInnerNodes(nodes, n);
        return new SnapshotMerkleTree(nodes, sorted, indexByParty);
    }

    /// <summary>The leaf hash at tree position <paramref name="index"/>.</summary>
    public Hash32 LeafHash(int index) => _nodes[NodeOfLeaf(index)];

    /// <summary>The tree position of <paramref name="party"/> (any case), or -1 if absent.</summary>
    public int IndexOf(string party)
    {
        Span<byte> address = stackalloc byte[20];
        Convert.FromHexString(SnapshotLeaf.NormalizeAddress(party).AsSpan(2), address, out _, out _);
        return _indexByParty.TryGetValue(PartyKey.From(address), out int index) ? index : -1;
    }

    /// <summary>
    /// The proof of the leaf at <paramref name="index"/>: sibling hashes from the leaf up, the array
    /// <c>MerkleProof.verify</c> and the contract's <c>verifyScore</c> take.
    /// </summary>
    public Hash32[] GetProof(int index)
    {
        int node = NodeOfLeaf(index);
        var proof = new Hash32[Depth(node)];
        WriteProof(node, proof);
        return proof;
    }

    /// <summary>Proofs for every leaf at once, in one flat buffer (what the API serves per party).</summary>
    public SnapshotProofSet GetAllProofs()
    {
        int n = _leaves.Length;
        var offsets = new int[n + 1];
        for (int i = 0; i < n; i++) offsets[i + 1] = offsets[i] + Depth(NodeOfLeaf(i));
        var buffer = new Hash32[offsets[n]];
        ForEachChunk(0, n, i => WriteProof(NodeOfLeaf(i), buffer.AsSpan(offsets[i], offsets[i + 1] - offsets[i])));
        return new SnapshotProofSet(buffer, offsets);
    }

    /// <summary>True if <paramref name="leaf"/> with <paramref name="proof"/> hashes up to <paramref name="root"/>.</summary>
    public static bool Verify(Hash32 root, SnapshotLeaf leaf, ReadOnlySpan<Hash32> proof) =>
        ProcessProof(leaf.Hash(), proof) == root;

    /// <summary>The root a leaf hash and a proof lead to (OpenZeppelin's <c>processProof</c>).</summary>
    public static Hash32 ProcessProof(Hash32 leafHash, ReadOnlySpan<Hash32> proof)
    {
        Hash32 computed = leafHash;
        foreach (Hash32 sibling in proof) computed = HashPair(computed, sibling);
        return computed;
    }

    /// <summary>keccak256 of the two hashes in ascending order (OpenZeppelin's commutativeKeccak256).</summary>
    internal static Hash32 HashPair(in Hash32 a, in Hash32 b) =>
        a.CompareTo(b) <= 0 ? Hash32.KeccakOfPair(a, b) : Hash32.KeccakOfPair(b, a);

    private static void BuildInnerNodes(Hash32[] nodes, int leafCount)
    {
        // Node i needs nodes 2i+1 and 2i+2. Going level by level from the bottom, all nodes of
        // one level are independent, so big levels are hashed in parallel.
        int lastInner = leafCount - 2;
        if (lastInner < 0) return;
        for (int level = BitOperations.Log2((uint)lastInner + 1); level >= 0; level--)
        {
            int first = (1 << level) - 1;
            int last = Math.Min(lastInner, (1 << (level + 1)) - 2);
            ForEachChunk(first, last + 1, i => nodes[i] = HashPair(nodes[2 * i + 1], nodes[2 * i + 2]));
        }
    }

    /// <summary>
    /// Ascending leaf-hash order as input positions. Sorting 8-byte prefixes as plain integers is
    /// several times faster than comparing 32-byte structs; equal prefixes (rare) are then ordered
    /// by the full hash.
    /// </summary>
    private static int[] SortByHash(Hash32[] hashes)
    {
        int n = hashes.Length;
        var prefixes = new ulong[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            prefixes[i] = BinaryPrimitives.ReverseEndianness(hashes[i].Lane0);
            order[i] = i;
        }
        Array.Sort(prefixes, order);
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && prefixes[end] == prefixes[start]) end++;
            if (end - start > 1)
                Array.Sort(order, start, end - start, Comparer<int>.Create((a, b) => hashes[a].CompareTo(hashes[b])));
            start = end;
        }
        return order;
    }

    /// <summary>Runs <paramref name="body"/> for from..to-1, in parallel chunks when the range is large.</summary>
    private static void ForEachChunk(int from, int to, Action<int> body)
    {
        const int Chunk = 4096;
        int count = to - from;
        if (count < 2 * Chunk)
        {
            for (int i = from; i < to; i++) body(i);
            return;
        }
        Parallel.For(0, (count + Chunk - 1) / Chunk, chunk =>
        {
            int end = Math.Min(to, from + (chunk + 1) * Chunk);
            for (int i = from + chunk * Chunk; i < end; i++) body(i);
        });
    }

    private int NodeOfLeaf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _leaves.Length);
        return _nodes.Length - 1 - index;
    }

    private static int Depth(int node) => BitOperations.Log2((uint)node + 1);

    private void WriteProof(int node, Span<Hash32> proof)
    {
        int k = 0;
        while (node > 0)
        {
            proof[k++] = _nodes[(node & 1) == 1 ? node + 1 : node - 1];
            node = (node - 1) / 2;
        }
    }
}

/// <summary>Every leaf's proof, stored contiguously; index = the leaf's tree position.</summary>
public sealed class SnapshotProofSet
{
    private readonly Hash32[] _buffer;
    private readonly int[] _offsets;

    internal SnapshotProofSet(Hash32[] buffer, int[] offsets)
    {
        _buffer = buffer;
        _offsets = offsets;
    }

    /// <summary>Number of proofs (= leaves).</summary>
    public int Count => _offsets.Length - 1;

    /// <summary>Sum of all proof lengths.</summary>
    public int TotalHashes => _buffer.Length;

    /// <summary>The proof of the leaf at tree position <paramref name="index"/>.</summary>
    public ReadOnlySpan<Hash32> this[int index] => _buffer.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
}

/// <summary>A 20-byte address as a cheap dictionary key (no string hashing for 100,000 parties).</summary>
internal readonly record struct PartyKey(ulong High, ulong Middle, uint Low)
{
    public static PartyKey From(ReadOnlySpan<byte> address20) => new(
        BinaryPrimitives.ReadUInt64BigEndian(address20),
        BinaryPrimitives.ReadUInt64BigEndian(address20[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(address20[16..]));
}
