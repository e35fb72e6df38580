using System.CommandLine;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Cli.Snapshots;

/// <summary>
/// `trustledger verify-score --rpc URL --address ADDR [--contract ADDR] [--epoch N] [--api URL | --leaves FILE]`:
/// checks a party's published score end to end against the chain, trusting no database. The full
/// leaf set (a file, or the API's download) must rebuild the root published on chain; the party's
/// leaf and proof must then verify off chain and through the contract's verifyScore.
/// Exit 0 verified, 1 a check failed, 2 the checks could not run.
/// </summary>
public static class VerifyScoreCommand
{
    public static Command Create()
    {
        var chain = new ChainOptionSet();
        var address = new Option<string>("--address") { Description = "The party whose score to verify", Required = true };
        var leaves = new Option<FileInfo?>("--leaves") { Description = "The epoch's leaf set (.csv or .json, as the API serves it) instead of --api" };
        var command = new Command("verify-score", "Verify a party's published reputation score against the chain") { address, leaves };
        chain.AddTo(command);
        command.SetAction((parse, ct) => SnapshotSources.RunAsync(parse, async (output, error) =>
        {
            var party = SnapshotSources.Address("--address", parse.GetRequiredValue(address));
            var sources = await SnapshotSources.ConnectAsync(parse, chain);
            var contract = await sources.SnapshotsContractAsync(parse.GetValue(chain.Contract), ct);
            var (epoch, published) = await SnapshotSources.PublishedAsync(contract, parse.GetValue(chain.Epoch));
            var root = Hash32.FromBytes(published.MerkleRoot);
            output.WriteLine($"epoch {epoch} on {contract.Address} (chain {sources.ChainId}): root {root}, block {published.ComputedAtBlock}, " +
                             $"scoring version {published.ScoringVersion}, {published.PartyCount} parties, parameters {Hash32.FromBytes(published.ParametersHash)}");

            var tree = await LoadLeafSetAsync(sources, parse.GetValue(leaves), epoch, ct);
            bool rebuilds = tree.Root == root && tree.Count == published.PartyCount;
            output.WriteLine($"leaf set of {tree.Count} parties rebuilds the published root: {SnapshotSources.Yes(rebuilds)}" +
                             (rebuilds ? "" : $" (it gives {tree.Root})"));
            int index = tree.IndexOf(party);
            if (index < 0)
            {
                output.WriteLine($"{party} is not in epoch {epoch}: no score published for it");
                return SnapshotSources.Failed;
            }
            var leaf = tree.Leaves[index];
            var proof = tree.GetProof(index);
            bool offChain = SnapshotMerkleTree.Verify(root, leaf, proof);
            bool onChain = await contract.VerifyScoreAsync(epoch, leaf, proof);
            output.WriteLine($"party {leaf.Party}: score {ScoreScale.ToPoints(leaf.Score):0.00} ({leaf.Score}), rank {leaf.Rank} of {tree.Count}, " +
                             $"evidence {leaf.EvidenceCount} attestations");
            output.WriteLine($"leaf {tree.LeafHash(index)}, proof of {proof.Length} hashes");
            output.WriteLine($"proof verifies off chain: {SnapshotSources.Yes(offChain)}");
            output.WriteLine($"verifyScore on chain: {SnapshotSources.Yes(onChain)}");
            bool verified = rebuilds && offChain && onChain;
            output.WriteLine(verified ? "VERIFIED" : "NOT VERIFIED");
            return verified ? SnapshotSources.Verified : SnapshotSources.Failed;
        }));
        return command;
    }

    /// <summary>Reads and rebuilds the leaf set; the readers refuse rows whose leaf hashes do not match their values.</summary>
    private static async Task<SnapshotMerkleTree> LoadLeafSetAsync(SnapshotSources sources, FileInfo? file, ulong epoch, CancellationToken ct)
    {
        if (file is not null)
        {
            if (!file.Exists) throw new CannotCheckException($"leaves file '{file.FullName}' not found");
            if (file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
            {
                using var reader = file.OpenText();
                return SnapshotLeafSetCsv.Read(reader);
            }
            await using var json = file.OpenRead();
            return SnapshotLeafSetJson.Read(json);
        }
        if (sources.Api is null) throw new CannotCheckException("give the leaf set: --leaves FILE, or --api URL to download it");
        await using var download = await sources.GetStreamAsync($"v1/snapshots/{epoch}/leaves.json", ct);
        var buffered = new MemoryStream();
        await download.CopyToAsync(buffered, ct);
        buffered.Position = 0;
        return SnapshotLeafSetJson.Read(buffered);
    }
}
