using System.CommandLine;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Cli.Deploy;

/// <summary>A deploy that must not go ahead (bad input, wrong chain, no confirmation, no funds): exit code 2.</summary>
internal sealed class DeployRefusedException(string message) : Exception(message);

/// <summary>
/// `trustledger deploy --rpc URL --chain-id N --admin ADDRESS (--keystore FILE [--password-file FILE] | --key-file FILE)
/// [--publisher ADDRESS] [--deployments DIR] [--yes]`: deploys our contracts to a real network, or, when
/// deployments/&lt;chainId&gt;.json already lists them, verifies the code at each address and sends nothing.
/// Exit 0 deployed or verified, 1 a verification failed, 2 refused (nothing sent).
/// </summary>
public static class DeployCommand
{
    public const int Done = 0, VerificationFailed = 1, Refused = 2;

    public static Command Create()
    {
        var rpc = new Option<string>("--rpc") { Description = "JSON-RPC endpoint of the target network", Required = true };
        var chainId = new Option<long>("--chain-id") { Description = "The chain id you mean to deploy to (the node must report it; e.g. 84532 for Base Sepolia)", Required = true };
        var admin = new Option<string?>("--admin") { Description = "Address (cold wallet or multisig) that receives the contracts' admin roles" };
        var adminIsDeployer = new Option<bool>("--admin-is-deployer") { Description = "Give the admin roles to the deploying key itself (not recommended: it is a hot key)" };
        var keystore = new Option<FileInfo?>("--keystore") { Description = "The deployer's encrypted Web3 Secret Storage (v3) JSON file" };
        var passwordFile = new Option<FileInfo?>("--password-file") { Description = $"File holding the keystore's password (else ${DeployerKey.PasswordVariable})" };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "File holding the deployer's hex private key (instead of --keystore; chmod 600)" };
        var publisher = new Option<string?>("--publisher") { Description = "The service's snapshot publisher key address: receives PUBLISHER_ROLE" };
        var deployments = new Option<string>("--deployments") { Description = "Folder of <chainId>.json deployment files", DefaultValueFactory = _ => "deployments" };
        var feeCeiling = new Option<decimal>("--max-fee-gwei") { Description = "Highest fee per gas to bid", DefaultValueFactory = _ => 200m };
        var yes = new Option<bool>("--yes") { Description = "Send without asking (required when not run from a terminal)" };
        var command = new Command("deploy", "Deploy TrustLedger's contracts to a network, or verify an existing deployment")
        {
            rpc, chainId, admin, adminIsDeployer, keystore, passwordFile, keyFile, publisher, deployments, feeCeiling, yes,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var deployer = DeployerKey.Load(parse.GetValue(keystore), parse.GetValue(passwordFile), parse.GetValue(keyFile), output);
                var request = new DeployRequest(
                    parse.GetRequiredValue(rpc), parse.GetValue(chainId), deployer,
                    AdminOf(parse.GetValue(admin), parse.GetValue(adminIsDeployer), deployer),
                    parse.GetValue(publisher) is { } p ? Address("--publisher", p) : null,
                    parse.GetRequiredValue(deployments), parse.GetValue(feeCeiling));
                return await new DeploymentRun(request, output, parse.GetValue(yes) ? _ => true : Ask).RunAsync(ct);
            }
            catch (DeployRefusedException e)
            {
                error.WriteLine($"refused: {e.Message}");
                return Refused;
            }
            catch (ChainSetupException e)
            {
                error.WriteLine($"error: {e.Message}");
                return Refused;
            }
        });
        return command;
    }

    private static string AdminOf(string? admin, bool adminIsDeployer, ServiceKey deployer)
    {
        if (adminIsDeployer)
        {
            if (admin is not null && Address("--admin", admin) != deployer.Address)
                throw new DeployRefusedException("--admin-is-deployer and an --admin that is another address: give one");
            return deployer.Address;
        }
        if (admin is null) throw new DeployRefusedException("--admin ADDRESS is required: the cold wallet or multisig that administers the contracts");
        var address = Address("--admin", admin);
        if (address == deployer.Address)
            throw new DeployRefusedException($"--admin {address} is the deploying key: the admin should be a key that never sits on a server (pass --admin-is-deployer to mean it)");
        return address;
    }

    internal static string Address(string option, string value) => EthAddress.TryParse(value.Trim(), out var address)
        ? address.ToLowerHex()
        : throw new DeployRefusedException($"{option} is not an address (0x + 40 hex digits): '{value}'");

    /// <summary>Asks on the terminal; without one (a script, CI) nothing is sent unless --yes was given.</summary>
    private static bool Ask(TextWriter output)
    {
        if (Console.IsInputRedirected)
            throw new DeployRefusedException("not confirmed: re-run with --yes to send these transactions (no terminal to ask on)");
        output.Write("Send these transactions? Type 'yes' to confirm: ");
        return string.Equals(Console.ReadLine()?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>What one deploy run was asked to do.</summary>
internal sealed record DeployRequest(
    string RpcUrl, long ChainId, ServiceKey Deployer, string Admin, string? Publisher, string DeploymentsDirectory, decimal FeeCeilingGwei);
