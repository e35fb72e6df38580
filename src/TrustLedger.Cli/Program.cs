using System.CommandLine;

// trustledger: one command per capability, each defined in its own folder.
var root = new RootCommand("TrustLedger command-line tools");
root.Subcommands.Add(TrustLedger.Cli.Score.ScoreCommand.Create());
root.Subcommands.Add(TrustLedger.Cli.Snapshots.VerifyScoreCommand.Create());
root.Subcommands.Add(TrustLedger.Cli.Snapshots.RecomputeCommand.Create());
root.Subcommands.Add(TrustLedger.Cli.Deploy.DeployCommand.Create());
return root.Parse(args).Invoke();
