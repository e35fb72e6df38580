namespace TrustLedger.Core.Crypto.Eip712;

/// <summary>Typed data that cannot be encoded: unknown type, missing or out-of-range value. <see cref="Path"/> names the field.</summary>
public sealed class Eip712Exception : FormatException
{
    public string Path { get; }
    public string Reason { get; }

    public Eip712Exception(string reason, string path = "")
        : base(path.Length == 0 ? reason : $"{path}: {reason}")
    {
        Reason = reason;
        Path = path;
    }

    internal Eip712Exception Under(string segment) =>
        new(Reason, Path.Length == 0 ? segment : Path[0] == '[' ? segment + Path : $"{segment}.{Path}");
}
