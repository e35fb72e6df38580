namespace TrustLedger.Core.Crypto.Eip712;

/// <summary>The parsed form of one EIP-712 type string ("uint256", "bytes32", "Person[]", "string[2][]").</summary>
internal abstract record Eip712Type
{
    internal sealed record Atomic(AtomicKind Kind, int Size) : Eip712Type;   // Size: bits for ints, bytes for bytesN
    internal sealed record Dynamic(bool IsString) : Eip712Type;              // string or bytes
    internal sealed record Array(Eip712Type Element, int? FixedLength) : Eip712Type;
    internal sealed record Struct(Eip712StructType Definition) : Eip712Type;
    /// <summary>A type string that names nothing; it fails only when a value of it is encoded, as in eth-sig-util.</summary>
    internal sealed record Invalid(string Reason) : Eip712Type;
}

internal enum AtomicKind { Uint, Int, Bool, Address, FixedBytes }

internal sealed record Eip712Field(string Name, string TypeName)
{
    internal Eip712Type Type { get; set; } = new Eip712Type.Invalid("unresolved");
}

internal sealed class Eip712StructType(string name, Eip712Field[] fields)
{
    public string Name { get; } = name;
    public Eip712Field[] Fields { get; } = fields;
    internal byte[]? TypeHash { get; set; }
}
