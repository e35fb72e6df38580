using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Relaying;

public sealed record AllowSchemaRequest(string? Reason, bool? AllowHook);

public sealed record RelayedSchemaView(string Schema, string Definition, string Hook, bool AllowHook, string Reason, string AddedBy, string AddedAt, bool Product)
{
    public static RelayedSchemaView Of(AllowedSchema s) => new(s.SchemaUid, s.Definition, s.Hook, s.AllowHook, s.Reason, s.AddedBy, s.AddedAt, false);

    public static RelayedSchemaView Of(SchemaSpec s) => new(s.Uid, s.Definition, RegistryUids.ZeroAddress, false, "a product schema", "trustledger", "", true);
}

/// <summary>
/// Which schemas the relayer pays gas for: GET lists the product's schemas and the admin-allowed ones; an admin adds a
/// schema (PUT, with a reason; a schema with a hook only with allowHook) or removes it (DELETE). Anything not listed is
/// refused at intake with SchemaNotRelayed.
/// </summary>
public static class RelaySchemasApi
{
    public static RouteGroupBuilder MapRelaySchemas(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/relay/schemas").WithTags("Relayer");
        group.MapGet("/", List)
            .Documented("The schemas the relayer relays", "Public: the product's own schemas (`product: true`) and those an admin allowed, with hook, reason and who allowed it.")
            .Produces<List<RelayedSchemaView>>();
        group.MapPut("/{schema}", Allow).RequireAuthorization(Roles.Admin)
            .Documented("Allow a registered schema to be relayed",
                "Admin role. A hooked schema only with `allowHook: true`: its hook runs inside our batches on our gas. Its data is bounded by Relayer:MaxDataBytes and Relayer:MaxStringBytes.")
            .Produces<RelayedSchemaView>().WithProblems("product-schema", "UnknownSchema", "schema-has-hook")
            .WithRequestExample(new AllowSchemaRequest("a partner programme's delivery notes", false));
        group.MapDelete("/{schema}", Remove).RequireAuthorization(Roles.Admin)
            .Documented("Stop accepting requests under an allowed schema", "Admin role. Requests already accepted are still relayed.")
            .Produces(StatusCodes.Status204NoContent).WithProblems("not-found");
        return group;
    }

    private static async Task<IResult> List(Database db, CancellationToken ct) =>
        TypedResults.Ok(ProductSchemas.All.Select(RelayedSchemaView.Of).Concat((await RelaySchemas.ListAsync(db, ct)).Select(RelayedSchemaView.Of)).ToList());

    private static async Task<IResult> Allow(string schema, [FromBody] AllowSchemaRequest body, RelayValidator validator, Database db,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var f = new InputFields();
        var uid = f.Bytes32("schema", schema);
        var reason = f.Text("reason", body.Reason?.Trim(), 500, required: true);
        if (!f.Valid) return f.Problem();
        if (ProductSchemas.ByUid(uid) is not null)
            return Problems.Of(StatusCodes.Status409Conflict, "product-schema", "A product schema is always relayed", $"schema {uid} is the product's own");
        if (await validator.SchemaAsync(uid) is not { } registered)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "UnknownSchema", "The schema is not registered", $"no schema {uid} is registered");
        if (registered.Definition is null)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "UnknownSchema", "The schema cannot be read",
                $"the definition of schema {uid} cannot be read from its SchemaRegistered event");
        var hook = registered.Record.Hook.ToLowerInvariant();
        var hooked = hook != RegistryUids.ZeroAddress;
        if (hooked && body.AllowHook != true)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "schema-has-hook", "The schema has a hook",
                $"schema {uid} calls {hook} on every attestation, inside our batches and on our gas: allow it only on purpose, with allowHook: true");
        var entry = new AllowedSchema
        {
            SchemaUid = uid, Definition = registered.Definition.Text, Hook = hook, AllowHook = hooked, Reason = reason,
            AddedBy = user.Address()?.ToLowerHex() ?? "unknown", AddedAt = DateTimeOffset.UtcNow.ToString("O"),
        };
        await RelaySchemas.AllowAsync(db, entry, ct);
        return TypedResults.Ok(RelayedSchemaView.Of(entry));
    }

    private static async Task<IResult> Remove(string schema, Database db, CancellationToken ct)
    {
        var f = new InputFields();
        var uid = f.Bytes32("schema", schema);
        if (!f.Valid) return f.Problem();
        return await RelaySchemas.RemoveAsync(db, uid, ct) ? TypedResults.NoContent() : Problems.NotFound($"schema {uid} is not on the relay list");
    }
}
