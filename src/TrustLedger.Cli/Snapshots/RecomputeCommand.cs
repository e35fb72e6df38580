using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Cli.Snapshots;

/// <summary>
/// `trustledger recompute --rpc URL --block N [--registry ADDR] [--contract ADDR] [--epoch N] [--parameters FILE | --api URL]`:
/// rebuilds every score from chain events alone (eth_getLogs of the registry from its deployment
/// block to N, decoded and scored by the service's own code) and compares the root, bit for bit,
/// with the one published for that block. The parameters document must hash to the published
/// parametersHash. Progress (blocks, events, rates, time left) goes to stderr.
/// Exit 0 the roots match, 1 they differ, 2 the recomputation could not run.
/// </summary>
public static class RecomputeCommand
{
    public static Command Create()
    {
        var chain = new ChainOptionSet();
        var block = new Option<long?>("--block") { Description = "Block whose state to score (default: the epoch's computedAtBlock)" };
        var registry = new Option<string?>("--registry") { Description = "AttestationRegistry address (default: the parameters document, then deployments/<chainId>.json)" };
        var parametersFile = new Option<FileInfo?>("--parameters") { Description = "The epoch's parameters document (JSON) instead of --api; without either, the defaults" };
        var fromBlock = new Option<long?>("--from-block") { Description = "First block to read (default: the registry's deployment block)" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the recomputed leaf set here (CSV)" };
        var command = new Command("recompute", "Recompute a published snapshot from chain events alone and compare the root")
        {
            block, registry, parametersFile, fromBlock, output,
        };
        chain.AddTo(command);
        command.SetAction((parse, ct) => SnapshotSources.RunAsync(parse, async (stdout, stderr) =>
        {
            var sources = await SnapshotSources.ConnectAsync(parse, chain);
            var contract = await sources.SnapshotsContractAsync(parse.GetValue(chain.Contract), ct);
            var (epoch, published) = await FindEpochAsync(contract, parse.GetValue(chain.Epoch), parse.GetValue(block));
            var atBlock = (long)published.ComputedAtBlock;
            if (published.ScoringVersion != SnapshotScoring.Version)
                throw new CannotCheckException($"epoch {epoch} was scored with version {published.ScoringVersion}; this build scores version {SnapshotScoring.Version}");

            var parameters = await ParametersAsync(sources, parse.GetValue(parametersFile), epoch, Hash32.FromBytes(published.ParametersHash), stderr, ct);
            if (parse.GetValue(registry) is { } given && SnapshotSources.Address("--registry", given) != parameters.Registry)
                throw new CannotCheckException($"--registry {given} is not the registry the published parameters name ({parameters.Registry})");
            if (parameters.ChainId != sources.ChainId)
                throw new CannotCheckException($"the parameters are for chain {parameters.ChainId}, the node is chain {sources.ChainId}");
            var from = parse.GetValue(fromBlock) ?? await DeploymentBlockAsync(sources, parameters.Registry, atBlock, stderr);
            // The parameters' outside edge sources (EAS, ERC-8004) are read in the same ranges, from the first block any needs.
            if (parameters.Sources.FromBlock is { } sourcesFrom && parse.GetValue(fromBlock) is null) from = Math.Min(from, sourcesFrom);

            stderr.WriteLine($"recomputing epoch {epoch} (block {atBlock}) from registry {parameters.Registry} events" +
                (parameters.Sources.IsEmpty ? "" : $" and {parameters.Sources.Eas.Count + parameters.Sources.Erc8004.Count} outside edge sources") +
                $" in blocks {from}..{atBlock}");
            var clock = Stopwatch.StartNew();
            var recomputed = await ChainRecompute.ComputeAsync(sources.Web3, parameters, from, atBlock, new ProgressLines(stderr), ct);
            var root = recomputed.Tree?.Root ?? Hash32.Zero;
            var publishedRoot = Hash32.FromBytes(published.MerkleRoot);
            stdout.WriteLine($"epoch {epoch} on {contract.Address}: block {atBlock}, {recomputed.Scores.AttestationCount} attestations, " +
                             $"{recomputed.Tree?.Count ?? 0} parties (published {published.PartyCount}), {clock.Elapsed.TotalSeconds:F1} s");
            stdout.WriteLine($"recomputed root {root}");
            stdout.WriteLine($"published  root {publishedRoot}");
            if (parse.GetValue(output) is { } file && recomputed.Tree is { } tree)
            {
                using var writer = new StreamWriter(file.FullName);
                SnapshotLeafSetCsv.Write(tree, writer);
                stderr.WriteLine($"wrote the recomputed leaf set to {file.FullName}");
            }
            bool match = root == publishedRoot && recomputed.Tree?.Count == published.PartyCount;
            stdout.WriteLine(match ? "MATCH: the published scores follow from the chain" : "MISMATCH: the published root does not follow from the chain");
            return match ? SnapshotSources.Verified : SnapshotSources.Failed;
        }));
        return command;
    }

    /// <summary>The epoch given, or the latest epoch computed at <paramref name="block"/>, or the latest.</summary>
    private static async Task<(ulong, SnapshotData)> FindEpochAsync(ReputationSnapshotsService contract, ulong? epoch, long? block)
    {
        if (epoch is not null || block is null)
        {
            var found = await SnapshotSources.PublishedAsync(contract, epoch);
            if (block is { } b && (long)found.Published.ComputedAtBlock != b)
                throw new CannotCheckException($"epoch {found.Epoch} was computed at block {found.Published.ComputedAtBlock}, not {b}");
            return found;
        }
        // Blocks never decrease from one epoch to the next: walk down from the latest.
        for (var e = await contract.LatestEpochAsync(); e >= 1; e--)
        {
            var snapshot = (await contract.SnapshotAtAsync(e))!;
            if ((long)snapshot.ComputedAtBlock == block) return (e, snapshot);
            if ((long)snapshot.ComputedAtBlock < block) break;
        }
        throw new CannotCheckException($"no epoch on {contract.Address} was computed at block {block}");
    }

    private static async Task<SnapshotParameters> ParametersAsync(
        SnapshotSources sources, FileInfo? file, ulong epoch, Hash32 published, TextWriter stderr, CancellationToken ct)
    {
        JsonElement document;
        string origin;
        if (file is not null)
        {
            if (!file.Exists) throw new CannotCheckException($"parameters file '{file.FullName}' not found");
            await using var stream = file.OpenRead();
            using var parsed = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            document = parsed.RootElement.Clone();
            origin = file.Name;
        }
        else if (sources.Api is not null)
        {
            document = (await sources.GetJsonAsync($"v1/snapshots/{epoch}", ct)).GetProperty("parameters");
            origin = "the API";
        }
        else
        {
            var registry = sources.FromDeployments("AttestationRegistry")?.Address
                ?? throw new CannotCheckException("no --parameters, no --api, and no registry in the deployments file to assume defaults for");
            var defaults = new SnapshotParameters { ChainId = sources.ChainId, Registry = registry };
            if (defaults.Hash() != published)
                throw new CannotCheckException($"the default parameters hash to {defaults.Hash()}, not the published {published}: give --parameters or --api");
            stderr.WriteLine("using the default parameters (they hash to the published parametersHash)");
            return defaults;
        }
        var hash = SnapshotParameters.HashOf(document);
        if (hash != published)
            throw new CannotCheckException($"the parameters from {origin} hash to {hash}, not the published parametersHash {published}");
        stderr.WriteLine($"parameters from {origin} match the published parametersHash {published}");
        return SnapshotParameters.Parse(document);
    }

    private static async Task<long> DeploymentBlockAsync(SnapshotSources sources, string registry, long atBlock, TextWriter stderr)
    {
        if (sources.FromDeployments("AttestationRegistry") is { } known && known.Address == registry) return known.BlockNumber;
        try
        {
            return await ChainRecompute.FindDeploymentBlockAsync(sources.Web3, registry, atBlock)
                ?? throw new CannotCheckException($"there is no registry at {registry} at block {atBlock}");
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException e)
        {
            stderr.WriteLine($"note: the node keeps no historical state ({e.Message}); reading from block 0, give --from-block to skip ahead");
            return 0;
        }
    }

    /// <summary>A progress line for the first range, then every two seconds, and the last one.</summary>
    private sealed class ProgressLines(TextWriter stderr) : IProgress<RecomputeProgress>
    {
        private TimeSpan? _last;

        public void Report(RecomputeProgress value)
        {
            if (_last is { } last && value.BlocksRead < value.BlocksTotal && value.Elapsed - last < TimeSpan.FromSeconds(2)) return;
            _last = value.Elapsed;
            stderr.WriteLine($"progress: {value}");
        }
    }
}
