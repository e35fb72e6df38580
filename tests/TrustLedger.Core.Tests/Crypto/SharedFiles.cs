namespace TrustLedger.Core.Tests.Crypto;

/// <summary>
/// Finds the project's shared folder (vectors, data): the nearest ancestor of the test binary
/// that has a "shared/vectors" child, which covers a clone with shared/ beside it and a worktree
/// nested deeper; TRUSTLEDGER_SHARED_DIR overrides.
/// </summary>
internal static class SharedFiles
{
    public static string Directory { get; } = Locate();

    public static string Vectors(string fileName) => Path.Combine(Directory, "vectors", fileName);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("TRUSTLEDGER_SHARED_DIR") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "vectors"))) return candidate;
        }
        throw new DirectoryNotFoundException(
            "no shared/vectors folder above " + AppContext.BaseDirectory + "; set TRUSTLEDGER_SHARED_DIR");
    }
}
