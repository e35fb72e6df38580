using System.Text.RegularExpressions;

namespace TrustLedger.Core.Tests.House;

/// <summary>
/// The house rules (README, "Components"), checked on the source so they stay true: capability
/// folders depend on each other without loops, no endpoint class is another feature's library, one
/// sender broadcasts transactions, every worker has its own file, binding folders are named as their
/// contracts, and the dashboard's modules import each other without loops.
/// </summary>
public partial class HouseRulesTests
{
    private static readonly string Root = FindRoot();

    [Theory]
    [InlineData("src/TrustLedger.Core", "Core")]
    [InlineData("src/TrustLedger.Api", "Api")]
    public void CapabilityFolders_DependOnEachOther_WithoutLoops(string project, string name)
    {
        var folders = Directory.GetDirectories(Path.Combine(Root, project)).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToHashSet();
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var reference = new Regex($@"\b(?:TrustLedger\.)?{name}\.([A-Z]\w*)[.;]");
        foreach (var (folder, text) in SourcesIn(project))
            foreach (Match m in reference.Matches(text))
                if (m.Groups[1].Value != folder && folders.Contains(m.Groups[1].Value))
                    (uses.TryGetValue(folder, out var set) ? set : uses[folder] = []).Add(m.Groups[1].Value);

        Assert.Empty(Loops(uses));
    }

    /// <summary>README lists Core's capability folders in dependency order: each may use only those listed above it.</summary>
    [Fact]
    public void CoreCapabilities_UseOnlyThoseListedAboveThemInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var table = readme[readme.IndexOf("`TrustLedger.Core`, one folder per capability", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", table.IndexOf("|", StringComparison.Ordinal), StringComparison.Ordinal)];
        var order = ReadmeFolder().Matches(table).Select(m => m.Groups[1].Value).ToList();
        var folders = Directory.GetDirectories(Path.Combine(Root, "src/TrustLedger.Core")).Select(Path.GetFileName)
            .Where(f => f is not ("bin" or "obj")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(folders, order.Order(StringComparer.Ordinal));

        var reference = new Regex(@"\b(?:TrustLedger\.)?Core\.([A-Z]\w*)[.;]");
        var wrong = SourcesIn("src/TrustLedger.Core")
            .SelectMany(s => reference.Matches(s.Text).Select(m => (s.Folder, Uses: m.Groups[1].Value)))
            .Where(u => u.Uses != u.Folder && order.Contains(u.Uses) && order.IndexOf(u.Uses) > order.IndexOf(u.Folder))
            .Select(u => $"{u.Folder} uses {u.Uses}, listed below it").Distinct();
        Assert.Empty(wrong);
    }

    [Fact]
    public void NoApiFeature_CallsAnotherFeaturesEndpointClass()
    {
        var endpointClasses = SourcesIn("src/TrustLedger.Api")
            .SelectMany(s => EndpointClass().Matches(s.Text).Select(m => (Folder: s.Folder, Class: m.Groups[1].Value)))
            .ToList();
        var calls = SourcesIn("src/TrustLedger.Api")
            .SelectMany(s => endpointClasses.Where(e => e.Folder != s.Folder && Regex.IsMatch(s.Text, $@"\b{e.Class}\.")).Select(e => $"{s.Folder} -> {e.Class}"))
            .ToList();
        Assert.NotEmpty(endpointClasses);
        Assert.Empty(calls);
    }

    [Fact]
    public void OnlyTheTransactionSender_BroadcastsTransactions()
    {
        var broadcasters = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(f => File.ReadAllText(f).Contains("SendRawTransaction", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f));
        Assert.Equal(["src/TrustLedger.Core/Transactions/TransactionSender.cs"], broadcasters);
    }

    [Fact]
    public void EveryBackgroundWorker_IsInAWorkerFileOfItsOwn()
    {
        var workers = Directory.EnumerateFiles(Path.Combine(Root, "src/TrustLedger.Api"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => WorkerClass().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileNameWithoutExtension(f), Class: m.Groups[1].Value)))
            .ToList();
        Assert.NotEmpty(workers);
        Assert.All(workers, w => Assert.Equal(w.Class, w.File));
        Assert.All(workers, w => Assert.EndsWith("Worker", w.Class, StringComparison.Ordinal));
    }

    [Fact]
    public void ContractBindingFolders_AreNamedAsTheirContracts()
    {
        var bindings = Directory.GetDirectories(Path.Combine(Root, "src/TrustLedger.Contracts")).Select(Path.GetFileName)
            .Where(f => f is not ("bin" or "obj" or "Standards")).ToList();
        Assert.NotEmpty(bindings);
        Assert.All(bindings, b => Assert.True(File.Exists(Path.Combine(Root, "contracts", b!, $"{b}.sol")), $"contracts/{b}/{b}.sol"));
    }

    [Fact]
    public void CoreAndContracts_NeedNoAspNetCore()
    {
        foreach (var project in (string[])["src/TrustLedger.Core", "src/TrustLedger.Contracts"])
            Assert.DoesNotContain(SourcesIn(project), s => s.Text.Contains("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void DashboardModules_ImportEachOtherWithoutLoops()
    {
        var web = Path.Combine(Root, "web/src");
        var imports = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(web, "*.ts", SearchOption.AllDirectories))
        {
            var from = Path.GetRelativePath(web, file);
            foreach (Match m in TsImport().Matches(File.ReadAllText(file)))
            {
                if (Path.HasExtension(m.Groups[1].Value)) continue; // a stylesheet, not a module
                var target = Path.GetRelativePath(web, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, m.Groups[1].Value + ".ts")));
                (imports.TryGetValue(from, out var set) ? set : imports[from] = []).Add(target);
            }
        }
        Assert.NotEmpty(imports);
        Assert.Empty(Loops(imports));
    }

    /// <summary>Every loop in a dependency graph, each as "a -> b -> a".</summary>
    private static List<string> Loops(Dictionary<string, HashSet<string>> graph)
    {
        var loops = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        void Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1) loops.Add(string.Join(" -> ", path[path.IndexOf(next)..].Append(next)));
                else if (state.GetValueOrDefault(next) == 0) Visit(next);
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0) Visit(node);
        return loops;
    }

    /// <summary>Each C# file of a project with its capability folder (its first folder below the project).</summary>
    private static IEnumerable<(string Folder, string Text)> SourcesIn(string project)
    {
        var dir = Path.Combine(Root, project);
        return Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Split(Path.DirectorySeparatorChar))
            .Where(parts => parts.Length > 1 && parts[0] is not ("bin" or "obj"))
            .Select(parts => (parts[0], File.ReadAllText(Path.Combine([dir, .. parts]))));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrustLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("TrustLedger.sln not found above the test binaries");
    }

    [GeneratedRegex(@"^\| `(\w+)/` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeFolder();

    [GeneratedRegex(@"public static (?:partial )?class (\w+Api)\b")]
    private static partial Regex EndpointClass();

    [GeneratedRegex(@"class (\w+)\s*\([^)]*\)\s*:\s*(?:LeaderWorker|BackgroundService)\b", RegexOptions.Singleline)]
    private static partial Regex WorkerClass();

    [GeneratedRegex(@"^import\s+(?:type\s+)?(?:[^""';]*?\s+from\s+)?""(\.{1,2}/[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex TsImport();
}
