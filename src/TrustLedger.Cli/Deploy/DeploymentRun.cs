using System.Numerics;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Cli.Deploy;

/// <summary>
/// One run of `trustledger deploy`: check the chain, look at what the deployments file already lists (verifying
/// the code at each address against the artifact), estimate and show the cost of what is missing, ask, send
/// through <see cref="ContractDeployer"/> and <see cref="ProductSchemaRegistration"/> (the service's own
/// mechanisms), write the deployments file after each contract (a run cut short continues where it stopped),
/// verify again, and print the service's configuration. A run with nothing missing sends nothing.
/// </summary>
internal sealed class DeploymentRun(DeployRequest request, TextWriter output, Func<TextWriter, bool> confirm)
{
    private readonly WriterLogger _logger = new(output);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!Uri.TryCreate(request.RpcUrl, UriKind.Absolute, out var rpc) || rpc.Scheme is not ("http" or "https"))
            throw new DeployRefusedException($"--rpc is not an http(s) URL: '{request.RpcUrl}'");
        var chainId = await ChainIdAsync(rpc);
        if (chainId != request.ChainId)
            throw new DeployRefusedException($"the node at {ChainConnection.Redact(rpc)} is chain {chainId}, not --chain-id {request.ChainId}: nothing sent");
        RefuseDevelopmentKeys(chainId);

        var web3 = new Web3(request.Deployer.ToAccount(chainId), request.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        var genesis = (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(0)))).BlockHash;
        var path = Deployment.PathFor(request.DeploymentsDirectory, chainId);
        var known = Deployment.Read(request.DeploymentsDirectory, chainId);
        if (known?.GenesisHash is { } recorded && !string.Equals(recorded, genesis, StringComparison.OrdinalIgnoreCase))
            throw new DeployRefusedException($"{path} was written for another chain with id {chainId} (genesis {recorded}, the node's is {genesis}): move it aside to deploy afresh");

        output.WriteLine($"chain {chainId} at {ChainConnection.Redact(rpc)}; deployer {request.Deployer.Address}; admin {request.Admin}; publisher {request.Publisher ?? "none"}");
        var contracts = new SortedDictionary<string, DeployedContract>(known?.Contracts ?? new(), StringComparer.Ordinal);
        var missing = ProductContracts.All.Select(s => s.Name).Where(name => !contracts.ContainsKey(name)).ToList();
        if (!await VerifyAsync(web3, contracts))
        {
            output.WriteLine($"NOT VERIFIED: {path} lists an address whose code is not our artifact's; nothing sent (move the file aside to deploy afresh)");
            return DeployCommand.VerificationFailed;
        }
        var schemas = contracts.TryGetValue(ProductContracts.Registry, out var registry)
            ? await ProductSchemaRegistration.MissingAsync(web3, registry.Address, ct)
            : ProductSchemas.All;

        if (missing.Count > 0 || schemas.Count > 0)
        {
            var fee = await new Fees(web3, new TransactionOptions { FeeCeilingGwei = request.FeeCeilingGwei }).SuggestAsync();
            var bid = new FeeBid(fee.MaxFee, fee.Tip);
            var gas = await EstimateAsync(web3, missing, schemas, registry?.Address);
            await ConfirmCostAsync(web3, gas, bid);
            foreach (var name in missing)
            {
                contracts[name] = await ContractDeployer.DeployAsync(web3, name, ArgumentsFor(name), request.Deployer.Address, _logger, gas[name], bid, ct);
                new Deployment(chainId, genesis, contracts).Write(request.DeploymentsDirectory); // after each: a cut-short run resumes
            }
            var registered = await ProductSchemaRegistration.EnsureRegisteredAsync(web3, contracts[ProductContracts.Registry].Address, _logger, bid, ct);
            output.WriteLine($"deployed {missing.Count} contract(s), registered {registered} schema(s); wrote {path}");
            output.WriteLine("verifying the deployment:");
            if (!await VerifyAsync(web3, contracts)) return DeployCommand.VerificationFailed;
        }
        else output.WriteLine($"nothing to deploy: every contract in {path} is in place and every product schema is registered");

        var rolesHold = await CheckRolesAsync(web3, contracts[ProductContracts.Snapshots].Address);
        PrintConfiguration(chainId, Path.GetFullPath(request.DeploymentsDirectory));
        output.WriteLine(rolesHold ? "VERIFIED" : "NOT VERIFIED: roles differ from what was asked (see above)");
        return rolesHold ? DeployCommand.Done : DeployCommand.VerificationFailed;
    }

    private object[] ArgumentsFor(string contract) => ProductContracts.ArgumentsFor(contract, request.Admin, request.Publisher);

    private static async Task<long> ChainIdAsync(Uri rpc)
    {
        try
        {
            return (long)(await new Web3(rpc.ToString()).Eth.ChainId.SendRequestAsync()).Value;
        }
        catch (Exception e)
        {
            throw new DeployRefusedException($"cannot reach {ChainConnection.Redact(rpc)}: {e.GetBaseException().Message}");
        }
    }

    /// <summary>Hardhat's development accounts are public: anything they deploy or administer off the dev chain is anyone's.</summary>
    private void RefuseDevelopmentKeys(long chainId)
    {
        if (chainId == ChainOptions.DevChainId) return;
        foreach (var (role, address) in new[] { ("deployer key", request.Deployer.Address), ("--admin", request.Admin), ("--publisher", request.Publisher) })
            if (DevelopmentKeys.IndexOf(address) is { } index)
                throw new DeployRefusedException($"the {role} {address} is Hardhat's public development account #{index}: its key is known to everyone; use a key of your own on chain {chainId}");
    }

    /// <summary>Code at each recorded address against the artifact (immutables masked), one line each.</summary>
    private async Task<bool> VerifyAsync(IWeb3 web3, IReadOnlyDictionary<string, DeployedContract> contracts)
    {
        var all = true;
        foreach (var (name, deployed) in contracts.Where(c => ProductContracts.All.Any(s => s.Name == c.Key)))
        {
            var check = await ContractCode.CheckAsync(web3, name, deployed.Address);
            all &= check.Verdict == CodeVerdict.Matches;
            output.WriteLine(check.Verdict switch
            {
                CodeVerdict.Matches => $"  {name} at {deployed.Address}: code verified (hash {check.CodeHash}; immutables masked in the comparison)",
                CodeVerdict.NoCode => $"  {name} at {deployed.Address}: NO CODE",
                _ => $"  {name} at {deployed.Address}: CODE DIFFERS from the artifact (hash {check.CodeHash})",
            });
        }
        return all;
    }

    /// <summary>Gas per transaction: the node's estimates for contracts, the registry's for schemas (or a bound before it exists).</summary>
    private async Task<Dictionary<string, BigInteger>> EstimateAsync(IWeb3 web3, List<string> contracts, IReadOnlyList<SchemaSpec> schemas, string? registry)
    {
        var gas = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        foreach (var name in contracts)
            gas[name] = await ContractDeployer.EstimateGasAsync(web3, name, ArgumentsFor(name), request.Deployer.Address);
        foreach (var schema in schemas)
        {
            if (registry is null)
            {
                gas["schema " + schema.Name] = ProductSchemaRegistration.GasBound(schema);
                continue;
            }
            var register = new RegisterSchemaFunction { Schema = schema.Definition, Revocable = schema.Revocable, FromAddress = request.Deployer.Address };
            gas["schema " + schema.Name] = (await web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>().EstimateGasAsync(registry, register)).Value * 12 / 10;
        }
        return gas;
    }

    /// <summary>Prints each transaction's gas and the most it can cost at the bid, refuses without the funds, asks.</summary>
    private async Task ConfirmCostAsync(IWeb3 web3, Dictionary<string, BigInteger> gas, FeeBid bid)
    {
        output.WriteLine($"to send (gas limits; fee at most {Gwei(bid.MaxFeePerGas)} gwei per gas, tip {Gwei(bid.Tip)} gwei):");
        foreach (var (what, limit) in gas) output.WriteLine($"  {what,-32} {limit,10} gas  <= {Eth(limit * bid.MaxFeePerGas)} ETH");
        var total = gas.Values.Aggregate(BigInteger.Zero, (a, b) => a + b);
        var cost = total * bid.MaxFeePerGas;
        var balance = (await web3.Eth.GetBalance.SendRequestAsync(request.Deployer.Address)).Value;
        output.WriteLine($"  {"total",-32} {total,10} gas  <= {Eth(cost)} ETH (the deployer holds {Eth(balance)} ETH)");
        if (balance < cost)
            throw new DeployRefusedException($"the deployer {request.Deployer.Address} holds {Eth(balance)} ETH but the deploy may cost up to {Eth(cost)} ETH: fund it first");
        if (!confirm(output)) throw new DeployRefusedException("not confirmed: nothing sent");
    }

    /// <summary>Who holds the roles of ReputationSnapshots, against what was asked; prints the admin's call to grant a missing publisher.</summary>
    private async Task<bool> CheckRolesAsync(IWeb3 web3, string address)
    {
        var snapshots = new ReputationSnapshotsService(web3, address);
        var adminRole = new byte[32];
        var ok = await snapshots.HasRoleAsync(adminRole, request.Admin);
        output.WriteLine($"  ReputationSnapshots admin role (DEFAULT_ADMIN_ROLE) held by {request.Admin}: {(ok ? "yes" : "NO")}");
        if (request.Admin != request.Deployer.Address && await snapshots.HasRoleAsync(adminRole, request.Deployer.Address))
        {
            output.WriteLine($"  the deployer {request.Deployer.Address} also holds DEFAULT_ADMIN_ROLE: revoke it from the admin wallet");
            ok = false;
        }
        if (request.Publisher is { } publisher)
        {
            var role = await snapshots.PublisherRoleAsync();
            var holds = await snapshots.HasRoleAsync(role, publisher);
            output.WriteLine($"  ReputationSnapshots PUBLISHER_ROLE held by {publisher}: {(holds ? "yes" : "NO")}");
            if (!holds)
            {
                var data = new GrantRoleFunction { Role = role, Account = publisher }.GetCallData();
                output.WriteLine($"    the admin {request.Admin} grants it by sending to {address} the data {Hex.Encode(data)}");
                ok = false;
            }
        }
        return ok;
    }

    private void PrintConfiguration(long chainId, string deploymentsDirectory)
    {
        output.WriteLine($"service configuration for chain {chainId} (environment; docs/deploy.md explains each):");
        output.WriteLine("  ASPNETCORE_ENVIRONMENT=Production");
        output.WriteLine("  TRUSTLEDGER_RPC_URL=<the RPC URL deployed with>");
        output.WriteLine($"  TRUSTLEDGER_CHAIN_ID={chainId}");
        output.WriteLine($"  TRUSTLEDGER_DEPLOYMENTS_DIR={deploymentsDirectory}   (holds {chainId}.json; ship it with the service)");
        output.WriteLine($"  TRUSTLEDGER_CONTRACT_ADMIN={request.Admin}");
        output.WriteLine("  Chain__DeployIfMissing=false");
        output.WriteLine(request.Publisher is { } p
            ? $"  Keys__PublisherKeystoreFile=<the keystore of {p}, which holds PUBLISHER_ROLE>"
            : "  (no --publisher: snapshots are not published until the admin grants PUBLISHER_ROLE to the service's publisher key)");
        output.WriteLine("  TRUSTLEDGER_KEYSTORE_FILE, Keys__IssuerKeystoreFile, Keys__MinterKeystoreFile, TRUSTLEDGER_KEYSTORE_PASSWORD: the service's own keys");
        output.WriteLine("  TRUSTLEDGER_JWT_KEY, TRUSTLEDGER_AUTH_DOMAIN, Credentials__PublicBaseUrl, TRUSTLEDGER_DB: required in Production");
    }

    private static string Gwei(BigInteger wei) => Web3.Convert.FromWei(wei, 9).ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture);
    private static string Eth(BigInteger wei) => Web3.Convert.FromWei(wei).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The shared deployers log what they sent; here that goes to the command's output.</summary>
    private sealed class WriterLogger(TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) output.WriteLine("  " + formatter(state, exception));
        }
    }
}
